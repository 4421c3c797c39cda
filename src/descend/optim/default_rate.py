"""The learning rate a rule takes when none is given, and the estimators' ``lr="default"``.

A rule's own default is read from the rule as it builds (``lr`` left out), not from a table
and not from its signature: an alias such as ``"momentum"`` may set its own, and SAM takes its
base rule's, which its signature does not show. It is what ``descend.train(lr=None)`` uses.

The estimators' ``lr="default"`` is that rate, but never below 1e-3, their fixed default
before (scikit-learn's MLP's ``learning_rate_init``): rules built for larger steps get them
(L-BFGS its unit step, Adadelta, Prodigy and LARS their multiplier 1, Adagrad and RMSprop
0.01), and no rule's rate goes down. Lion's own 1e-4, set for long large-batch runs, would
take the estimators' 200 epochs on standardized iris from log-loss 0.277 to 1.068 and on
wine from 0.018 to 0.917. scikit-learn wants a default of a plain type that ``get_params``
gives back unchanged, so the default is a name: an explicit ``lr=1e-3`` stays 1e-3 for every
rule.

Adam, the estimators' default rule, takes :data:`ESTIMATOR_ADAM_RATE` = 3e-3 instead of its own
1e-3: at 1e-3 the 200 epochs of batch 32 end with the loss still falling (an Adam step moves a
weight by about ``lr``), and ``GDClassifier()`` (fitting features raw, as then) reached a 5-fold CV
accuracy of 0.76 on raw iris and 0.85 on standardized iris (scikit-learn's ``LogisticRegression()``
0.96). Measured in
session 38 (``bench/estimator_defaults_s38_prereg.md``: candidates 1e-3 to 0.1, fitted on five
data sets, read once on five others, raw, standardized and with a column scaled by 1000):
3e-3 is the largest rate that loses nowhere; 1e-2 and above lose on raw features of scale
1-100, whose weights need smaller steps.
"""

from __future__ import annotations

from typing import Any

import torch

from ._registry import build

__all__ = ["ESTIMATOR_ADAM_RATE", "ESTIMATOR_MIN_RATE", "default_rate", "estimator_rate"]

ESTIMATOR_MIN_RATE = 1e-3  # the estimators' fixed default before lr="default"
ESTIMATOR_ADAM_RATE = 3e-3  # the estimators' lr="default" under Adam (session 38's measured round)


def default_rate(optimizer: Any, **hyper: Any) -> float:
    """The learning rate ``optimizer`` (a name, a ``torch.optim.Optimizer`` class or an
    instance) takes when ``lr`` is not given, with hyper-parameters ``hyper``.

    >>> default_rate("lbfgs"), default_rate("adagrad"), default_rate("sam")  # SAM: its base SGD's
    (1, 0.01, 0.001)
    """
    if isinstance(optimizer, torch.optim.Optimizer):
        return optimizer.defaults["lr"]
    return build(optimizer, [torch.nn.Parameter(torch.zeros(1))], **hyper).defaults["lr"]


def estimator_rate(lr: Any, optimizer: Any) -> Any:
    """The estimators' ``lr`` with ``"default"`` read for ``optimizer``: :data:`ESTIMATOR_ADAM_RATE`
    for ``"adam"``, else the rule's own default rate (:func:`default_rate`), at least
    :data:`ESTIMATOR_MIN_RATE`, as a float. Any other value (a number, ``"auto"``) is returned
    as it is.

    >>> estimator_rate("default", "lbfgs"), estimator_rate("default", "adam"), estimator_rate("default", "lion")
    (1.0, 0.003, 0.001)
    >>> estimator_rate(1e-3, "lbfgs"), estimator_rate("auto", "lbfgs")
    (0.001, 'auto')
    """
    if not (isinstance(lr, str) and lr == "default"):
        return lr
    if optimizer == "adam":
        return ESTIMATOR_ADAM_RATE
    return max(float(default_rate(optimizer)), ESTIMATOR_MIN_RATE)
