"""A history's values as JSON holds them (``history.json``, ``diagnosis.json``): JSON has no NaN or
infinity, so non-finite floats are the strings ``"nan"``, ``"inf"`` and ``"-inf"``, in rows, dicts
and lists, and are read back as floats; a finding's ``change`` is read back as ``train`` takes it."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["encode", "decode", "decode_row", "encode_nested", "decode_nested", "is_data", "read_change"]


def encode(value: Any) -> Any:
    return str(value) if isinstance(value, float) and not math.isfinite(value) else value


def decode(value: Any) -> Any:
    return float(value) if isinstance(value, str) and value in ("nan", "inf", "-inf") else value


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (int(v) if k == "step" else decode(v)) for k, v in row.items()}


def read_change(change: dict[str, Any]) -> dict[str, Any]:
    """A finding's ``change`` as ``diagnosis.json`` holds it. A ``schedule`` there is the repr of
    the scaled schedule the doctor advised (:meth:`History.diagnosis_state`), which ``train``
    does not take (as a name it was "unknown schedule 'scaled(...)'"): that change is read back
    as none, as the doctor advises a loaded run (its words give the factor and the call).

    >>> read_change({"schedule": "scaled(schedule=constant(lr=0.1), factor=0.5)", "batch_size": 64})
    {}
    """
    return {} if isinstance(change.get("schedule"), str) else decode_nested(change)


def is_data(value: Any) -> bool:
    """Whether ``value`` is what JSON holds (numbers, strings, lists and dicts of them)."""
    if isinstance(value, dict):
        return all(is_data(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(is_data(v) for v in value)
    return value is None or isinstance(value, (bool, int, float, str))


def encode_nested(value: Any) -> Any:
    """:func:`encode` through dicts and lists (the rate probe's reading)."""
    if isinstance(value, dict):
        return {k: encode_nested(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_nested(v) for v in value]
    return encode(value)


def decode_nested(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: decode_nested(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_nested(v) for v in value]
    return decode(value)
