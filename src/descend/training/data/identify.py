"""Input identification: what kind of data a user passed (in-memory arrays, a CSV path, a
built-in name, a map-style ``Dataset`` or a ``DataLoader``), read into a table where it is
in-memory data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, TensorDataset

from ..._names import did_you_mean
from .builtin import get, names
from .checks import describe_value
from .csv_file import read_csv
from .index_labels import index_labels
from .tables import Table

__all__ = ["identify", "is_split", "no_target", "looks_like_path", "missing_file"]


def identify(data: Any, target: str | None, what: str, dtype: torch.dtype = torch.float32) -> tuple[str, Any, str]:
    """Sort ``data`` into ``("memory", Table, name)``, ``("dataset", Dataset, "dataset")`` or
    ``("loader", DataLoader, "loader")``; ``what`` (``"data"`` or ``"val_data"``) names it in
    messages; a table's features are read in ``dtype``.

    >>> kind, table, name = identify(([[1.0], [2.0]], [0, 1]), None, "data")
    >>> kind, name, table.X.shape
    ('memory', 'arrays', torch.Size([2, 1]))
    """
    if isinstance(data, DataLoader):
        no_target(target, "a DataLoader")
        return "loader", data, "loader"
    if isinstance(data, TensorDataset) and len(data.tensors) == 2:
        no_target(target, "a Dataset")
        X, y = data.tensors
        return "memory", Table(X, y, None, what, dtype=dtype), "dataset"
    if isinstance(data, IterableDataset):
        raise TypeError(
            f"{what} is an IterableDataset, which cannot be reshuffled by index; wrap it in a DataLoader with a length"
        )
    if isinstance(data, Dataset):
        no_target(target, "a Dataset")
        return "dataset", data, "dataset"
    if isinstance(data, (str, os.PathLike)):
        return _identify_name(data, target, what, dtype)
    if _is_data_frame(data):
        return "memory", _frame_table(data, target, what, dtype), "dataframe"
    if isinstance(data, (tuple, list)) and len(data) == 2:
        no_target(target, "(X, y) arrays")
        return "memory", Table(*data, None, what, dtype=dtype, index_labels=index_labels(*data)), "arrays"
    raise TypeError(
        f"{what} must be a pair (X, y) of tensors/arrays, a pandas DataFrame with target=, a torch "
        f"Dataset or DataLoader, a CSV path or a built-in name ({', '.join(names())}); got {describe_value(data)}"
    )


def is_split(val_data: Any) -> bool:
    """Whether ``val_data`` asks for a held-out part of the training data.

    >>> is_split("split"), is_split(None)
    (True, False)
    """
    return isinstance(val_data, str) and val_data == "split"


def no_target(target: str | None, kind: str) -> None:
    """Raise if ``target`` (a CSV file's label column) is given for another ``kind`` of data.

    >>> no_target("y", "a Dataset")
    Traceback (most recent call last):
    ValueError: target='y' names the label column of a CSV file; it does not apply to a Dataset
    """
    if target is not None:
        raise ValueError(f"target={target!r} names the label column of a CSV file; it does not apply to {kind}")


def _identify_name(
    data: str | os.PathLike, target: str | None, what: str, dtype: torch.dtype
) -> tuple[str, Table, str]:
    """A built-in data set's name or a CSV file's path, read into a table."""
    key = str(data).strip().lower().replace("-", "_")
    if isinstance(data, str) and key in names() and what == "data":
        no_target(target, f"the built-in data set {key!r}")
        X, y = get(key)()
        return "memory", Table(X, y, None, what, builtin=key, dtype=dtype), key
    path = Path(data)
    if path.is_file():
        return "memory", read_csv(path, target, what, dtype), f"csv:{path.name}"
    if path.exists():
        raise ValueError(f"{what} {str(data)!r} is a directory, not a CSV file")
    if not isinstance(data, str) or looks_like_path(data):
        raise ValueError(missing_file(data))
    if what == "val_data":
        raise ValueError(f"val_data must be 'split', validation data or the path of a CSV file; got {data!r}")
    hint = did_you_mean(key, names())
    raise ValueError(
        f"unknown data set {data!r}.{hint} Built-in data sets: {', '.join(names())}; or pass the path of a CSV file."
    )


def _is_data_frame(data: Any) -> bool:
    """Whether ``data`` is a pandas DataFrame (told by its interface: descend does not import pandas)."""
    return all(hasattr(data, name) for name in ("columns", "iloc", "to_numpy", "dtypes"))


def _frame_table(frame: Any, target: str | None, what: str, dtype: torch.dtype) -> Table:
    """A DataFrame's table: its ``target`` column the labels, the other columns the features,
    as a CSV file's (every problem named by column)."""
    columns = [str(c) for c in frame.columns]
    if target is None:
        raise ValueError(
            f"a DataFrame needs target= naming its label column; the columns of {what} are: {', '.join(columns)}"
        )
    if target not in columns:
        hint = did_you_mean(str(target), columns)
        raise ValueError(
            f"target column {target!r} is not in {what} (a DataFrame).{hint} Its columns are: {', '.join(columns)}"
        )
    if len(columns) == 1:
        raise ValueError(f"{what} (a DataFrame) has only the target column {target!r}; no features")
    at = columns.index(target)
    for j, column in enumerate(columns):
        if j != at and frame.dtypes.iloc[j].kind not in "biuf":
            values = ", ".join(repr(v) for v in frame.iloc[:3, j].tolist())
            raise ValueError(
                f"feature column {column!r} of {what} (a DataFrame) is not numeric (dtype {frame.dtypes.iloc[j]}, "
                f"first values: {values}); only the target column may hold text"
            )
    X = frame.iloc[:, [j for j in range(len(columns)) if j != at]].to_numpy(dtype="float64")
    return Table(X, frame.iloc[:, at].to_numpy(), None, what, dtype=dtype, index_labels=index_labels(frame))


def looks_like_path(text: str) -> bool:
    """Whether ``text``, naming no built-in data set, is meant as a file's path (it has a
    folder or a suffix), not a misspelt name.

    >>> looks_like_path("d.csv"), looks_like_path("data/train"), looks_like_path("irs")
    (True, True, False)
    """
    return "/" in text or os.sep in text or "." in Path(text).name


def missing_file(path: str | os.PathLike) -> str:
    """The message for a data file that is not there: the path as given and, where it is
    relative, as read from the current folder (a relative path in a settings file too).

    >>> import os
    >>> missing_file("d.csv") == f"no such file: 'd.csv' (read as {os.getcwd()}{os.sep}d.csv, from the current folder)"
    True
    """
    full = Path(path).expanduser()
    if full.is_absolute():
        return f"no such file: {str(path)!r}"
    return f"no such file: {str(path)!r} (read as {full.absolute()}, from the current folder)"
