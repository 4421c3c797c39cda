"""How a train study's space meets its fixed settings: each setting is either searched or fixed,
and each optimizer hyper-parameter searched is one that an optimizer of the study takes.

A setting given both ways (``lr=0.1`` and ``space={"lr": ...}``) would be searched, the fixed
value silently dropped; an optimizer hyper-parameter that none of the study's optimizers takes
(``momentum`` for Adam, ``train``'s default) would never be drawn, so every trial would run the
same settings. Both are refused before the study starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import InvalidArgument
from .space import HYPER_PARAMETERS, MODEL_OPTIONS, Space, takes

__all__ = ["check_settings", "unfixed"]

_BETAS = ("beta1", "beta2")  # searched one by one, fixed together as betas


def check_settings(space: Space, settings: Mapping[str, Any], default_optimizer: str) -> None:
    """Refuse a searched setting that ``settings`` (a train study's fixed settings) also fixes,
    and a searched optimizer hyper-parameter that none of the study's optimizers takes: the
    space's ``optimizer`` choices, else its fixed one, else ``settings``' or ``default_optimizer``.

    >>> space = Space.parse({"momentum": {"low": 0, "high": 0.9}})
    >>> check_settings(space, {"optimizer": "sgd"}, "adam")
    >>> check_settings(space, {}, "adam")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: momentum: adam (train's default optimizer) does not take momentum, so it would never be drawn: search the optimizer too (e.g. optimizer: [sgd, adam]) or fix one that takes it, such as sgd
    """
    for name in space.distributions:
        fixed = _fixed(name, settings)
        if fixed is not None:
            given, value = fixed
            raise InvalidArgument(
                f"{name} is both searched (space: {name}) and fixed ({given}={value!r}): a trial would take "
                f"the searched value; leave {given} out of the fixed settings or {name} out of the space"
            )
    searched = "optimizer" in space.distributions
    if searched:
        rules = list(space.distributions["optimizer"].choices)
        which = f"none of the optimizers searched ({', '.join(map(str, rules))}) takes"
        fix = "add one that takes it to the optimizer's choices"
    else:
        rule = space.fixed.get("optimizer", settings.get("optimizer", default_optimizer))
        rules = [rule]
        own = "optimizer" in space.fixed or "optimizer" in settings
        which = f"{rule} ({'the study' if own else 'train'}'s {'' if own else 'default '}optimizer) does not take"
        fix = "search the optimizer too (e.g. optimizer: [sgd, adam]) or fix one that takes it"
    if not all(isinstance(rule, str) for rule in rules):
        return  # an optimizer class of the user's: what it takes is its own
    for name in space.distributions:
        if name in HYPER_PARAMETERS and not any(takes(rule, name) for rule in rules):
            examples = [rule for rule in ("sgd", "adam") if takes(rule, name)]
            such = f", such as {examples[0]}" if examples else ""
            raise InvalidArgument(f"space: {name}: {which} {name}, so it would never be drawn: {fix}{such}")


def unfixed(spec: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """``spec`` (the default space) without the settings that ``settings`` fixes: a setting the
    user fixed is not searched.

    >>> sorted(unfixed({"lr": [0.1, 1], "beta2": [0.9, 0.99], "hidden": [[8]]}, {"lr": 0.1, "betas": (0.9, 0.9)}))
    ['hidden']
    """
    return {name: value for name, value in spec.items() if _fixed(name, settings) is None}


def _fixed(name: str, settings: Mapping[str, Any]) -> tuple[str, Any] | None:
    """The fixed setting (its name in ``settings``, its value) that the searched ``name`` is, if any."""
    if name in MODEL_OPTIONS:
        options = settings.get("model_options") or {}
        return (name, options[name]) if name in options else None
    given = "betas" if name in _BETAS else name
    return (given, settings[given]) if given in settings else None
