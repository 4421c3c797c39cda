"""The values a space searches, checked as ``train`` checks them, before any trial: a choice or
a range's end that ``train`` refuses (``lr: [-0.1, 0.1]``, ``weight_decay: {low: -1, high: 1}``,
``epochs: [0, 5]``) is one error naming the setting, the value and what is allowed, not a study
that stops at whichever trial first draws it, with ``train``'s message and no word of the space.

A range is checked at its two ends (its values lie between them, and every check here is a
bound); a choice each. The checks are ``train``'s own: :func:`descend.optim.build` for the rate,
:func:`descend.optim.create` for an optimizer's hyper-parameters (with an optimizer that takes
them), :func:`descend._checks.number` for the epochs and a batch size, :func:`descend.schedules.for_run`
for a schedule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import optuna
import torch

from .. import optim, schedules
from .._checks import InvalidArgument, number

__all__ = ["bounding_values", "check_values"]

# The optimizer whose own checks judge each hyper-parameter, and what it is built with besides.
_JUDGE = {
    "momentum": ("sgd", {}),
    "weight_decay": ("sgd", {}),
    "nesterov": ("sgd", {"momentum": 0.9}),
    "beta1": ("adam", {}),
    "beta2": ("adam", {}),
    "eps": ("adam", {}),
}

_STEPS = 100  # a run's length for a schedule's check: long enough for any warm-up


def bounding_values(dist: Any, labels: Mapping[Any, Any] | None = None) -> list[tuple[str, Any]]:
    """The values of a searched setting that bound what a trial takes, each with where it stands:
    every choice of a categorical ``dist`` (decoded through ``labels``, a list's label to the
    list), or a range's two ends.

    >>> bounding_values(optuna.distributions.FloatDistribution(1e-4, 1.0, log=True))
    [('low', 0.0001), ('high', 1.0)]
    >>> bounding_values(optuna.distributions.CategoricalDistribution(["a", "b"]), {"b": [8, 8]})
    [('choice', 'a'), ('choice', [8, 8])]
    """
    if isinstance(dist, optuna.distributions.CategoricalDistribution):
        return [("choice", (labels or {}).get(v, v)) for v in dist.choices]
    return [("low", dist.low), ("high", dist.high)]


def check_values(name: str, values: Iterable[tuple[str, Any]]) -> None:
    """Refuse any of ``values`` (``(where, value)`` pairs of the setting ``name``:
    :func:`bounding_values`) that ``train`` would refuse for it; names it does not know are left
    to their own checks.

    >>> check_values("lr", [("choice", 0.1), ("choice", "auto")])
    >>> check_values("lr", [("choice", -0.1), ("choice", 0.1)])
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: lr: choice -0.1 cannot be trained: lr must be a finite number > 0, got -0.1
    >>> check_values("weight_decay", [("low", -1.0), ("high", 1.0)])
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: weight_decay: low -1.0 cannot be trained: weight_decay must be a number >= 0, got -1.0
    """
    for where, value in values:
        try:
            _check(name, value)
        except (ValueError, TypeError) as err:  # InvalidArgument is both
            raise InvalidArgument(f"space: {name}: {where} {value!r} cannot be trained: {err}") from None


def _check(name: str, value: Any) -> None:
    if name == "lr":
        if value != "auto":
            optim.build("sgd", [torch.zeros(1, requires_grad=True)], lr=value)
    elif name == "schedule":
        if value is not None:
            schedules.for_run(value, torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1), _STEPS)
    elif name == "epochs":
        number("epochs", value, integer=True, ge=1)
    elif name == "batch_size" and not isinstance(value, str):  # a range's end ("full" is a choice's)
        number("batch_size", value, integer=True, ge=1)
    elif name in _JUDGE:
        rule, besides = _JUDGE[name]
        hyper = (
            {"betas": (value, 0.999) if name == "beta1" else (0.9, value)} if name.startswith("beta") else {name: value}
        )
        optim.create(rule, [torch.zeros(1, requires_grad=True)], **besides, **hyper)
