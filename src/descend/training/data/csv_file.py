"""CSV files: a header row, numeric feature columns and one target column named by
``target=``, read into a :class:`~descend.training.data.tables.Table` with every problem
reported by column and file line."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ..._names import did_you_mean
from ..._plural import counted
from .tables import Table

__all__ = ["read_csv"]

# CSV cells that mean "no value" (compared after stripping and lower-casing).
_MISSING = frozenset({"", "na", "nan", "n/a", "null", "none"})


def read_csv(path: Path, target: str | None, what: str = "data", dtype: torch.dtype = torch.float32) -> Table:
    """The table of the CSV file at ``path``, its ``target`` column the labels, its features
    read in ``dtype``.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "pets.csv"
    >>> _ = path.write_text("weight,species\\n4.0,cat\\n30.5,dog\\n")
    >>> table = read_csv(path, "species")
    >>> table.X.tolist(), table.y.tolist(), table.lines
    ([[4.0], [30.5]], ['cat', 'dog'], [2, 3])
    """
    where = path.name
    header, rows, lines = _read_rows(path)
    columns = _check_layout(where, header, rows, lines, target)
    cells = np.array(rows, dtype=str)
    label_at = columns.index(target)
    X = np.stack(
        [_feature_column(cells[:, j], column, lines, where) for j, column in enumerate(columns) if j != label_at],
        axis=1,
    )
    y = _target_column(cells[:, label_at], target, lines, where)
    return Table(
        X,
        y,
        lines,
        f"{what} ({where})",
        file=path,
        columns=[c for j, c in enumerate(columns) if j != label_at],
        dtype=dtype,
    )


def _read_rows(path: Path) -> tuple[list[str] | None, list[list[str]], list[int]]:
    """The header, the non-blank rows and their file lines."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            rows, lines = [], []
            for row in reader:
                if row and any(cell.strip() for cell in row):
                    rows.append(row)
                    lines.append(reader.line_num)
    except UnicodeDecodeError:
        raise ValueError(_not_utf8(path)) from None
    return header, rows, lines


def _check_layout(
    where: str, header: list[str] | None, rows: list[list[str]], lines: list[int], target: str | None
) -> list[str]:
    """The column names, once the header names ``target`` and every row has its fields."""
    if not header:
        raise ValueError(f"{where} is empty: no header and no rows")
    columns = [c.strip() for c in header]
    separator = _separator(columns)
    if target is None:
        raise ValueError(
            f"a CSV file needs target= naming its label column; the columns of {where} are: {', '.join(columns)}"
            + (f"; {separator}" if separator else _headless(columns))
        )
    if target not in columns:
        if separator:
            raise ValueError(f"target column {target!r} is not in {where}, whose header is {columns[0]!r}: {separator}")
        hint = did_you_mean(target, columns)
        raise ValueError(
            f"target column {target!r} is not in {where}.{hint} Its columns are: {', '.join(columns)}"
            + _headless(columns)
        )
    if not rows:
        raise ValueError(f"{where} is empty: it has a header but no rows")
    for row, line in zip(rows, lines):
        if len(row) != len(columns):
            raise ValueError(
                f"line {line} of {where} has {counted(len(row), 'field')} but the header has {len(columns)}"
            )
    if len(columns) == 1:
        raise ValueError(f"{where} has only the target column {target!r}; no features")
    return columns


def _separator(columns: list[str]) -> str:
    """The hint for a file whose header, read with commas, is one column holding semicolons or
    tabs: a file separated by those (a spreadsheet's export in a locale with decimal commas)."""
    if len(columns) != 1:
        return ""
    counts = {sep: columns[0].count(sep) for sep in (";", "\t")}
    sep = max(counts, key=counts.get)
    if not counts[sep]:
        return ""
    name = "';'" if sep == ";" else "tabs"
    code = "sep=';'" if sep == ";" else "sep='\\t'"
    return (
        f"the file seems to be separated by {name}, but descend reads comma-separated files; save it with commas, "
        f"e.g. pandas.read_csv(path, {code}).to_csv(path, index=False) (add decimal=',' where numbers have decimal "
        "commas)"
    )


def _headless(columns: list[str]) -> str:
    """The hint for a file whose first line, read as its header, holds only numbers: a file with
    no header line."""
    try:
        [float(c) for c in columns]
    except ValueError:
        return ""
    return " (its first line, read as the header, holds only numbers: give the file a header line naming its columns)"


def _feature_column(cells: np.ndarray, column: str, lines: list[int], where: str) -> np.ndarray:
    try:
        values = cells.astype(np.float64)
    except ValueError:
        values = None
    missing = _missing(cells)
    if missing.any():
        line = lines[int(np.argmax(missing))]
        raise ValueError(f"feature column {column!r} of {where} has a missing value on line {line}")
    if values is None:
        bad = next(i for i, v in enumerate(cells) if not _parses(float, v))
        raise ValueError(
            f"feature column {column!r} of {where} is not numeric: line "
            f"{lines[bad]} holds {cells[bad].strip()!r}; only the target "
            f"column may hold text"
        )
    return values


def _target_column(cells: np.ndarray, target: str, lines: list[int], where: str) -> Any:
    """Integers, else floats, else the text itself."""
    raw = np.char.strip(cells)
    missing = _missing(raw)
    if missing.any():
        line = lines[int(np.argmax(missing))]
        raise ValueError(f"target column {target!r} of {where} has a missing value on line {line}")
    if all(_parses(int, v) for v in raw.tolist()):
        return np.array([int(v) for v in raw.tolist()], dtype=np.int64)
    if all(_parses(float, v) for v in raw.tolist()):
        return raw.astype(np.float64)
    return raw


def _not_utf8(path: Path) -> str:
    """Where ``path`` first breaks UTF-8, said for a person."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return (
            f"{path.name} is not UTF-8 text: line {line} holds the byte "
            f"0x{data[err.start]:02x}, which UTF-8 does not allow there; save the file as "
            f"UTF-8 (a spreadsheet's 'CSV UTF-8' format)"
        )
    return f"{path.name} is not UTF-8 text; save the file as UTF-8"


def _missing(column: np.ndarray) -> np.ndarray:
    return np.isin(np.char.lower(np.char.strip(column)), list(_MISSING))


def _parses(kind: type, text: str) -> bool:
    """Whether ``kind(text)`` (``int`` or ``float``) reads ``text``."""
    try:
        kind(text)
    except ValueError:
        return False
    return True
