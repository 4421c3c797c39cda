"""Optimizers by name: ``create("adam", params, lr=1e-3)``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any

import torch

from .._names import Registry, did_you_mean
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .lion import Lion
from .nadam import NAdam
from .prodigy import Prodigy
from .radam import RAdam
from .rmsprop import RMSprop
from .schedule_free import ScheduleFreeAdamW
from .sgd import GD, SGD

_RULES: Registry[Callable[..., torch.optim.Optimizer]] = Registry("optimizer", {
    "gd": GD,
    "sgd": SGD,
    "momentum": functools.partial(SGD, momentum=0.9),
    "nesterov": functools.partial(SGD, momentum=0.9, nesterov=True),
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adadelta": Adadelta,
    "adam": Adam,
    "adamw": AdamW,
    "nadam": NAdam,
    "radam": RAdam,
    "lion": Lion,
    "schedulefree_adamw": ScheduleFreeAdamW,
    "adamw_schedulefree": ScheduleFreeAdamW,  # the authors' class name, AdamWScheduleFree
    "prodigy": Prodigy,
})


def names() -> list[str]:
    """The names ``create`` knows, aliases included.

    >>> names()[:4]
    ['gd', 'sgd', 'momentum', 'nesterov']
    """
    return _RULES.names()


def get(name: str) -> Callable[..., torch.optim.Optimizer]:
    """The optimizer class (or alias partial) called ``name``, case-insensitively.

    >>> get("Adam").__name__
    'Adam'
    """
    return _RULES.get(name)


def _hyper_names(rule: Callable[..., Any]) -> list[str]:
    target = rule.func if isinstance(rule, functools.partial) else rule
    return [n for n in inspect.signature(target).parameters if n != "params"]


def create(name: str, params: Iterable[Any], **hyper: Any) -> torch.optim.Optimizer:
    """Build an optimizer by name, case-insensitively.

    ``"momentum"`` is SGD with momentum 0.9 and ``"nesterov"`` SGD with Nesterov momentum 0.9;
    keyword arguments override those defaults.

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> opt = create("Nesterov", [w], lr=0.01)
    >>> type(opt).__name__, opt.defaults["momentum"], opt.defaults["nesterov"]
    ('SGD', 0.9, True)
    """
    rule = get(name)
    allowed = _hyper_names(rule)
    for key in hyper:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise TypeError(
                f"optimizer {name!r} has no hyper-parameter {key!r}.{hint} "
                f"It takes: {', '.join(allowed)}."
            )
    return rule(params, **hyper)
