"""Argument checks at the boundary: one rule per kind of value, one shape of message.

Every message reads ``NAME must be WHAT ALLOWED, got VALUE``. The error is an
:class:`InvalidArgument`, both a ``ValueError`` and a ``TypeError`` (as scikit-learn's
``InvalidParameterError`` is), so that callers catch it under either name whether the value
had the wrong type or the wrong size.
"""

from __future__ import annotations

import math
import numbers
import os
from pathlib import Path
from typing import Any

__all__ = ["InvalidArgument", "number", "describe", "flag", "output_file", "unwritten"]


class InvalidArgument(ValueError, TypeError):
    """A bad argument; the message names it, its value and what is allowed."""


def number(
    name: str,
    value: Any,
    *,
    integer: bool = False,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    none: bool = False,
    unit: str = "",
) -> Any:
    """``value`` itself when it is a finite real number (an ``int`` when ``integer``; never a
    ``bool``) within the bounds, or ``None`` when ``none`` allows it.

    >>> number("epochs", 3, integer=True, ge=1)
    3
    >>> number("tol", -1, ge=0, none=True)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: tol must be a number >= 0 or None, got -1
    >>> number("lr", True, gt=0)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: lr must be a number > 0, got True
    >>> number("tol", float("inf"), ge=0)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: tol must be a finite number >= 0, got inf
    """
    if value is None and none:
        return None
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool)
    if ok:
        x = float(value)
        ok = (
            math.isfinite(x)
            and (gt is None or x > gt)
            and (ge is None or x >= ge)
            and (lt is None or x < lt)
            and (le is None or x <= le)
        )
    if not ok:
        allowed = describe(integer=integer, gt=gt, ge=ge, lt=lt, le=le, none=none, unit=unit)
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isfinite(value):
            allowed = allowed.replace("a number", "a finite number", 1)
        raise InvalidArgument(f"{name} must be {allowed}, got {value!r}")
    # Plain Python numbers: a numpy scalar would not survive torch.load(weights_only=True).
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def describe(
    *,
    integer: bool = False,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    none: bool = False,
    unit: str = "",
) -> str:
    """What :func:`number` allows, in words: ``"an integer >= 1"``, ``"a number in (0, 1)"``.

    >>> describe(gt=0, lt=1)
    'a number in (0, 1)'
    """
    what = "an integer" if integer else f"a number{' of ' + unit if unit else ''}"
    low = f"({gt:g}" if gt is not None else f"[{ge:g}" if ge is not None else None
    high = f"{lt:g})" if lt is not None else f"{le:g}]" if le is not None else None
    if low and high:
        what += f" in {low}, {high}"
    elif low:
        what += f" {'>' if gt is not None else '>='} {low[1:]}"
    elif high:
        what += f" {'<' if lt is not None else '<='} {high[:-1]}"
    return what + (" or None" if none else "")


def flag(name: str, value: Any, *, none: bool = False) -> bool | None:
    """``value`` when it is ``True`` or ``False`` (not 1, not ``"yes"``), or ``None`` when
    ``none`` allows it.

    >>> flag("resume", "no")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: resume must be True or False, got 'no'
    >>> flag("standardize", 1, none=True)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: standardize must be True, False or None, got 1
    """
    if value is None and none:
        return value
    if not isinstance(value, bool):
        allowed = "True, False or None" if none else "True or False"
        raise InvalidArgument(f"{name} must be {allowed}, got {value!r}")
    return value


def output_file(path: Any, what: str, example: str) -> Path:
    """``path`` as a file to write ``what`` to: a file name (``str`` or ``os.PathLike``), not a
    folder (``example`` is the name suggested in it).

    >>> output_file(".", "the table", "examples.csv")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: path '.' is a folder: give a file in it for the table, such as 'examples.csv'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidArgument(f"path must be a file name (str or os.PathLike), got {type(path).__name__} {path!r}")
    if Path(path).is_dir():
        raise InvalidArgument(
            f"path {str(path)!r} is a folder: give a file in it for {what}, such as {str(Path(path) / example)!r}"
        )
    return Path(path)


def unwritten(err: OSError, path: Path, what: str) -> OSError:
    """The error to raise where writing ``what`` to ``path`` failed with ``err`` (raised from
    inside pathlib, matplotlib or PIL): the same kind, naming the file and why.

    >>> unwritten(FileExistsError(17, "File exists"), Path("/dev/null/t.csv"), "the table")
    FileExistsError("cannot write the table to '/dev/null/t.csv': '/dev/null' is a file, not a folder")
    """
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    why = f"{str(blocking)!r} is a file, not a folder" if blocking is not None else err.strerror or str(err)
    return type(err)(f"cannot write {what} to {str(path)!r}: {why}")
