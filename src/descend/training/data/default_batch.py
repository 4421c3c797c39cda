"""The default batches read for the rule: the estimators' ``batch_size="default"`` and
``train``'s and ``lr_find``'s default (``TRAIN_BATCH_SIZE``, ``DEFAULT_BATCH_SIZE``), 32, or
the full batch for a rule of full-batch gradients (L-BFGS, Rprop).

scikit-learn wants a default of a plain type that ``get_params`` gives back unchanged, so the
default is a name rather than a marked ``int`` (``train``'s ``TRAIN_BATCH_SIZE``): an explicit
``batch_size=32`` stays a batch of 32 for every rule.
"""

from __future__ import annotations

from typing import Any

from ... import optim
from .checks import is_default_batch

__all__ = ["DEFAULT_BATCH", "default_batch", "rule_batch"]

DEFAULT_BATCH = 32  # what batch_size="default" means for a rule of mini-batch gradients


def default_batch(batch_size: Any, optimizer: Any) -> Any:
    """``batch_size`` with ``"default"`` read for ``optimizer``: the full batch (``None``) for
    L-BFGS and Rprop, whose line search and sign steps need the function's own gradient,
    else 32. Any other value (a number, ``None``, ``"auto"``) is returned as it is.

    >>> default_batch("default", "adam"), default_batch("default", "lbfgs"), default_batch(32, "lbfgs")
    (32, None, 32)
    """
    if batch_size != "default":
        return batch_size
    return None if optim.full_batch_rule(optimizer) else DEFAULT_BATCH


def rule_batch(batch_size: Any, optimizer: Any) -> Any:
    """``batch_size`` as ``train`` and ``lr_find`` take it for ``optimizer``: the full batch
    (``None``) where it is their default (:func:`~descend.training.data.checks.is_default_batch`)
    and ``optimizer`` is L-BFGS or Rprop, on whose mini-batches the line search stalls and the
    signs flip; else as given.

    >>> from descend.training.data.checks import TRAIN_BATCH_SIZE
    >>> rule_batch(TRAIN_BATCH_SIZE, "lbfgs"), rule_batch(TRAIN_BATCH_SIZE, "adam"), rule_batch(32, "lbfgs")
    (None, 32, 32)
    """
    return None if is_default_batch(batch_size) and optim.full_batch_rule(optimizer) else batch_size
