"""Values that have a command-line spelling: text (or what a YAML/TOML file holds) to values.

Each parser raises ``ValueError`` naming what it expected and what it got; the settings
(:mod:`._settings`) and the click callbacks (:mod:`._options`) turn that into a usage error.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from .. import schedules
from ..plots import picture_path
from ..plots.paths import animation_path
from ..training.tensorboard_steps import EVERY_ALLOWED
from ._yaml import load as load_yaml

__all__ = [
    "NONE_WORDS",
    "parse_schedule",
    "parse_lr",
    "parse_batch_size",
    "parse_tensorboard_every",
    "parse_ints",
    "parse_floats",
    "parse_hyper",
    "parse_picture",
    "parse_animation",
]

# What turns an optional setting off: --tol none, 'time_budget: null', ...
NONE_WORDS = ("none", "null", "off", "")


def parse_schedule(value: Any) -> str | None:
    """A schedule name as ``train`` and ``minimize`` take it; ``None`` for a constant rate
    ("constant", "none", "off", ...).

    >>> parse_schedule("Cosine"), parse_schedule("off")
    ('cosine', None)
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in ("constant", *NONE_WORDS)):
        return None
    return schedules.run_name(value)


def parse_lr(value: Any) -> float | str | None:
    """``"auto"``, a number > 0, or ``None`` (the optimizer's default).

    >>> parse_lr("1e-3"), parse_lr("AUTO"), parse_lr(None)
    (0.001, 'auto', None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        if value.strip().lower() == "auto":
            return "auto"
        if value.strip().lower() in NONE_WORDS:
            return None
    number = _number(value, "a learning rate > 0 or 'auto'")
    if not number > 0:
        raise ValueError(f"a learning rate must be > 0 or 'auto', got {value!r}")
    return number


def parse_batch_size(value: Any) -> int | str | None:
    """``"full"`` (or ``None``) for full-batch gradient descent, ``"auto"`` for the batch
    chosen from the gradient noise scale, else an integer >= 1.

    >>> parse_batch_size("full"), parse_batch_size("32"), parse_batch_size(1), parse_batch_size("Auto")
    (None, 32, 1, 'auto')
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in ("full", *NONE_WORDS)):
        return None
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    number = _integer(value, "'full', 'auto' or an integer >= 1")
    if number < 1:
        raise ValueError(f"expected 'full', 'auto' or an integer >= 1, got {value!r}")
    return number


def parse_tensorboard_every(value: Any) -> int | str:
    """``"auto"`` or an integer >= 1: the TensorBoard events' steps (every N-th step's scalars).

    >>> parse_tensorboard_every("Auto"), parse_tensorboard_every("10"), parse_tensorboard_every(5)
    ('auto', 10, 5)
    >>> parse_tensorboard_every("0")
    Traceback (most recent call last):
    ValueError: expected 'auto' or an integer >= 1 (TensorBoard gets every N-th step's scalars; steps.csv every step), got '0'
    """
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    number = _integer(value, EVERY_ALLOWED)
    if number < 1:
        raise ValueError(f"expected {EVERY_ALLOWED}, got {value!r}")
    return number


def parse_ints(value: Any) -> list[int]:
    """Layer widths: ``"64,64"`` or a list, each an integer >= 1; ``""`` is no hidden layer.

    >>> parse_ints("64, 32"), parse_ints([16]), parse_ints("")
    ([64, 32], [16], [])
    >>> parse_ints("64,0")
    Traceback (most recent call last):
    ValueError: expected layer widths >= 1 such as 64,64, got '64,0'
    """
    items = _items(value)
    widths = [_integer(v, "comma-separated integers such as 64,64") for v in items]
    if any(w < 1 for w in widths):
        raise ValueError(f"expected layer widths >= 1 such as 64,64, got {value!r}")
    return widths


