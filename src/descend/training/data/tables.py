"""In-memory tables: features as a floating tensor (float32 by default) and labels still raw,
from arrays, lists or tensors, and a validation table's columns put in the training table's
order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..._plural import counted
from .checks import check_finite, first_values

__all__ = ["Table", "features", "raw_labels", "match_columns"]


class Table:
    """Features as a tensor of ``dtype`` and labels still raw, checked for shape and finiteness.
    A CSV file's table also knows its ``file`` and the names of ``X``'s ``columns``; a
    built-in data set's table knows its ``builtin`` name; ``lines`` are the file lines of the
    rows, for messages; ``index_labels`` the rows' pandas index labels where the data had its own
    (:func:`~descend.training.data.index_labels.index_labels`), else ``None``.

    >>> table = Table([[1, 2], [3, 4]], ["cat", "dog"], None, "data")
    >>> table.X, table.y.tolist()
    (tensor([[1., 2.],
            [3., 4.]]), ['cat', 'dog'])
    """

    def __init__(
        self,
        X: Any,
        y: Any,
        lines: list[int] | None,
        what: str,
        builtin: str | None = None,
        file: Path | None = None,
        columns: list[str] | None = None,
        dtype: torch.dtype = torch.float32,
        index_labels: Any = None,
    ):
        self.what, self.lines, self.builtin, self.index_labels = what, lines, builtin, index_labels
        self.file, self.columns = file, columns
        self.X = features(X, what, dtype)
        self.y = raw_labels(y, what)
        if len(self.X) != len(self.y):
            raise ValueError(f"{what}: X has {counted(len(self.X), 'row')} but y has {len(self.y)}")
        if len(self.X) == 0:
            raise ValueError(f"{what} is empty: X and y have 0 rows")
        check_finite(self.X, f"{what} X", lines)


def features(X: Any, what: str, dtype: torch.dtype = torch.float32) -> Tensor:
    """``X`` as a tensor of ``dtype`` with one row per example (a 1-D ``X`` is one feature each).

    >>> features([1, 2, 3], "data")
    tensor([[1.],
            [2.],
            [3.]])
    """
    if isinstance(X, Tensor):
        X = X.detach()
        if X.is_complex():
            raise ValueError(f"{what} X must hold real numbers, got dtype {X.dtype}")
        X = X if X.dtype == dtype else X.to(dtype)
    else:
        arr = _as_numpy(X, f"{what} X")
        if arr.dtype.kind not in "biuf":
            raise ValueError(f"{what} X must be numeric, got an array of dtype {arr.dtype}{first_values(arr)}")
        X = torch.tensor(arr, dtype=dtype)
    if X.ndim == 0:
        raise ValueError(f"{what} X must have one row per example, got a scalar")
    return X.reshape(-1, 1) if X.ndim == 1 else X


def raw_labels(y: Any, what: str) -> Tensor | np.ndarray:
    """Labels as a tensor, or a NumPy array of str when they are text.

    >>> raw_labels([0, 1], "data"), raw_labels(["cat", "dog"], "data")
    (tensor([0, 1]), array(['cat', 'dog'], dtype='<U3'))
    """
    if isinstance(y, Tensor):
        y = y.detach()
        if y.is_complex():
            raise ValueError(f"{what} y must hold real numbers, got dtype {y.dtype}")
        return y
    arr = _as_numpy(y, f"{what} y")
    if arr.dtype.kind == "O" and all(isinstance(v, str) for v in arr.ravel()):
        arr = arr.astype(str)
    if arr.dtype.kind in "US":
        return arr.astype(str)
    if arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{what} y must hold numbers or text labels, got an array of dtype {arr.dtype}{first_values(arr)}"
        )
    return torch.tensor(arr)


def match_columns(val: Table, train: Table) -> Tensor:
    """``val``'s features in the order of ``train``'s: where both come from CSV files, their
    columns are matched by name, whatever their order; else by position.

    >>> train = Table([[1, 2]], [0], None, "data", columns=["a", "b"])
    >>> match_columns(Table([[20, 10]], [0], None, "val_data", columns=["b", "a"]), train)
    tensor([[10., 20.]])
    """
    if val.columns is None or train.columns is None or val.columns == train.columns:
        return val.X
    missing = [c for c in train.columns if c not in val.columns]
    extra = [c for c in val.columns if c not in train.columns]
    twice = sorted(
        {c for c in (*train.columns, *val.columns) if train.columns.count(c) > 1 or val.columns.count(c) > 1}
    )
    if missing or extra or twice:
        problems = [
            f"it lacks {_names(missing)}" if missing else "",
            f"it has {_names(extra)}, which the training file has not" if extra else "",
            f"{_names(twice)} {'appears' if len(twice) == 1 else 'appear'} more than once" if twice else "",
        ]
        raise ValueError(
            f"val_data {str(val.file)!r} does not have the feature columns of the training "
            f"file {str(train.file)!r}: {'; '.join(p for p in problems if p)}. Validation "
            f"columns are matched to the training columns by name; the training file's are: "
            f"{', '.join(train.columns)}"
        )
    return val.X[:, [val.columns.index(c) for c in train.columns]]


def _names(columns: list[str]) -> str:
    return ("the column " if len(columns) == 1 else "the columns ") + ", ".join(map(repr, columns))


def _as_numpy(value: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{what} could not be turned into an array ({exc}); rows of unequal length are a common cause"
        ) from None
