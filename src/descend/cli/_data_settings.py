"""The data settings of a run: ``data``, a built-in data set or the path of a text CSV file, and
``val_data`` beside it ('split', none, or the path of a validation CSV file), checked as
``RunConfig`` (:mod:`._settings`) takes them."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from .._names import did_you_mean
from ..training.data import names as data_names
from ..training.data.identify import looks_like_path, missing_file
from ._parsers import NONE_WORDS

__all__ = ["data_setting", "val_data_setting"]


def data_setting(value: Any) -> str:
    """``data`` as a run takes it: a built-in data set's name, or a CSV file's absolute path."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"expected a built-in data set ({', '.join(data_names())}) or the path of a CSV file, got {value!r}"
        )
    key = value.strip().lower().replace("-", "_")
    if key in data_names():
        return key
    path = Path(value).expanduser()
    if path.is_file():
        _refuse_binary(path, value)
        return str(path.resolve())  # the run folder may be read from another directory
    if path.exists():
        raise ValueError(f"{value!r} is a directory, not a CSV file")
    if looks_like_path(value):
        raise ValueError(missing_file(value))
    raise ValueError(
        f"{value!r} is neither a built-in data set nor a CSV file."
        f"{did_you_mean(key, data_names())} Built-in data sets: {', '.join(data_names())}."
    )


def val_data_setting(value: Any, data: Any) -> str | None:
    """``val_data`` as a run on ``data`` (checked before it) takes it: ``None``, ``"split"``, or
    a CSV file's absolute path."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in NONE_WORDS:
        if data in data_names():  # train would split it all the same
            raise ValueError(
                f"the built-in data set {data!r} always holds out its own validation part (20%), "
                f"which {value!r} cannot turn off; leave it out, or train on a CSV file to run without validation"
            )
        return None
    if isinstance(value, str) and value.strip().lower() == "split":
        return "split"
    path = Path(str(value)).expanduser()
    if not path.is_file():
        if path.is_dir():
            raise ValueError(f"expected 'split', 'none' or the path of a CSV file, got {value!r} (a directory)")
        raise ValueError(f"expected 'split', 'none' or the path of a CSV file; {missing_file(value)}")
    _refuse_binary(path, value)
    return str(path.resolve())


def _refuse_binary(path: Path, value: Any) -> None:
    """Refuse a data file that is not text (a NUL byte among its first bytes: a NumPy ``.npz`` or
    ``.npy``, a torch or pickle file, a spreadsheet), which would otherwise fail as a CSV file that
    is not UTF-8. UTF-16 text (its NUL bytes after a byte-order mark) is left to the CSV reader,
    which says to save it as UTF-8."""
    with path.open("rb") as file:
        start = file.read(4096)
    if b"\0" in start and not start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError(
            f"{value!r} is a binary file, not a CSV file (text: a header row, then one row per example); "
            "save the arrays as CSV (numpy.savetxt with a header), or train on them from Python: "
            "descend.train(model, (X, y))"
        )