def parse_floats(value: Any) -> list[float]:
    """A point: ``"-1.5,2"`` or a list of numbers.

    >>> parse_floats("-1.5,2")
    [-1.5, 2.0]
    >>> parse_floats("1,,2")
    Traceback (most recent call last):
    ValueError: expected comma-separated numbers such as -1.5,2, got '1,,2', whose field 2 is empty
    """
    items = _items(value)
    if not items:
        raise ValueError("expected comma-separated numbers such as -1.5,2, got nothing")
    fields = value.split(",") if isinstance(value, str) else []
    if len(fields) != len(items):  # a coordinate left out ("1,,2") is a typo, not a shorter point
        empty = next(i for i, field in enumerate(fields, 1) if not field.strip())
        raise ValueError(
            f"expected comma-separated numbers such as -1.5,2, got {value!r}, whose field {empty} is empty"
        )
    return [_number(v, "comma-separated numbers such as -1.5,2") for v in items]


def parse_hyper(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``("momentum=0.9", "betas=0.9,0.99")`` -> ``{"momentum": 0.9, "betas": [0.9, 0.99]}``.

    Values are read as YAML scalars or lists (:func:`._yaml.load`: data, never code; ``1e-4`` a
    number); comma-separated numbers are a list, as ``--x0`` and ``--hidden`` read them.

    >>> parse_hyper(["momentum=0.9", "nesterov=true", "weight_decay=1e-4", "betas=[0.9, 0.99]"])
    {'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.0001, 'betas': [0.9, 0.99]}
    """
    hyper: dict[str, Any] = {}
    given: dict[str, str] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(f"expected NAME=VALUE such as momentum=0.9, got {pair!r}")
        if key in given:  # as a config file's key given twice: which one was meant is not ours to guess
            raise ValueError(f"{key} is given twice, as {given[key]!r} and {pair!r}: keep one")
        given[key] = pair
        try:
            hyper[key] = _numbers_listed(load_yaml(text))
        except yaml.YAMLError:
            raise ValueError(
                f"cannot read the value of {pair!r}: give a number, true/false or a list such as 0.9,0.999"
            ) from None
    return hyper


def _numbers_listed(value: Any) -> Any:
    """``value``, or the list of numbers it spells with commas (``"0.9,0.99"``: YAML reads text)."""
    if not isinstance(value, str) or "," not in value:
        return value
    parts = [load_yaml(part) for part in value.split(",")]
    numeric = all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts)
    return parts if numeric else value


def _items(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split(",")) if v]
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value]
    raise ValueError(f"expected a comma-separated list or a list, got {value!r}")


def _number(value: Any, expected: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected {expected}, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"expected {expected}, got {value!r}")
    return number


def _integer(value: Any, expected: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected {expected}, got {value!r}")


def parse_picture(value: Any) -> Path:
    """The path of a picture to save, checked before any work by the rule every picture is
    saved by (:func:`descend.plots.picture_path`: a file type matplotlib writes, ``.png``,
    ``.pdf``, ``.svg``, ...; no suffix is a PNG).

    >>> parse_picture("paths.png").name
    'paths.png'
    >>> parse_picture("paths.txt")
    Traceback (most recent call last):
    ValueError: expected a picture file (.png, .pdf, .svg, .jpg, ...), got 'paths.txt': matplotlib cannot write .txt files
    """
    return _placeable(picture_path(value), "the picture")


def parse_animation(value: Any) -> Path:
    """The path of an animation to save, checked before any work by the rule
    :func:`descend.plots.paths.animation_path` writes by (``.gif``, or ``.mp4`` with ffmpeg).

    >>> parse_animation("path.gif").name
    'path.gif'
    >>> parse_animation("path.png")
    Traceback (most recent call last):
    ValueError: animate writes .gif or .mp4 files, got 'path.png'
    """
    try:
        path = animation_path(value)
    except RuntimeError as err:  # no ffmpeg: a bad value of this option all the same
        raise ValueError(str(err)) from err
    return _placeable(path, "the animation")


def _placeable(path: Path, what: str) -> Path:
    """``path``, refused where a file stands in the place of one of its folders: found before
    any work, not when the picture is saved at the end of it.

    >>> _placeable(Path("/dev/null/paths.png"), "the picture")
    Traceback (most recent call last):
    ValueError: cannot write the picture to '/dev/null/paths.png': '/dev/null' is a file, not a folder
    """
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise ValueError(f"cannot write {what} to {str(path)!r}: {str(blocking)!r} is a file, not a folder")
    return path
