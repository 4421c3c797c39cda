"""The torch loss modules that are one of the built-in losses (:mod:`descend.training.losses`):
``torch.nn.CrossEntropyLoss()`` is ``"cross_entropy"`` with its own settings (weight,
label smoothing, reduction), so that a run checks and reads its data as it does for the name.

``torch.nn.BCELoss()`` is binary cross-entropy on probabilities (a model ending in a sigmoid):
of kind ``"bce"`` as ``BCEWithLogitsLoss``, its outputs read as the logits
``logit(p) = log p - log(1 - p)``, each log clamped at -100 as ``BCELoss`` clamps it, so that
the per-example record's probability, margin and prediction (``p > 1/2``) are the module's.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor, nn

__all__ = ["module_kind", "classifies", "takes_probabilities", "probability_logits", "decision_threshold"]

# Exact classes: a subclass may compute something else in its own forward, so it stays a plain
# callable. NLLLoss on log-probabilities is softmax cross-entropy (log_softmax of log-softmax
# outputs is themselves), and SmoothL1Loss is Huber's loss up to its scale 1/beta.
_KINDS: dict[type, str] = {
    nn.MSELoss: "mse",
    nn.L1Loss: "mae",
    nn.HuberLoss: "huber",
    nn.SmoothL1Loss: "huber",
    nn.BCEWithLogitsLoss: "bce",
    nn.BCELoss: "bce",  # on probabilities: see takes_probabilities
    nn.CrossEntropyLoss: "cross_entropy",
    nn.NLLLoss: "cross_entropy",
}


def module_kind(loss: Any) -> str | None:
    """The built-in loss that the torch loss module ``loss`` computes, ``None`` for anything else.

    >>> module_kind(nn.BCEWithLogitsLoss()), module_kind(nn.NLLLoss()), module_kind("mse")
    ('bce', 'cross_entropy', None)
    """
    return _KINDS.get(type(loss))


def classifies(loss: Any) -> bool:
    """Whether the loss module ``loss`` takes only class labels: binary cross-entropy and
    negative log-likelihood (``CrossEntropyLoss`` also takes probabilities, one per class, so
    its labels are read as such only where they are one number per example).

    >>> classifies(nn.BCEWithLogitsLoss()), classifies(nn.BCELoss()), classifies(nn.CrossEntropyLoss())
    (True, True, False)
    """
    return type(loss) in (nn.BCEWithLogitsLoss, nn.BCELoss, nn.NLLLoss)


def takes_probabilities(loss: Any) -> bool:
    """Whether ``loss`` (a loss module, or a run's loss function around one) is binary
    cross-entropy on probabilities, ``torch.nn.BCELoss``, whose model outputs ``p`` in [0, 1].

    >>> takes_probabilities(nn.BCELoss()), takes_probabilities(nn.BCEWithLogitsLoss()), takes_probabilities("bce")
    (True, False, False)
    """
    return type(getattr(loss, "module", loss)) is nn.BCELoss


def probability_logits(p: Tensor) -> Tensor:
    """The logits of probabilities ``p``, ``log p - log(1 - p)`` with each log clamped at
    -100 as ``torch.nn.BCELoss`` clamps it (so ``p`` of 0 or 1 gives -100 or 100, not an
    infinity): ``sigmoid`` of them gives ``p`` back, ``logsigmoid`` the log the loss uses.

    >>> probability_logits(torch.tensor([0.5, 0.8, 1.0, 0.0]))
    tensor([   0.0000,    1.3863,  100.0000, -100.0000])
    """
    return torch.log(p).clamp(min=-100) - torch.log1p(-p).clamp(min=-100)


def decision_threshold(loss: Any) -> float:
    """Where a one-output binary classifier trained with ``loss`` predicts class 1: outputs
    above 1/2 for probabilities (``torch.nn.BCELoss``), above 0 for logits.

    >>> decision_threshold(nn.BCELoss()), decision_threshold("bce")
    (0.5, 0.0)
    """
    return 0.5 if takes_probabilities(loss) else 0.0
