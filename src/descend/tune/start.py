"""Where a study starts: its first trial at ``train``'s default settings, in the space.

A search whose first trial is what ``descend.train`` does when nothing is set gives the sampler
a point from the first trial on (TPE's start-up trials are otherwise all random). A train study
runs it for :data:`DEFAULTS_EPOCHS` epoch only (the trial is marked :data:`AT_DEFAULTS`), then
prunes it, the doctor's advice on its rate queued next: a pruned trial is not a result, so a
train study can end worse than the defaults trained in full would (an estimator study runs its
first trial in full and cannot). The defaults are read where they are defined, never
restated: ``train``'s signature (Adam; batch 32, the full batch before session 33), the chosen optimizer's constructor
(Adam's rate 1e-3, Kingma & Ba 2015, and betas (0.9, 0.999); SGD's momentum 0; each rule's
own weight decay) and the built-in models' options
(:func:`descend.training.models.default_options`: the MLP's one hidden layer of 64, ReLU, no
dropout; the CNN's channels (16, 32)). For an estimator, its own
parameters as given. A setting the space does not search is left out; a value outside the
space's range is moved to the nearer end; a full batch (given as a default) is the largest
batch the space offers where it does not offer the full batch itself; another categorical setting whose
choices lack the default is left to the sampler, and so are the optimizer's own settings
when the optimizer is.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from typing import Any

import optuna

from .. import optim
from ..train import train
from ..training.models import default_options
from .space import Space, is_full_batch

__all__ = ["train_defaults", "starting_point", "advised_point", "AT_DEFAULTS", "DEFAULTS_EPOCHS"]

# The user attribute of the trial queued at the defaults, and the epochs it trains: the first
# rung of successive halving, enough for the doctor to measure its rate and for the sampler and
# the pruner to place it (session 21: in the bench the defaults never ended as a search's best,
# and a full trial at them cost up to 8 epochs a search).
AT_DEFAULTS = "at_defaults"
DEFAULTS_EPOCHS = 1

# The settings a space may search whose default is a train keyword's.
_TRAIN_SETTINGS = ("optimizer", "batch_size", "epochs", "schedule")
# The constructor arguments that are a searched setting: betas is searched as beta1, beta2.
_OPTIMIZER_SETTINGS = ("lr", "momentum", "weight_decay", "eps", "nesterov", "betas")


def train_defaults(optimizer: str | None = None) -> dict[str, Any]:
    """What ``descend.train`` uses for each setting a space may search when it is not given:
    ``optimizer``, ``batch_size`` (32), ``epochs`` and ``schedule``
    from ``train``'s signature,
    the optimizer's settings (``optimizer``, else train's) from its constructor's signature,
    the options of the built-in MLP and CNN from their builder.

    >>> d = train_defaults()
    >>> d["optimizer"], d["lr"], d["batch_size"], d["beta2"], d["hidden"]
    ('adam', 0.001, 32, 0.999, (64,))
    >>> train_defaults("sgd")["momentum"]
    0
    """
    defaults: dict[str, Any] = {name: _train_default(name) for name in _TRAIN_SETTINGS}
    rule = defaults["optimizer"] = optimizer if optimizer is not None else defaults["optimizer"]
    for name, value in _constructor_defaults(rule).items():
        if name == "betas":
            defaults["beta1"], defaults["beta2"] = value
        else:
            defaults[name] = value
    return {**defaults, **default_options("mlp"), **default_options("cnn")}


def starting_point(
    space: Space,
    defaults: Mapping[str, Any] | None = None,
    optimizer: str | None = None,
    n_train: int | None = None,
) -> dict[str, Any]:
    """The defaults (``defaults``; :func:`train_defaults` of the optimizer the point takes when
    ``None``; ``optimizer``: the study's fixed one, if the space does not search it) as a
    point of ``space``, in Optuna's stored values (for ``study.enqueue_trial``): ranges
    clamped to their ends, list choices by their labels; a default batch larger than the
    ``n_train`` training examples is the full batch, as ``train`` takes it.

    >>> space = Space.parse({"optimizer": ["sgd", "adam"], "lr": {"low": 1e-2, "high": 1, "log": True},
    ...                      "batch_size": [16, 32, 64], "dropout": {"low": 0.1, "high": 0.5}})
    >>> starting_point(space)
    {'optimizer': 'adam', 'lr': 0.01, 'batch_size': 32, 'dropout': 0.1}
    >>> starting_point(Space.parse({"batch_size": [16, "full"]}), n_train=30)  # train's 32 on 30 examples
    {'batch_size': 'full'}
    """
    rule = space.fixed.get("optimizer", optimizer)
    own_rule = True  # whether the optimizer's own settings are at their defaults in the point
    if defaults is None:
        if "optimizer" in space.distributions:
            rule = _in_space(_train_default("optimizer"), space.distributions["optimizer"], {})
            own_rule = rule is not None  # not a choice: the sampler picks it, so its settings too
        given = train_defaults(rule if isinstance(rule, str) else None)
    else:
        given = dict(defaults)
    point: dict[str, Any] = {}
    for name, dist in space.distributions.items():
        if not own_rule and name in _OPTIMIZER_SETTINGS + ("beta1", "beta2"):
            continue
        value = given.get(name)
        if (
            name == "batch_size"
            and name in given
            and (is_full_batch(value) or (n_train is not None and value > n_train))
        ):
            value = _full_batch(dist)
        value = _in_space(value, dist, space.encoded.get(name, {}))
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


def _train_default(name: str) -> Any:
    """``descend.train``'s default for its keyword ``name``."""
    return inspect.signature(train).parameters[name].default


def _constructor_defaults(rule: str) -> dict[str, Any]:
    """The defaults of the optimizer ``rule``'s constructor among the searched settings."""
    try:
        parameters = inspect.signature(optim.get(rule)).parameters
    except (KeyError, ValueError, TypeError):
        return {}
    return {
        name: parameters[name].default
        for name in _OPTIMIZER_SETTINGS
        if name in parameters and parameters[name].default is not inspect.Parameter.empty
    }


def _full_batch(dist: optuna.distributions.BaseDistribution) -> Any:
    """The full batch in ``dist``: itself where it is a choice, else the largest batch."""
    if isinstance(dist, optuna.distributions.CategoricalDistribution):
        full = [c for c in dist.choices if is_full_batch(c)]
        sizes = [c for c in dist.choices if isinstance(c, int) and not isinstance(c, bool)]
        return full[0] if full else max(sizes, default=None)
    return getattr(dist, "high", None)


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
