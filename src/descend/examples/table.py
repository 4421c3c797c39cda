"""``ExampleTable``: one row per training example, a column per summary of its dynamics.

Plain NumPy columns (no pandas needed): ``table["aum"]`` is an array, :meth:`ExampleTable.top`
the ``k`` rows first by a column, :meth:`ExampleTable.to_csv` / :meth:`ExampleTable.from_csv`
a lossless round trip (floats written with all their digits). The label columns (``label``,
``predicted``, ``suggested``) hold the user's own class values, as ``predict`` gives them, in
Python, printed and in CSV alike: ``y[table["index"]] = table["suggested"]`` relabels.
"""

from __future__ import annotations

import copy
import csv
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from .._checks import InvalidArgument, number, output_file, unwritten
from .._plural import counted
from .table_csv import INT_COLUMNS, KEPT_COLUMNS, LABEL_COLUMNS, TEXT_COLUMNS, csv_cell, read_columns
from .unranked_losses import LOSS_COLUMNS, unranked_because

__all__ = ["ExampleTable", "INT_COLUMNS", "TEXT_COLUMNS", "LABEL_COLUMNS", "ranked_by"]

# Where a low value is the interesting end (hard, likely mislabelled): top() starts there.
_LOW_FIRST = ("confidence", "correctness", "aum", "relative_aum", "index")
_SHOWN_ROWS = 10


