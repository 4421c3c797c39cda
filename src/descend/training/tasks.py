"""The two tasks a run can have, and the one rule for when a run is a classifier."""

from __future__ import annotations

from typing import Any

from .._checks import InvalidArgument
from .loss_modules import classifies, module_kind

__all__ = ["TASKS", "is_classifier", "task_of", "check_model_loss"]

_REGRESSION_LOSSES = ("mse", "mae", "huber")
_CLASSIFIER_LOSS = {"logistic": "bce", "softmax": "cross_entropy"}

TASKS = ("classification", "regression")


def _name(value: Any) -> Any:
    return value.strip().lower().replace("-", "_") if isinstance(value, str) else value


def is_classifier(model: Any, loss: Any) -> bool:
    """Whether a run's named model or loss makes it a classifier (what then says that 0/1
    targets stored as floats are class labels, not numbers to regress on): a classifier's name,
    or a torch loss module that takes only class labels (``BCEWithLogitsLoss``, ``NLLLoss``).

    >>> is_classifier("logistic", None), is_classifier("mlp", "cross_entropy"), is_classifier("mlp", None)
    (True, True, False)
    """
    return _name(model) in _CLASSIFIER_LOSS or _name(loss) in ("bce", "cross_entropy") or classifies(loss)


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
    return "regression" if name in _REGRESSION_LOSSES else None


def check_model_loss(model: Any, loss: Any) -> None:
    """Raise where a named classifier (``"logistic"``, ``"softmax"``) is given a regression loss
    (``"mse"``, ``"mae"``, ``"huber"``, or a torch module of those kinds): its outputs are class
    logits, not numbers to compare with the labels; an MLP or a linear model regresses on labels.

    >>> check_model_loss("logistic", "mse")
    Traceback (most recent call last):
    ...
    descend._checks.InvalidArgument: model 'logistic' is a classifier (its outputs are class logits, trained with loss 'bce', the default), but loss 'mse' is a regression loss; to regress on the labels as numbers use model 'linear' or 'mlp' with loss 'mse'
    """
    model_name = _name(model)
    loss_name = _name(loss) if isinstance(loss, str) else module_kind(loss)
    if model_name in _CLASSIFIER_LOSS and loss_name in _REGRESSION_LOSSES:
        raise InvalidArgument(
            f"model {model_name!r} is a classifier (its outputs are class logits, trained with loss "
            f"{_CLASSIFIER_LOSS[model_name]!r}, the default), but loss {loss_name!r} is a regression loss; "
            f"to regress on the labels as numbers use model 'linear' or 'mlp' with loss {loss_name!r}"
        )
