"""Looking things up by name, with the error a user wants when the name is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``" Did you mean 'x'?"`` for the closest of ``known``, or ``""`` when none is close.

    Case is ignored in the comparison (``"DDP"`` is closest to ``"ddp"``).

    >>> did_you_mean("adma", ["adam", "sgd"]), did_you_mean("DDP", ["ddp"])
    (" Did you mean 'adam'?", " Did you mean 'ddp'?")
    """
    by_lower = {name.lower(): name for name in known}
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1)
    return f" Did you mean {by_lower[close[0]]!r}?" if close else ""


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


def loose_get(name: Any, entries: Mapping[str, T], what: str, known: str) -> T:
    """The entry of ``entries`` called ``name``, ignoring case, and ``-`` or spaces for ``_``; a
    ``TypeError`` for a name that is not a string, a ``ValueError`` that lists the ``known`` ones for
    an unknown name (``what``: the kind of thing looked up, in words).

    >>> loose_get("Six-Hump Camel", {"six_hump_camel": 1}, "test function", "functions")
    1
    >>> loose_get("camle", {"camel": 1}, "test function", "functions")
    Traceback (most recent call last):
    ValueError: unknown test function 'camle'. Did you mean 'camel'? Known functions: camel.
    """
    if not isinstance(name, str):
        raise TypeError(f"{what} name must be a string, got {name!r}")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in entries:
        hint = did_you_mean(key, entries)
        raise ValueError(f"unknown {what} {name!r}.{hint} Known {known}: {', '.join(entries)}.")
    return entries[key]


class Registry(Generic[T]):
    """Things known by name, looked up case-insensitively, with one error for a wrong name.

    Every registry of descend (optimizers, schedules, test functions, losses, models, data
    sets) is one of these, so each module offers the same ``names()`` and ``get(name)``.

    >>> colours = Registry("colour", {"red": 1, "green": 2})
    >>> colours.names(), colours.get(" Red ")
    (['red', 'green'], 1)
    >>> colours.get("gren")
    Traceback (most recent call last):
    ValueError: unknown colour 'gren'. Did you mean 'green'? Known: red, green.
    """

    def __init__(self, what: str, entries: Mapping[str, T]) -> None:
        self.what = what
        self._entries = dict(entries)

    def names(self) -> list[str]:
        """Every name, in the order given."""
        return list(self._entries)

    def get(self, name: Any) -> T:
        """The entry called ``name``; a clear error naming the known ones otherwise."""
        return self._entries[choice(name, tuple(self._entries), self.what)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().lower() in self._entries
