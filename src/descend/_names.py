"""Looking things up by name, with the error a user wants when the name is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``" Did you mean 'x'?"`` for the closest of ``known``, or ``""`` when none is close.

    >>> did_you_mean("adma", ["adam", "sgd"])
    " Did you mean 'adam'?"
    """
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def choice(value: Any, allowed: Sequence[str], what: str) -> str:
    """``value`` lower-cased if it is one of ``allowed``; else a clear error naming them.

    >>> choice("ReLU", ("relu", "tanh"), "activation")
    'relu'
    """
    if not isinstance(value, str):
        raise TypeError(f"{what} must be one of {', '.join(allowed)}; got {value!r}")
    key = value.strip().lower()
    if key not in allowed:
        raise ValueError(f"unknown {what} {value!r}.{did_you_mean(key, allowed)} Known: {', '.join(allowed)}.")
    return key