class ExampleTable:
    """Per-example summaries of a run, one row per training example (see
    :func:`descend.examples`).

    ``task`` is ``"classification"`` or ``"regression"``; ``epochs`` the number of recorded
    epochs the summaries average over. Columns are read with ``table[name]``;
    ``table.columns`` lists them. ``classes`` are the classes' own values by position (a
    classifier's ``classes_``; ``None`` where the labels are their own values: a ``descend.train``
    run on integer labels 0 .. k-1). The label columns (``label``, ``predicted``, ``suggested``)
    give the classes' values, in their dtype (what the user's ``y`` holds, as ``predict`` gives
    it), printed, in :meth:`rows` and in CSV alike; where an example has none (never predicted,
    no class suggested) ``None`` (-1 where ``classes`` is ``None``; a blank cell in CSV).
    :meth:`positions` gives a label column as positions among ``classes``; the constructor takes
    label columns as positions. ``n_examples`` is the size of the training
    set the table was made from (its length when made; :meth:`head` and :meth:`top` keep it);
    ``n_rows`` the number of rows of the data its run was given, which its ``index`` counts in
    (``None`` where unknown: a table read back from CSV, a record saved before it was kept).

    >>> t = ExampleTable({"index": [0, 1, 2], "aum": [2.0, -1.5, 0.5]}, task="classification")
    >>> t.top(1, by="aum")["index"].tolist()
    [1]
    >>> t = ExampleTable({"index": [0, 1], "label": [1, 0]}, task="classification", classes=[3, 7])
    >>> t["label"].tolist(), t.positions("label").tolist()
    ([7, 3], [1, 0])
    >>> t
    ExampleTable (classification): 2 examples
    index  label
        0      7
        1      3
    """

    _EMPTY: str | None = None  # what the printed table says in place of no rows, if anything

    def __init__(
        self,
        columns: dict[str, Any],
        *,
        task: str,
        epochs: int | None = None,
        classes: Any = None,
        n_rows: int | None = None,
    ) -> None:
        self.task, self.n_rows = task, n_rows
        self.epochs = epochs
        self.classes = None if classes is None else tuple(np.asarray(classes).tolist())  # plain values
        self._columns: dict[str, np.ndarray] = {}
        lengths = set()
        for name, values in columns.items():
            kind = np.int64 if name in INT_COLUMNS else object if name in TEXT_COLUMNS else np.float64
            array = np.asarray(values, dtype=None if name in KEPT_COLUMNS else kind).reshape(-1)
            self._columns[name] = array.astype(str) if name in TEXT_COLUMNS else array
            lengths.add(len(array))
        if len(lengths) > 1:
            raise InvalidArgument(f"the columns of a table must have one length, got lengths {sorted(lengths)}")
        self.n_examples = len(self)

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return list(self._columns)

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._columns:
            raise KeyError(f"no column {name!r}; the columns are {', '.join(self._columns)}")
        if name in LABEL_COLUMNS and self.classes is not None:
            return _class_values(self._columns[name], self.classes)
        return self._columns[name]

    def positions(self, name: str) -> np.ndarray:
        """The label column ``name`` (``label``, ``predicted``, ``suggested``) as positions among
        :attr:`classes` (a classifier's ``classes_``; -1 where an example has no class), the
        model's class indices.

        >>> ExampleTable({"label": [1, 0]}, task="classification", classes=["cat", "dog"]).positions("label").tolist()
        [1, 0]
        """
        if name not in LABEL_COLUMNS or name not in self._columns:
            held = [c for c in LABEL_COLUMNS if c in self._columns]
            raise KeyError(f"positions are of a label column, one of {', '.join(held) or 'none here'}; got {name!r}")
        return self._columns[name]

    def __iter__(self):
        # Without it Python iterates by table[0], table[1], ...: a KeyError "no column 0".
        raise TypeError(
            f"an {type(self).__name__} is read by column, not iterated: table.rows() gives the rows as "
            "dictionaries, table['index'] the examples' indices, table.columns the column names"
        )

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()))) if self._columns else 0

    def rows(self, named: bool = True) -> list[dict[str, Any]]:
        """The rows as dictionaries (plain Python values), the label columns by the classes'
        own values, as ``table[name]`` gives them. ``named=False`` (before session 41 the
        default) gives them as positions among :attr:`classes` instead (:meth:`positions`).

        >>> ExampleTable({"label": [1]}, task="classification", classes=[3, 7]).rows()
        [{'label': 7}]
        """
        names = self.classes if named else None
        return [
            {
                name: _value(values[i], names if name in LABEL_COLUMNS else None)
                for name, values in self._columns.items()
            }
            for i in range(len(self))
        ]

    def _subset(self, order: np.ndarray) -> ExampleTable:
        """These rows, in this order, in a table of the same kind (attributes kept)."""
        part = copy.copy(self)
        part._columns = {k: v[order] for k, v in self._columns.items()}
        return part

    def head(self, k: int = 10) -> ExampleTable:
        """The first ``k`` rows in the table's own order (all of them where it has fewer):
        for :func:`descend.find_label_issues`, the ``k`` most suspect.

        >>> ExampleTable({"index": [4, 2, 7]}, task="regression").head(2)["index"].tolist()
        [4, 2]
        """
        k = number("k", k, integer=True, ge=1)
        return self._subset(np.arange(min(k, len(self))))

    def top(self, k: int = 10, by: str | None = None, ascending: bool | None = None) -> ExampleTable:
        """The ``k`` rows first when sorted by the column ``by`` (NaN last, ties by index);
        all of them, sorted, where the table has fewer (as :meth:`head` and pandas'
        ``nlargest`` give): the top 10 of 3 suspects are those 3, of none an empty table.

        By default ``by`` is ``"relative_aum"`` for classification (lowest first: the examples the
        model argued against most) and ``"final_loss"`` for regression (highest first);
        ``ascending=None`` starts from the low end for confidence, correctness, (relative) AUM and
        index, from the high end for every other column. A regression's losses that are not
        finite (a run stopped at an infinite loss) are ranked by none of them
        (:func:`~descend.examples.unranked_losses.unranked_because` says why).

        >>> t = ExampleTable({"index": [0, 1, 2], "final_loss": [0.1, 3.0, 1.0]}, task="regression")
        >>> t.top(2)["index"].tolist()
        [1, 2]
        >>> t.top(5)["index"].tolist()
        [1, 2, 0]
        >>> t.top(0)
        Traceback (most recent call last):
        descend._checks.InvalidArgument: k must be an integer >= 1, got 0
        """
        by = by if by is not None else ranked_by(self.task)
        if by not in self._columns or by in TEXT_COLUMNS or by in KEPT_COLUMNS:
            allowed = ", ".join(repr(c) for c in self._columns if c not in TEXT_COLUMNS + KEPT_COLUMNS)
            raise InvalidArgument(f"by must be one of {allowed}, got {by!r}")
        k = number("k", k, integer=True, ge=1)
        if ascending is not None and not isinstance(ascending, bool):
            raise InvalidArgument(f"ascending must be True, False or None, got {ascending!r}")
        unranked = unranked_because(self) if by in LOSS_COLUMNS else None
        if unranked is not None:  # an order of inf and NaN, as "the worst fitted"
            raise InvalidArgument(f"{unranked} (by={by!r}; read them unranked as table[{by!r}])")
        low_first = by in _LOW_FIRST if ascending is None else ascending
        values = self._columns[by].astype(np.float64)
        key = np.where(np.isnan(values), np.inf, values if low_first else -values)
        index = self._columns.get("index", np.arange(len(self)))
        order = np.lexsort((index, key))[:k]
        return self._subset(order)

    def to_csv(self, path: str | os.PathLike) -> Path:
        """Write the table as CSV (a header row, then one row per example); returns the path.

        The label columns (``label``, ``predicted``, ``suggested``) hold the classes' own
        values (as the user gave the labels, as ``table[name]`` and the printed table give them),
        a blank cell where an example has none.

        >>> import tempfile, pathlib
        >>> t = ExampleTable({"index": [0, 1], "aum": [0.25, float("nan")]}, task="classification")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     back = ExampleTable.from_csv(t.to_csv(pathlib.Path(tmp) / "examples.csv"))
        >>> back["aum"].tolist()[0], math.isnan(back["aum"][1])
        (0.25, True)
        >>> named = ExampleTable({"index": [0, 1], "label": [1, 0]}, task="classification", classes=["cat", "dog"])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     print(named.to_csv(pathlib.Path(tmp) / "examples.csv").read_text().replace("\\r", ""))
        index,label
        0,dog
        1,cat
        <BLANKLINE>
        """
        path = output_file(path, "the table", "examples.csv")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(self.columns)
                for row in self.rows():
                    writer.writerow([csv_cell(name, v, self.classes is not None) for name, v in row.items()])
        except OSError as err:
            raise unwritten(err, path, "the table") from err
        return path

    @classmethod
    def from_csv(cls, path: str | os.PathLike, classes: Any = None) -> ExampleTable:
        """The table :meth:`to_csv` wrote (a ``label`` column means classification), its label
        columns giving the values they gave. A CSV file does not hold the run's classes: give
        them as ``classes`` (a classifier's ``classes_``) for the table it wrote, positions
        included (:meth:`positions`); else they are read off the cells: integers 0 and up as their
        own positions (:attr:`classes` ``None``, as a ``descend.train`` run's on labels 0 .. k-1;
        -1 for no class), other values as the sorted classes the file holds (the order of
        ``np.unique``; a class no row holds is not among them). A blank cell: no class.

        >>> import tempfile, pathlib
        >>> t = ExampleTable({"index": [0, 1], "label": [1, 0]}, task="classification", classes=[3, 7])
        >>> path = t.to_csv(pathlib.Path(tempfile.mkdtemp()) / "examples.csv")
        >>> back = ExampleTable.from_csv(path, classes=[3, 7])
        >>> back["label"].tolist(), back.positions("label").tolist()
        ([7, 3], [1, 0])
        """
        columns, found = read_columns(path, classes)
        task = "classification" if "label" in columns else "regression"
        return cls._read_back(columns, task, found)

    @classmethod
    def _read_back(cls, columns: dict[str, list[Any]], task: str, classes: Any) -> ExampleTable:
        """The table of columns read back from CSV (a kind with more to say overrides it)."""
        return cls(columns, task=task, classes=classes)

    def _header(self) -> str:
        e = self.epochs
        what = counted(len(self), "example") + (f", {counted(e, 'epoch')}" if e is not None else "")
        if "region" in self._columns:
            names, counts = np.unique(self._columns["region"], return_counts=True)
            what += "; " + ", ".join(f"{name} {count}" for name, count in zip(names, counts))
        return f"{type(self).__name__} ({self.task}): {what}"

    def text(self, rows: int = _SHOWN_ROWS) -> str:
        """The table as printed: its header line, then its first ``rows`` rows (``repr`` shows
        10), and a line counting the rest.

        >>> print(ExampleTable({"index": [0, 1, 2]}, task="regression").text(2))
        ExampleTable (regression): 3 examples
        index
            0
            1
        ... 1 more row (.top(k, by=...) sorts them, .to_csv(path) writes all)
        """
        rows = number("rows", rows, integer=True, ge=1)
        if len(self) == 0 and self._EMPTY is not None:
            return f"{self._header()}\n{self._EMPTY}"
        shown = min(len(self), rows)
        lines = [self._header(), format_rows(self._columns, range(shown), self.classes)]
        if len(self) > shown:
            more = counted(len(self) - shown, "more row")
            lines.append(f"... {more} (.top(k, by=...) sorts them, .to_csv(path) writes all)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()


def format_rows(columns: dict[str, np.ndarray], rows: Any, classes: tuple[Any, ...] | None = None) -> str:
    """Aligned text of the given rows of ``columns`` (floats to 4 significant digits; the
    label columns, positions, by the classes' values where ``classes`` gives them, "-" for none)."""
    rows = list(rows)
    cells = [[_cell(columns[name][i], classes if name in LABEL_COLUMNS else None) for name in columns] for i in rows]
    widths = [max([len(name), *(len(r[j]) for r in cells)]) for j, name in enumerate(columns)]
    head = "  ".join(name.rjust(w) for name, w in zip(columns, widths))
    return "\n".join([head, *("  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in cells)])


def ranked_by(task: str) -> str:
    """The column :meth:`ExampleTable.top` ranks by where none is named: a classification's
    ``relative_aum`` (the examples argued against most, lowest first), else a regression's
    ``final_loss`` (the worst fitted, highest first).

    >>> ranked_by("classification"), ranked_by("regression")
    ('relative_aum', 'final_loss')
    """
    return "relative_aum" if task == "classification" else "final_loss"


def _value(value: Any, classes: tuple[Any, ...] | None) -> Any:
    """A cell as a plain Python value, a class by its value where ``classes`` gives them (``None``
    for no class there)."""
    if classes is not None:
        return classes[value] if 0 <= value < len(classes) else None
    return value.item() if isinstance(value, np.generic) else value  # an object column's own values


def _class_values(positions: np.ndarray, classes: tuple[Any, ...]) -> np.ndarray:
    """The classes at ``positions``, in their own dtype; an object array with ``None`` where a
    position is -1 (no class: no value of the classes' dtype can say so)."""
    values = np.asarray(classes)
    missing = (positions < 0) | (positions >= len(values))
    if not missing.any():
        return values[positions]
    out = values.astype(object)[np.where(missing, 0, positions)] if len(values) else np.empty(len(positions), object)
    out[missing] = None
    return out


def _cell(value: Any, classes: tuple[Any, ...] | None = None) -> str:
    value = _value(value, classes)
    if value is None:
        return "-"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value + 0.0:.4g}"  # + 0.0: a loss of -0.0 printed "-0"
    return str(value)
