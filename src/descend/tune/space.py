"""The search space of a study: what each of ``train``'s settings may take, as Optuna
distributions.

A space is a mapping from a setting's name to

- a list: the choices of a categorical parameter (``optimizer: [sgd, adam]``,
  ``hidden: [[64], [128, 64]]``, ``batch_size: [32, 64, full]``);
- a mapping ``{low, high[, log][, step][, type]}``: a range, of floats or integers (``type``;
  by default integers for ``epochs`` and ``batch_size``, floats for the others), sampled on a
  log scale with ``log: true`` (``lr: {low: 1e-4, high: 1, log: true}``);
- a single value: a fixed setting, not searched.

The names are :data:`TRAIN_PARAMETERS` for a ``train`` study (optimizer hyper-parameters
are only drawn for optimizers that take them: ``momentum`` for SGD, ``beta1``/``beta2`` for
Adam's family); for an estimator, its own parameters (``get_params``). Each range is
checked by pydantic; a wrong name, kind or bound is one clear error naming it (each entry's
distribution: :mod:`descend.tune._space_distributions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import optuna
import torch

from .. import optim
from .._checks import InvalidArgument
from .._names import did_you_mean
from ._space_distributions import RANGE_KEYS, SCALARS, categorical, is_full_batch, range_distribution
from .space_values import bounding_values, check_values

__all__ = [
    "Space",
    "TRAIN_PARAMETERS",
    "HYPER_PARAMETERS",
    "MODEL_OPTIONS",
    "default_space",
    "settings_of",
    "estimator_params",
    "is_full_batch",
    "takes",
    "SCALARS",
]

# The settings a train study searches, and where each goes: a train keyword, an optimizer
# hyper-parameter, or a model option.
_TRAIN_KEYWORDS = ("optimizer", "lr", "batch_size", "schedule", "epochs")
HYPER_PARAMETERS = ("momentum", "weight_decay", "beta1", "beta2", "nesterov", "eps")
MODEL_OPTIONS = ("hidden", "activation", "dropout", "channels")
TRAIN_PARAMETERS = _TRAIN_KEYWORDS + HYPER_PARAMETERS + MODEL_OPTIONS


@dataclass(frozen=True)
class Space:
    """A checked search space: ``distributions`` (name -> Optuna distribution) and ``fixed``
    (name -> value). Build it with :meth:`parse`.

    >>> space = Space.parse({"optimizer": ["sgd", "adam"], "lr": {"low": 1e-4, "high": 1, "log": True}})
    >>> sorted(space.distributions), type(space.distributions["lr"]).__name__
    (['lr', 'optimizer'], 'FloatDistribution')
    """

    distributions: dict[str, optuna.distributions.BaseDistribution]
    fixed: dict[str, Any]
    encoded: dict[str, dict[str, Any]]  # categorical choices Optuna cannot store (lists): label -> value

    @classmethod
    def parse(cls, spec: Mapping[str, Any], known: Iterable[str] = TRAIN_PARAMETERS) -> Space:
        """The space ``spec`` describes, its names among ``known``; a clear error otherwise."""
        known = tuple(known)
        if not isinstance(spec, Mapping):
            raise InvalidArgument(
                f"space: expected a mapping of setting -> choices or range, got {type(spec).__name__} {spec!r}"
            )
        if not spec:
            raise InvalidArgument(
                "space: empty: give at least one setting to search (e.g. lr: {low: 1e-4, high: 1, log: true}), "
                "or leave the space out for the default one"
            )
        distributions, fixed, encoded = {}, {}, {}
        for name, value in spec.items():
            key = str(name).replace("-", "_")
            if key == "betas":
                raise InvalidArgument(
                    "space: betas: search beta1 and beta2, each a range (e.g. beta2: {low: 0.9, high: 0.9999})"
                )
            if key not in known:
                raise InvalidArgument(
                    f"space: unknown setting {name!r}.{did_you_mean(key, known)} Known: {', '.join(known)}."
                )
            if isinstance(value, (list, tuple)):
                distributions[key], labels = categorical(key, value)
                if labels:
                    encoded[key] = labels
            elif isinstance(value, Mapping):
                distributions[key] = range_distribution(key, value)
            elif value is None or isinstance(value, SCALARS):
                fixed[key] = value
                continue
            else:  # an array, a set, a range(), an Optuna distribution: neither choices nor one value
                raise InvalidArgument(
                    f"space: {name}: got {type(value).__name__} {value!r}; give a list of choices [a, b], "
                    f"a range {RANGE_KEYS} or one value (a name or a number) to fix it"
                )
            check_values(key, bounding_values(distributions[key], encoded.get(key)))
        if not distributions:
            names = ", ".join(fixed)
            raise InvalidArgument(
                f"space: nothing to search: {names} is a fixed value; give it a list or a range"
                if len(fixed) == 1
                else f"space: nothing to search: {names} are all fixed values; give one a list or a range"
            )
        return cls(distributions, fixed, encoded)

    def suggest(self, trial: optuna.Trial, optimizer: str | None = None) -> dict[str, Any]:
        """One point of the space, drawn by ``trial``: optimizer hyper-parameters only where
        the chosen optimizer (or the study's fixed ``optimizer``) takes them."""
        chosen: dict[str, Any] = dict(self.fixed)
        for name in self.order():
            rule = chosen.get("optimizer", optimizer)
            if name in HYPER_PARAMETERS and isinstance(rule, str) and not takes(rule, name):
                continue
            value = _draw(trial, name, self.distributions[name])
            chosen[name] = self.encoded.get(name, {}).get(value, value)
        return chosen

    def order(self) -> list[str]:
        """The searched settings in the order a trial draws them: the optimizer first (it decides
        which hyper-parameters are drawn), then the others as the space lists them.

        >>> Space.parse({"lr": [0.1, 1.0], "hidden": [[8], [16]], "optimizer": ["sgd", "adam"]}).order()
        ['optimizer', 'lr', 'hidden']
        """
        return sorted(self.distributions, key=lambda name: name != "optimizer")

    def decode(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """A trial's stored ``params`` as settings (labels of list choices back to lists), the
        fixed ones first, then the searched ones in the :meth:`order` they are drawn in, whatever
        the order the trial holds them in (that of the space a resumed study was given then).

        >>> space = Space.parse({"lr": [0.1, 1.0], "hidden": [[8], [16, 8]]})
        >>> space.decode({"hidden": "16x8", "lr": 0.1})
        {'lr': 0.1, 'hidden': [16, 8]}
        """
        return {**self.fixed, **self.drawn(params)}

    def drawn(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """A trial's stored ``params`` decoded, without the fixed settings, in the :meth:`order`
        they are drawn in (a name the space does not search last, as it is).

        >>> Space.parse({"lr": [0.1, 1.0], "hidden": [[8], [16, 8]], "epochs": 3}).drawn({"hidden": "8", "lr": 1.0})
        {'lr': 1.0, 'hidden': [8]}
        """
        names = [name for name in self.order() if name in params] + [n for n in params if n not in self.distributions]
        return {name: self.encoded.get(name, {}).get(params[name], params[name]) for name in names}


def default_space(model: Any = None, optimizer: str | None = None) -> dict[str, Any]:
    """The space searched when none is given: optimizer (SGD with momentum or Adam), a log
    range of rates, momentum, weight decay, batch size, and for an MLP its hidden layers and
    dropout. With the study's ``optimizer`` fixed, only the hyper-parameters it takes, and no
    batch size for a rule of full-batch gradients (lbfgs, rprop: train's full batch).

    >>> sorted(default_space("mlp"))
    ['batch_size', 'dropout', 'hidden', 'lr', 'momentum', 'optimizer', 'weight_decay']
    >>> sorted(default_space(optimizer="adam")), sorted(default_space(optimizer="lbfgs"))
    (['batch_size', 'lr', 'weight_decay'], ['lr'])
    """
    space: dict[str, Any] = {
        "optimizer": ["sgd", "adam"],
        "lr": {"low": 1e-4, "high": 1.0, "log": True},
        "momentum": {"low": 0.0, "high": 0.99},
        "weight_decay": {"low": 1e-7, "high": 1e-2, "log": True},
        "batch_size": [16, 32, 64],
    }
    if optimizer is not None:
        del space["optimizer"]
        for hyper in ("momentum", "weight_decay"):
            if not takes(optimizer, hyper):
                del space[hyper]  # never drawn: the study's own check refuses it
        if optim.full_batch_rule(optimizer):
            del space["batch_size"]
    if model == "mlp":
        space["hidden"] = [[32], [64], [128], [64, 64], [128, 64]]
        space["dropout"] = {"low": 0.0, "high": 0.5}
    return space


def settings_of(params: Mapping[str, Any]) -> dict[str, Any]:
    """``train``'s keyword arguments for the settings ``params`` (a point of a train space):
    optimizer hyper-parameters as keywords (``beta1``/``beta2`` as ``betas``), model
    options under ``model_options``, ``batch_size: full`` as ``None``.

    >>> settings_of({"lr": 0.1, "beta2": 0.99, "hidden": [32], "batch_size": "full"})
    {'lr': 0.1, 'batch_size': None, 'betas': (0.9, 0.99), 'model_options': {'hidden': [32]}}
    """
    out: dict[str, Any] = {}
    options = {k: v for k, v in params.items() if k in MODEL_OPTIONS}
    for key, value in params.items():
        if key == "batch_size" and is_full_batch(value):
            out[key] = None
        elif key not in MODEL_OPTIONS and key not in ("beta1", "beta2"):
            out[key] = value
    if "beta1" in params or "beta2" in params:
        out["betas"] = (float(params.get("beta1", 0.9)), float(params.get("beta2", 0.999)))
    if options:
        out["model_options"] = options
    return out


def estimator_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """An estimator's parameters for the settings ``params`` (a point of an estimator's space):
    a list as a tuple (``hidden_layer_sizes``), ``batch_size: full`` as ``None``.

    >>> estimator_params({"hidden_layer_sizes": [16, 8], "batch_size": "full", "lr": 0.1})
    {'hidden_layer_sizes': (16, 8), 'batch_size': None, 'lr': 0.1}
    """
    return {
        k: None if k == "batch_size" and is_full_batch(v) else tuple(v) if isinstance(v, list) else v
        for k, v in params.items()
    }


def _draw(trial: optuna.Trial, name: str, dist: optuna.distributions.BaseDistribution) -> Any:
    """``trial``'s value for ``name`` from ``dist``, through Optuna's public suggest calls."""
    if isinstance(dist, optuna.distributions.CategoricalDistribution):
        return trial.suggest_categorical(name, dist.choices)
    if isinstance(dist, optuna.distributions.IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, step=dist.step, log=dist.log)
    return trial.suggest_float(name, dist.low, dist.high, step=dist.step, log=dist.log)


def takes(optimizer: str, hyper: str) -> bool:
    """Whether the optimizer called ``optimizer`` takes the hyper-parameter ``hyper``.

    >>> takes("sgd", "momentum"), takes("adam", "momentum"), takes("adam", "beta2"), takes("adam", "eps")
    (True, False, True, True)
    """
    name = "betas" if hyper in ("beta1", "beta2") else hyper
    value: Any = {"betas": (0.9, 0.999), "nesterov": False, "eps": 1e-8}.get(name, 0.0)
    try:
        optim.create(optimizer, [torch.zeros(1, requires_grad=True)], **{name: value})
    except InvalidArgument:  # a TypeError too, but not an unknown name: one of descend's value checks
        return True
    except TypeError:
        return False
    except ValueError:
        return True  # the name is known; a value check failed
    return True
