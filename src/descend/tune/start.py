"""Where a study starts: its first trial at the documented default settings, in the space.

A search whose first trial is a known-good configuration never ends worse than the defaults,
and gives the sampler a good point from the first trial on (TPE's start-up trials are
otherwise all random). The defaults are the ones descend trains with and the literature
recommends: Adam with its rate 1e-3 (Kingma & Ba 2015, §2), mini-batches of 32 (Bengio 2012,
"Practical recommendations", §3.1: 32 is a good default; Masters & Luschi 2018), SGD's
momentum 0.9 (Sutskever et al. 2013), Adam's betas (0.9, 0.999), no weight decay and no dropout
(the space's smallest), the MLP's one hidden layer of 64 and the CNN's channels (16, 32) (the
defaults of :func:`descend.training.models.build_model`). For an estimator, its own parameters
as given. A setting the space does not search is left out; a value outside the space's range
is moved to the nearer end; a categorical setting whose choices lack the default is left to
the sampler.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from typing import Any

import optuna

from .. import optim
from .space import Space

__all__ = ["DEFAULTS", "starting_point", "advised_point"]

# The documented default of each train setting a space may search.
DEFAULTS: dict[str, Any] = {
    "optimizer": "adam",
    "batch_size": 32,
    "momentum": 0.9,
    "beta1": 0.9,
    "beta2": 0.999,
    "weight_decay": 0.0,
    "eps": 1e-8,
    "nesterov": False,
    "dropout": 0.0,
    "hidden": [64],
    "activation": "relu",
    "channels": [16, 32],
}


def starting_point(
    space: Space, defaults: Mapping[str, Any] | None = None, optimizer: str | None = None
) -> dict[str, Any]:
    """The documented defaults (``defaults``, :data:`DEFAULTS` when ``None``; ``lr`` the chosen
    optimizer's own default rate; ``optimizer``: the study's fixed one, if the space does not
    search it) as a point of ``space``, in Optuna's stored values (for
    ``study.enqueue_trial``): ranges clamped to their ends, list choices by their labels.

    >>> space = Space.parse({"optimizer": ["sgd", "adam"], "lr": {"low": 1e-2, "high": 1, "log": True},
    ...                      "batch_size": [16, 32, 64], "dropout": {"low": 0.1, "high": 0.5}})
    >>> starting_point(space)
    {'optimizer': 'adam', 'lr': 0.01, 'batch_size': 32, 'dropout': 0.1}
    """
    given = dict(DEFAULTS if defaults is None else defaults)
    point: dict[str, Any] = {}
    for name in sorted(space.distributions, key=lambda n: n != "optimizer"):  # the optimizer decides lr
        dist = space.distributions[name]
        if name == "lr" and "lr" not in given:
            rule = point.get("optimizer", space.fixed.get("optimizer", optimizer))
            if "optimizer" in space.distributions and "optimizer" not in point:
                rule = None  # the sampler picks the optimizer, so its rate too
            given["lr"] = _default_rate(rule) if isinstance(rule, str) else None
        value = _in_space(given.get(name), dist, space.encoded.get(name, {}))
        if value is not None:
            point[name] = value
    return point


def advised_point(space: Space, params: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any] | None:
    """A trial's stored ``params`` with the doctor's advised ``change`` (a finding's
    ``change``: ``{"lr": 0.0036}``...), moved into the space; ``None`` when the advice changes
    nothing, or a setting the trial did not draw from the space (advice such as a batch size
    with its rate is followed whole or not at all).

    >>> space = Space.parse({"optimizer": ["sgd", "adam"], "lr": {"low": 1e-4, "high": 0.1, "log": True}})
    >>> advised_point(space, {"optimizer": "adam", "lr": 1e-3}, {"lr": 0.0036})
    {'optimizer': 'adam', 'lr': 0.0036}
    >>> advised_point(space, {"optimizer": "adam", "lr": 1e-3}, {"batch_size": 8, "lr": 5e-4}) is None
    True
    """
    point = dict(params)
    for name, value in change.items():
        moved = _in_space(value, space.distributions[name], space.encoded.get(name, {})) if name in params else None
        if moved is None:
            return None  # advice the space cannot follow whole (a batch with its rate): not half of it
        point[name] = moved
    return point if change and point != dict(params) else None


def _default_rate(rule: str) -> float | None:
    """The optimizer's own default rate (Adam's 1e-3), ``None`` when it has none."""
    try:
        parameter = inspect.signature(optim.get(rule)).parameters.get("lr")
    except (KeyError, ValueError, TypeError):
        return None
    default = parameter.default if parameter is not None else None
    return float(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else None


def _in_space(value: Any, dist: optuna.distributions.BaseDistribution, labels: Mapping[str, Any]) -> Any:
    """``value`` as a stored value of ``dist``: clamped into a range, a choice or its label;
    ``None`` when the choices lack it."""
    if isinstance(dist, optuna.distributions.CategoricalDistribution):
        for choice in dist.choices:
            listed = isinstance(value, (list, tuple)) and list(labels.get(choice, ())) == list(value)
            if listed or (not isinstance(value, (list, tuple)) and choice == value):
                return choice
        return None
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    clamped = min(max(value, dist.low), dist.high)
    if isinstance(dist, optuna.distributions.IntDistribution):
        return int(dist.low + round((clamped - dist.low) / dist.step) * dist.step)
    step = getattr(dist, "step", None)
    return float(dist.low + round((clamped - dist.low) / step) * step) if step else float(clamped)
