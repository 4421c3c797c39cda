"""The values a watched loop logs: a number or a one-element tensor as a float, a closure's
loss, the epoch columns kept aligned as new metrics appear."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .._checks import InvalidArgument

__all__ = ["append_row", "closure_value", "as_float"]


def append_row(columns: dict[str, list[Any]], row: dict[str, Any]) -> None:
    """Append ``row`` to the epoch columns, NaN where a column is new or a value missing, so
    that the columns stay aligned (a validation loss logged from the third epoch on)."""
    n = len(columns.get("epoch", []))
    for key, value in row.items():
        column = columns.setdefault(key, [])
        column.extend([math.nan] * (n - len(column)))
        column.append(value)
    for column in columns.values():
        column.extend([math.nan] * (n + 1 - len(column)))


def closure_value(value: Any) -> float | None:
    """The loss a closure returned, if it is one (a closure may return anything: the loop
    must not fail on what only the record reads)."""
    if value is None:
        return None
    try:
        return float(value.item()) if isinstance(value, Tensor) else float(value)
    except (TypeError, ValueError, RuntimeError):
        return None


def as_float(value: Any, name: str = "loss") -> float:
    """A logged number as a float: a Python or NumPy number, or a one-element tensor (not text,
    which ``float`` would read, nor a bool, which it reads as 1.0 or 0.0, nor a complex number:
    each logged is a mistake, not a loss).

    >>> import torch
    >>> as_float(0.5), as_float(torch.tensor([2.0]))
    (0.5, 2.0)
    >>> as_float("0.5")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: loss must be a number or a one-element tensor, got '0.5'
    >>> as_float(True)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: loss must be a number or a one-element tensor, got True (a bool)
    """
    # A tensor first (most loops' loss at every step), read by item() alone: detach() made a new
    # tensor at each step for item() to read the same number (2.5 -> 0.8 µs a tensor logged).
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise InvalidArgument(
                f"{name} must be a number or a one-element tensor, got a tensor of shape {tuple(value.shape)}"
            )
        if value.dtype == torch.bool or value.dtype.is_complex:
            raise InvalidArgument(
                f"{name} must be a number or a one-element tensor, got a tensor of dtype {value.dtype}: {value!r}"
            )
        return float(value.item())
    if isinstance(value, (str, bytes)):
        raise InvalidArgument(f"{name} must be a number or a one-element tensor, got {value!r}")
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (complex, np.complexfloating)):
        kind = "a bool" if isinstance(value, (bool, np.bool_)) else "a complex number"
        raise InvalidArgument(f"{name} must be a number or a one-element tensor, got {value!r} ({kind})")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{name} must be a number or a one-element tensor, got {_shown(value, name)}") from None


def _shown(value: Any, name: str) -> str:
    """A refused value in words: a dict or a sequence (what some models and frameworks return as
    their loss) by its keys or its items' kinds and what to log instead, not its whole repr.

    >>> _shown({"loss": 1.0, "aux": 2.0}, "loss")
    "a dict of 'loss', 'aux': log one number, e.g. monitor.log(out['loss']), the others as metrics (monitor.log(aux=...))"
    >>> _shown((torch.tensor(1.0), {"aux": 2.0}), "val_loss")
    'a tuple of (tensor, dict): log one number, e.g. monitor.log(val_loss=out[0])'
    """
    if not isinstance(value, (Mapping, list, tuple)) or len(value) == 0:  # nothing in it to log instead
        return repr(value)
    if isinstance(value, Mapping):
        shown = ", ".join([repr(k) for k in list(value)[:5]] + (["..."] if len(value) > 5 else []))
        first = next(iter(value))
        other = next((k for k in value if k != first and isinstance(k, str) and k.isidentifier()), None)
        index = repr(first)
    else:
        kinds = [type(v).__name__.lower() for v in value[:5]] + (["..."] if len(value) > 5 else [])
        shown, other, index = f"({', '.join(kinds)})", None, "0"
    call = f"monitor.log(out[{index}])" if name == "loss" else f"monitor.log({name}=out[{index}])"
    also = f", the others as metrics (monitor.log({other}=...))" if other is not None and name == "loss" else ""
    return f"a {type(value).__name__} of {shown}: log one number, e.g. {call}{also}"
