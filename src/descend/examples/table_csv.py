"""The columns of an :class:`~descend.examples.ExampleTable` by kind, and its CSV cells both ways:
written (:func:`csv_cell`: floats with all their digits, no class blank) and read back
(:func:`read_columns`: numbers, text, and the label columns as positions among the classes)."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import numpy as np

from .._plural import counted

__all__ = ["INT_COLUMNS", "TEXT_COLUMNS", "KEPT_COLUMNS", "LABEL_COLUMNS", "csv_cell", "read_columns"]

# Column kinds for the CSV round trip; every other column is a float.
INT_COLUMNS = ("index", "label", "predicted", "suggested", "forgetting")
TEXT_COLUMNS = ("region",)
# An estimator's rows by their pandas index labels (:mod:`~descend.examples.index_labels`):
# kept as given (integers, text), read back from CSV as integers where they all are.
KEPT_COLUMNS = ("index_label",)
# The columns that hold a class: kept as positions among the table's classes (-1: none), read as
# the classes' own values.
LABEL_COLUMNS = ("label", "predicted", "suggested")


def csv_cell(name: str, value: Any, named: bool) -> Any:
    """A CSV cell of column ``name``: a float with all its digits; no class (``None``, or -1 in a
    table whose classes are not ``named``) blank.

    >>> csv_cell("aum", 0.1, True), csv_cell("label", None, True), csv_cell("label", -1, False)
    ('0.1', '', '')
    """
    if isinstance(value, float):
        return repr(value)
    return "" if name in LABEL_COLUMNS and (value is None or (not named and value == -1)) else value


def read_columns(path: str | os.PathLike, classes: Any = None) -> tuple[dict[str, list[Any]], list[Any] | None]:
    """``(columns, classes)`` of the table in the CSV file ``path``: each column's cells read as
    its kind, the label columns as positions among ``classes`` (given: the run's, which the file
    does not hold) or among the classes the cells hold (:func:`_label_positions`).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "examples.csv"
    >>> _ = path.write_text("index,label,aum\\n0,cat,0.5\\n1,,-1.0\\n")
    >>> read_columns(path)
    ({'index': [0, 1], 'label': [0, -1], 'aum': [0.5, -1.0]}, ['cat'])
    """
    with Path(path).open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if not header:
            raise ValueError(f"{path} is empty: it holds no table of examples")
        cells = list(reader)
    if "index" not in header:
        raise ValueError(
            f"{path} is not a table of examples (ExampleTable.to_csv writes one): it has no 'index' column; "
            f"its columns are {', '.join(header)}"
        )
    columns: dict[str, list[Any]] = {name: [] for name in header}
    for line, row in enumerate(cells, start=2):
        if len(row) != len(header):
            raise ValueError(
                f"{path}, row {line}: expected {counted(len(header), 'cell')} ({', '.join(header)}), got {len(row)}"
            )
        for name, value in zip(header, row):
            columns[name].append(
                value
                if name in TEXT_COLUMNS + KEPT_COLUMNS + LABEL_COLUMNS
                else _read_number(name, value, f"{path}, row {line}")
            )
    for name in KEPT_COLUMNS:  # integer labels come back as integers
        if name in columns and all(_reads_as(v, int) for v in columns[name]):
            columns[name] = [int(v) for v in columns[name]]
    return columns, _label_positions(columns, classes, path)


def _label_positions(columns: dict[str, list[Any]], classes: Any, path: Any) -> list[Any] | None:
    """The label columns' cells turned into class positions, in place; the classes: ``classes``
    where given (each cell matched to a class by its text, as :func:`csv_cell` wrote it), else
    those the cells hold, sorted (``None`` where they are integers 0 and up: their own positions)."""
    held = [name for name in LABEL_COLUMNS if name in columns]
    cells = {cell for name in held for cell in columns[name] if cell != ""}
    if classes is not None:
        classes = np.asarray(classes).tolist()
        position = {str(c): i for i, c in enumerate(classes)}
        unknown = sorted(cells - set(position))
        if unknown:
            raise ValueError(
                f"{path} holds labels {', '.join(unknown[:5])} that are not among classes={classes}: "
                "give the classes of the run that wrote it (a classifier's classes_)"
            )
    else:
        kind = (
            int if all(_reads_as(c, int) for c in cells) else float if all(_reads_as(c, float) for c in cells) else str
        )
        if kind is int and all(int(c) >= 0 for c in cells):  # a run's own labels 0 .. k-1, or integer classes
            for name in held:
                columns[name] = [-1 if cell == "" else int(cell) for cell in columns[name]]
            return None
        classes = np.unique([kind(c) for c in cells]).tolist()
        position = {str(c): i for i, c in enumerate(classes)}
        position.update({c: position[str(kind(c))] for c in cells})  # '3.50' as the class 3.5
    for name in held:
        columns[name] = [-1 if cell == "" else position[cell] for cell in columns[name]]
    return classes


def _reads_as(text: str, kind: type) -> bool:
    """Whether ``text`` reads as a ``kind`` (``int``, ``float``)."""
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _read_number(name: str, text: str, where: str) -> int | float:
    """A number cell of column ``name`` (an integer in :data:`INT_COLUMNS`)."""
    try:
        return int(text) if name in INT_COLUMNS else float(text)
    except ValueError:
        kind = "an integer" if name in INT_COLUMNS else "a number"
        raise ValueError(f"{where}: {name} must be {kind}, got {text!r}") from None
