"""Plain-text tables and numbers for the terminal."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import click

__all__ = ["table", "fields", "number", "findings"]


def number(value: Any, digits: int = 4) -> str:
    """A number in ``digits`` significant digits; ``-`` for ``None``.

    >>> number(0.000123456), number(None), number(12)
    ('0.0001235', '-', '12')
    """
    if value is None:
        return "-"
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Columns aligned under ``header``: the first ``left`` to the left, the rest to the right.

    >>> print(table(["name", "n"], [["a", "10"], ["bb", "2"]]))
    name   n
    ----  --
    a     10
    bb     2
    """
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(r: Sequence[str]) -> str:
        cells = (str(c).ljust(w) if i < left else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def fields(pairs: Sequence[tuple[str, Any]]) -> str:
    """``name  value`` lines, the names padded to one width.

    >>> print(fields([("x", 1), ("status", "gtol")]))
    x       1
    status  gtol
    """
    width = max(len(name) for name, _ in pairs)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in pairs)


def findings(diagnoses: Sequence[Any], title: str = "doctor") -> None:
    """Print the doctor's findings under ``title``, each as :meth:`Diagnosis.bulleted` writes it
    (``- kind at step k: advice``, the evidence indented under it)."""
    if not diagnoses:
        click.echo(f"{title}: no findings")
        return
    click.echo(f"{title}:")
    for d in diagnoses:
        click.echo(d.bulleted())
