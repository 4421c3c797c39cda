"""One entry of a search space as an Optuna distribution, checked: a list as the choices of a
categorical parameter (a list choice stored by its label, with a warning where the list looks
like a range or holds one choice), a mapping as a range of floats or integers (its keys and
bounds checked by pydantic). Each wrong name, kind or bound is one clear error naming it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import optuna
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .. import optim
from .._checks import InvalidArgument
from .._names import did_you_mean

__all__ = ["RANGE_KEYS", "SCALARS", "categorical", "is_full_batch", "range_distribution"]

# One name or number (numpy's too), not a collection: what a space fixes a setting to or offers as
# a choice (besides None), and a setting a file can hold.
SCALARS = (str, bool, int, float, np.generic)

_INTEGERS = ("epochs", "batch_size")
RANGE_KEYS = "{low, high[, log][, step][, type: float|int]}"
_RANGE_LIKE = 100  # two decades apart: a pair that wide is rarely meant as two choices


def is_full_batch(value: Any) -> bool:
    """Whether a ``batch_size`` value means full-batch gradient descent (``None``, ``"full"``).

    >>> is_full_batch("Full"), is_full_batch(None), is_full_batch(32)
    (True, True, False)
    """
    return value is None or (isinstance(value, str) and value.lower() in ("full", "none"))


class _Range(BaseModel):
    """``{low, high[, log][, step][, type]}`` of one searched setting. Strict: a bound given as a
    string (``low: "0"``) or a bool is refused, not read as a number."""

    model_config = ConfigDict(extra="forbid", strict=True)

    low: float
    high: float
    log: bool = False
    step: float | None = None
    type: Literal["float", "int"] | None = None

    @model_validator(mode="after")
    def _bounds(self) -> _Range:
        # The messages leave the value out: range_distribution's error names the whole range once.
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.low >= self.high:
            raise ValueError("low must be below high, both finite")
        if self.log and self.low <= 0:
            raise ValueError("a log range needs low > 0")
        if self.log and self.step is not None:
            raise ValueError("log and step cannot be combined (Optuna samples a log range continuously)")
        if self.step is not None and self.step <= 0:
            raise ValueError("step must be > 0")
        return self


def categorical(
    name: str, choices: list | tuple
) -> tuple[optuna.distributions.CategoricalDistribution, dict[str, Any]]:
    """The choices of setting ``name`` as Optuna's categorical distribution, and the labels it
    stores list choices by (label -> list)."""
    if not choices:
        raise InvalidArgument(f"space: {name}: an empty list of choices; give at least one value")
    labels: dict[str, Any] = {}
    stored: list[Any] = []
    for value in choices:
        if isinstance(value, (list, tuple)):  # Optuna stores plain values: a list by its label
            label = "x".join(str(v) for v in value) or "none"
            labels[label] = list(value)
            stored.append(label)
        elif value is None or isinstance(value, SCALARS):
            stored.append(value.item() if isinstance(value, np.generic) else value)  # Optuna's choices: Python's
        else:
            raise InvalidArgument(f"space: {name}: choice {value!r} is not a number, string, list or null")
    if len(set(map(repr, stored))) < len(stored):
        raise InvalidArgument(f"space: {name}: a choice is given twice in {list(choices)!r}")
    _warn_if_meant_as_range(name, stored)
    _warn_if_one_choice(name, choices)
    if name == "optimizer":
        for value in stored:
            try:
                optim.get(value) if isinstance(value, str) else _raise(name, value, "an optimizer name")
            except InvalidArgument:
                raise
            except (KeyError, ValueError) as err:
                raise InvalidArgument(f"space: optimizer: {str(err).strip(chr(34))}") from None
    if name == "batch_size":
        for value in stored:
            ok = is_full_batch(value) or (isinstance(value, int) and not isinstance(value, bool) and value >= 1)
            if not ok:
                _raise(name, value, "an integer >= 1 or 'full'")
    return optuna.distributions.CategoricalDistribution(stored), labels


def range_distribution(name: str, spec: Mapping[str, Any]) -> optuna.distributions.BaseDistribution:
    """The range ``spec`` of setting ``name`` as Optuna's float or integer distribution."""
    unknown = [str(key) for key in spec if key not in _Range.model_fields]
    if unknown:  # named first: a misspelt high is otherwise "high: Field required"
        raise InvalidArgument(
            f"space: {name}: unknown key {unknown[0]!r}.{did_you_mean(unknown[0], list(_Range.model_fields))} "
            f"A range is {RANGE_KEYS}, got {dict(spec)!r}"
        )
    try:
        r = _Range.model_validate(dict(spec))
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        what = f"{where}: {first['msg']}" if where else first["msg"].removeprefix("Value error, ")
        raise InvalidArgument(f"space: {name}: {what} (a range is {RANGE_KEYS}), got {dict(spec)!r}") from None
    kind = r.type or ("int" if name in _INTEGERS else "float")
    if kind == "int":
        if r.low != int(r.low) or r.high != int(r.high) or (r.step is not None and r.step != int(r.step)):
            raise InvalidArgument(
                f"space: {name}: an integer range needs integer low, high and step, got {dict(spec)!r}"
            )
        return optuna.distributions.IntDistribution(int(r.low), int(r.high), log=r.log, step=int(r.step or 1))
    if name in _INTEGERS:
        raise InvalidArgument(f"space: {name}: takes integers; a float range {dict(spec)!r} cannot be used")
    return optuna.distributions.FloatDistribution(r.low, r.high, log=r.log, step=r.step)


def _warn_if_meant_as_range(name: str, choices: list[Any]) -> None:
    """Warn where a list of two positive numbers two or more decades apart looks like a range
    (Ultralytics' ``tune`` reads a pair ``(low, high)`` as one): here a list is its choices.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     _warn_if_meant_as_range("lr", [1e-06, 30])
    >>> print(seen[0].message)
    space: lr: [1e-06, 30] is a choice of these 2 values, not a range; for a range write {low: 1e-06, high: 30, log: true}
    """
    numbers = [v for v in choices if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0]
    if len(choices) == 2 and len(numbers) == 2 and max(numbers) >= _RANGE_LIKE * min(numbers):
        low, high = sorted(numbers)
        warnings.warn(
            f"space: {name}: {list(choices)!r} is a choice of these 2 values, not a range; for a range write "
            f"{{low: {low!r}, high: {high!r}, log: true}}",
            UserWarning,
            stacklevel=4,
        )


def _warn_if_one_choice(name: str, choices: list | tuple) -> None:
    """Warn where a list holds one choice: every trial takes it, so the setting is fixed, not
    searched (a setting is either one or the other: :mod:`descend.tune.space_settings`).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     _warn_if_one_choice("lr", [0.1])
    >>> print(seen[0].message)
    space: lr: [0.1] is one choice, so every trial takes lr=0.1: a fixed setting, not searched; give it as lr=0.1, or list more choices or a range
    """
    if len(choices) == 1:
        (value,) = choices
        warnings.warn(
            f"space: {name}: {list(choices)!r} is one choice, so every trial takes {name}={value!r}: a fixed "
            f"setting, not searched; give it as {name}={value!r}, or list more choices or a range",
            UserWarning,
            stacklevel=4,
        )


def _raise(name: str, value: Any, allowed: str) -> None:
    raise InvalidArgument(f"space: {name}: choice {value!r} is not {allowed}")
