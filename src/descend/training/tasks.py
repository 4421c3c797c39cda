"""The two tasks a run can have, and the one rule for when a run is a classifier."""

from __future__ import annotations

from typing import Any

from .loss_modules import classifies, module_kind

__all__ = ["TASKS", "is_classifier", "task_of"]

TASKS = ("classification", "regression")


def is_classifier(model: Any, loss: Any) -> bool:
    """Whether a run's named model or loss makes it a classifier (what then says that 0/1
    targets stored as floats are class labels, not numbers to regress on): a classifier's name,
    or a torch loss module that takes only class labels (``BCEWithLogitsLoss``, ``NLLLoss``).

    >>> is_classifier("logistic", None), is_classifier("mlp", "cross_entropy"), is_classifier("mlp", None)
    (True, True, False)
    """

    def name(value: Any) -> Any:
        return value.strip().lower().replace("-", "_") if isinstance(value, str) else value

    return name(model) in ("logistic", "softmax") or name(loss) in ("bce", "cross_entropy") or classifies(loss)


def task_of(model: Any, loss: Any) -> str | None:
    """The task a run's named model or loss says: ``"classification"`` for a classifier
    (:func:`is_classifier`), ``"regression"`` for a regression loss (``"mse"``, ``"mae"``,
    ``"huber"``, or a torch module of those kinds), so that integer targets are numbers to
    regress on; ``None`` where the labels' type decides.

    >>> task_of("mlp", "mse"), task_of("mlp", "bce"), task_of("mlp", None)
    ('regression', 'classification', None)
    """
    if is_classifier(model, loss):
        return "classification"
    name = loss.strip().lower() if isinstance(loss, str) else module_kind(loss)
    return "regression" if name in ("mse", "mae", "huber") else None
