"""How a train study's space meets its fixed settings: each setting is either searched or fixed.

A setting given both ways (``lr=0.1`` and ``space={"lr": ...}``) would be searched, the fixed
value silently dropped: it is refused before the study starts; the default space leaves out
what the settings fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import InvalidArgument
from .space import MODEL_OPTIONS, Space

__all__ = ["check_settings", "unfixed"]

_BETAS = ("beta1", "beta2")  # searched one by one, fixed together as betas


def check_settings(space: Space, settings: Mapping[str, Any]) -> None:
    """Refuse a searched setting that ``settings`` (a train study's fixed settings) also fixes.

    >>> space = Space.parse({"lr": {"low": 1e-3, "high": 1}})
    >>> check_settings(space, {"optimizer": "sgd"})
    >>> check_settings(space, {"lr": 0.1})
    Traceback (most recent call last):
    descend._checks.InvalidArgument: lr is both searched (space: lr) and fixed (lr=0.1): a trial would take the searched value; leave lr out of the fixed settings or lr out of the space
    """
    for name in space.distributions:
        fixed = _fixed(name, settings)
        if fixed is not None:
            given, value = fixed
            raise InvalidArgument(
                f"{name} is both searched (space: {name}) and fixed ({given}={value!r}): a trial would take "
                f"the searched value; leave {given} out of the fixed settings or {name} out of the space"
            )


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
