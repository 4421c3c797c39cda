"""The torch loss modules that are one of the built-in losses (:mod:`descend.training.losses`):
``torch.nn.CrossEntropyLoss()`` is ``"cross_entropy"`` with its own settings (weight,
label smoothing, reduction), so that a run checks and reads its data as it does for the name."""

from __future__ import annotations

from typing import Any

from torch import nn

__all__ = ["module_kind", "classifies"]

# Exact classes: a subclass may compute something else in its own forward, so it stays a plain
# callable. NLLLoss on log-probabilities is softmax cross-entropy (log_softmax of log-softmax
# outputs is themselves), and SmoothL1Loss is Huber's loss up to its scale 1/beta.
_KINDS: dict[type, str] = {
    nn.MSELoss: "mse",
    nn.L1Loss: "mae",
    nn.HuberLoss: "huber",
    nn.SmoothL1Loss: "huber",
    nn.BCEWithLogitsLoss: "bce",
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

    >>> classifies(nn.BCEWithLogitsLoss()), classifies(nn.CrossEntropyLoss()), classifies(nn.MSELoss())
    (True, False, False)
    """
    return type(loss) in (nn.BCEWithLogitsLoss, nn.NLLLoss)
