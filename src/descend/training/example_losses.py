"""A run's loss made per-example, for the per-example record
(:mod:`descend.training.examples_tracking`): one value per example of a batch, where the run
itself uses the batch mean."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument
from . import losses
from .loss_modules import module_kind

__all__ = ["per_example_loss", "is_cross_entropy"]


def per_example_loss(loss: Any) -> Callable[[Tensor, Tensor], Tensor]:
    """The per-example form of the run's ``loss``: a built-in name, a loss module with a
    ``reduction`` attribute (``torch.nn.CrossEntropyLoss()``), or a callable that takes
    ``reduction="none"``; anything else cannot be split into one value per example.

    >>> per_example_loss("mse")(torch.tensor([1.0, 3.0]), torch.tensor([1.0, 1.0]))
    tensor([0., 4.])
    """
    if isinstance(loss, str):
        fn = losses.get(loss)
        return lambda out, y: fn(out, y, reduction="none")
    if module_kind(loss) is not None:  # as the run calls it: (n, 1) outputs aligned with (n,) targets
        as_run = losses.get(loss)
        return lambda out, y: _per_row(as_run(out, y, reduction="none"))
    if isinstance(loss, torch.nn.Module) and isinstance(getattr(loss, "reduction", None), str):
        module = copy.copy(loss)
        module.reduction = "none"
        return lambda out, y: _per_row(module(out, y))
    fn = getattr(loss, "fn", None)  # the estimators' objective: a built-in loss plus a penalty
    if callable(fn) and _takes_reduction(fn):
        return lambda out, y: fn(out, y, reduction="none")
    if callable(loss) and _takes_reduction(loss):
        return lambda out, y: _per_row(loss(out, y, reduction="none"))
    raise InvalidArgument(
        f"track_examples needs a loss that gives one value per example, got loss={_name(loss)}, "
        "which takes no reduction argument; give a built-in loss name "
        f"({', '.join(losses.names())}), a torch.nn loss module, or a function that accepts "
        "reduction='none', or set track_examples=False"
    )


def is_cross_entropy(loss: Any) -> bool:
    """Whether ``loss`` (a name, or the estimators' objective around a built-in loss) is the
    built-in softmax cross-entropy, which is minus the log-probability of the label.

    >>> is_cross_entropy("cross_entropy"), is_cross_entropy("mse")
    (True, False)
    """
    fn = losses.get(loss) if isinstance(loss, str) else getattr(loss, "fn", loss)
    return fn is losses.cross_entropy


def _per_row(values: Tensor) -> Tensor:
    # A loss with reduction="none" may keep each example's elements: their mean, as the
    # built-in losses do.
    return values.reshape(len(values), -1).mean(dim=1) if values.ndim > 1 else values


def _takes_reduction(fn: Callable) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "reduction" or p.kind is p.VAR_KEYWORD for p in params)


def _name(loss: Any) -> str:
    return getattr(loss, "__qualname__", None) or type(loss).__qualname__
