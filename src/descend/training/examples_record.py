"""The per-example record of a run: for every training example and every epoch, what the
training step's own forward pass said of it (before that step's update): its loss, the
softmax probability of its given label, its margin (given-label logit minus the largest other,
Pleiss et al. 2020) and the class predicted. Dataset Cartography (Swayamdipta et al. 2020),
the Area Under the Margin and forgetting events (Toneva et al. 2019) are summaries of it
(:mod:`descend.examples`).

Arrays are ``(E, n)``: one row per recorded epoch, one column per example, keyed by its index
in the training set; an example the epoch did not see holds NaN (``predicted``: -1). Memory
and disk: 4 float32 and one int32 per example per epoch, 20 bytes. ``rows`` (``(n,)``, where
the training set is not the given data in its order: a validation split drew it) holds the row
of the given data each example is, the index every table names it by; ``n_rows`` how many rows
that data has, and ``index_labels`` (``(n_rows,)``, where the data was a pandas DataFrame or
Series with an index of its own) each row's label there, what ``df.loc`` takes.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from .._checks import InvalidArgument, number
from .._plural import counted

__all__ = ["ExampleRecord"]

TASKS = ("classification", "regression")
_FLOATS = ("loss", "p_label", "margin")
_KEYS = (
    "task",
    "classes",
    "class_names",
    "labels",
    "epochs",
    "loss",
    "p_label",
    "margin",
    "predicted",
    "updates_per_epoch",
    "rows",
    "n_rows",
    "index_labels",
)


class ExampleRecord:
    """Per-example, per-epoch training dynamics (see the module's docstring).

    ``updates_per_epoch`` is the number of optimizer updates the run made in each epoch (1: a
    full-batch run), ``None`` where unknown: a record built from arrays without it, a file
    saved before it was kept, or a run whose count changed between epochs. The tracker of
    ``train(..., track_examples=True)`` sets it; ``find_label_issues`` reads it
    (:mod:`descend.examples.initial_regime`, :mod:`descend.examples.learnt_late`: full-batch runs only).

    >>> import numpy as np
    >>> r = ExampleRecord.from_arrays(
    ...     task="classification", labels=[0, 1], epochs=[0, 1],
    ...     loss=[[0.7, 0.9], [0.2, np.nan]], p_label=[[0.5, 0.4], [0.8, np.nan]],
    ...     margin=[[0.0, -0.4], [1.4, np.nan]], predicted=[[0, 0], [0, -1]], updates_per_epoch=1)
    >>> r.n, r.classes, r.correct.tolist(), r.updates_per_epoch
    (2, 2, [[1.0, 0.0], [1.0, nan]], 1)
    >>> r
    ExampleRecord(2 examples, 2 epochs, 2 classes, 1 update per epoch)

    ``class_names`` (optional) name each class by its position, as a classifier's ``classes_``
    does (a ``GDClassifier`` sets them): the classes' own values (numbers stay numbers, text
    text), which the tables' label columns hold and the pictures show. ``labels`` and
    ``predicted`` hold positions among them.

    ``rows`` (optional) is the row of the data the user gave of each example, where the training
    set is not that data in its order (``val_data="split"`` drew it): the ``index`` of
    :func:`descend.examples` and :func:`descend.find_label_issues`. ``None`` (a run without a
    split, a file saved before rows were kept): an example's row is its position.

    >>> ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], rows=[7, 3]).rows.tolist()
    [7, 3]

    ``n_rows`` (optional) is the number of rows of that data: the examples' own number where
    ``rows`` is ``None``; ``None`` for a record with rows saved before the count was kept.
    ``index_labels`` (optional, one per row of the data) are the labels of a pandas DataFrame's
    (or Series') index where they are not the positions ``0 .. n_rows-1``: the tables add them
    as the column ``index_label``. Saved as they are where they are numbers, text or dates,
    else as their text.

    >>> r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], rows=[2, 0], n_rows=3,
    ...     index_labels=["a", "b", "c"])
    >>> r.n_rows, r.index_labels[r.rows].tolist()
    (3, ['c', 'a'])
    """

    task: str
    classes: int | None
    labels: np.ndarray | None
    epochs: np.ndarray
    loss: np.ndarray
    p_label: np.ndarray | None
    margin: np.ndarray | None
    predicted: np.ndarray | None
    updates_per_epoch: int | None
    class_names: tuple[Any, ...] | None
    rows: np.ndarray | None
    n_rows: int | None
    index_labels: np.ndarray | None

    def __init__(
        self,
        *,
        task: str,
        epochs: Any,
        loss: Any,
        labels: Any = None,
        p_label: Any = None,
        margin: Any = None,
        predicted: Any = None,
        classes: int | None = None,
        updates_per_epoch: int | None = None,
        class_names: Any = None,
        rows: Any = None,
        n_rows: int | None = None,
        index_labels: Any = None,
    ) -> None:
        if task not in TASKS:
            raise InvalidArgument(f"task must be one of {', '.join(map(repr, TASKS))}, got {task!r}")
        self.task = task
        self.updates_per_epoch = _updates(updates_per_epoch)
        self.epochs = np.asarray(epochs, dtype=np.int64).reshape(-1)
        self.loss = _table("loss", loss, np.float32, len(self.epochs))
        n = self.loss.shape[1]
        self.rows = _rows(rows, n)
        self.n_rows = _n_rows(n_rows, self.rows, n, index_labels)
        self.index_labels = _index_labels(index_labels, self.n_rows)
        if task == "regression":
            for name, value in (("labels", labels), ("p_label", p_label), ("margin", margin), ("predicted", predicted)):
                if value is not None:
                    raise InvalidArgument(f"{name} must be None for a regression record, got an array")
            self.labels = self.p_label = self.margin = self.predicted = None
            self.classes = None
            if class_names is not None:
                raise InvalidArgument("class_names must be None for a regression record, got names")
            self.class_names = None
            return
        for name, value in (("labels", labels), ("p_label", p_label), ("margin", margin), ("predicted", predicted)):
            if value is None:
                raise InvalidArgument(f"{name} must be an array for a classification record, got None")
        self.labels = np.asarray(labels, dtype=np.int64).reshape(-1)
        if self.labels.shape != (n,):
            raise InvalidArgument(f"labels must have one entry per example ({n}), got shape {self.labels.shape}")
        self.p_label = _table("p_label", p_label, np.float32, len(self.epochs), n)
        self.margin = _table("margin", margin, np.float32, len(self.epochs), n)
        self.predicted = _table("predicted", predicted, np.int32, len(self.epochs), n)
        if classes is None:  # the largest class seen (a scan of every epoch: give it where known)
            seen = int(self.labels.max()) + 1 if n else 0
            if self.predicted.size:
                seen = max(seen, int(self.predicted.max()) + 1)
            classes = max(seen, 2)
        self.classes = int(classes)
        self.class_names = _names(class_names, self.classes)

    @classmethod
    def from_arrays(cls, **arrays: Any) -> ExampleRecord:
        """A record from its arrays (lists are fine): ``task``, ``epochs``, ``loss`` and, for
        classification, ``labels``, ``p_label``, ``margin``, ``predicted`` (``classes``
        optional: by default the largest label or prediction plus one; ``updates_per_epoch``
        optional: by default ``None``, unknown; ``class_names``, ``rows``, ``n_rows`` and
        ``index_labels`` optional).

        >>> ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]]).n
        2
        """
        return cls(**arrays)

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A record pickled before the rows were kept (in a fitted estimator): every example, in order.
        self.__dict__.update(state)
        self.__dict__.setdefault("rows", None)
        self.__dict__.setdefault("n_rows", self.n)
        self.__dict__.setdefault("index_labels", None)

    @property
    def n(self) -> int:
        """The number of training examples."""
        return int(self.loss.shape[1])

    @property
    def correct(self) -> np.ndarray:
        """``(E, n)`` float32: 1 where the predicted class is the given label, 0 where not,
        NaN where the epoch did not see the example (classification only)."""
        if self.predicted is None or self.labels is None:
            raise InvalidArgument("correct needs a classification record, got a regression one")
        out = (self.predicted == self.labels[None, :]).astype(np.float32)
        out[self.predicted < 0] = np.nan
        return out

    def save(self, path: str | os.PathLike) -> Path:
        """Write the record as a compressed ``.npz`` (``run_folder.EXAMPLES`` in a run folder),
        replacing ``path`` in one rename. Returns the path."""
        path = Path(path)
        arrays = {
            "task": np.array(self.task),
            "classes": np.array(-1 if self.classes is None else self.classes, dtype=np.int64),
            "epochs": self.epochs,
            "loss": self.loss,
            "updates_per_epoch": np.array(-1 if self.updates_per_epoch is None else self.updates_per_epoch, np.int64),
        }
        if self.class_names is not None:
            arrays["class_names"] = np.asarray(self.class_names)  # their own dtype: integers stay integers
        if self.rows is not None:
            arrays["rows"] = self.rows
        if self.n_rows is not None:
            arrays["n_rows"] = np.array(self.n_rows, dtype=np.int64)
        if self.index_labels is not None:  # no pickles: labels that are objects are kept as text
            labels = self.index_labels
            arrays["index_labels"] = np.array([str(v) for v in labels]) if labels.dtype.kind == "O" else labels
        if self.task == "classification":
            arrays.update(labels=self.labels, p_label=self.p_label, margin=self.margin, predicted=self.predicted)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        try:
            np.savez_compressed(tmp, **arrays)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> ExampleRecord:
        """The record :meth:`save` wrote to ``path`` (``updates_per_epoch``, ``rows``, ``n_rows``
        and ``index_labels`` ``None`` where the file does not keep them: one saved before they
        were; ``n_rows`` then the number of examples where the file has no ``rows``)."""
        try:
            # The file opened here: np.load leaves it open where it is no archive.
            with open(path, "rb") as f, np.load(f, allow_pickle=False) as data:
                arrays = {k: data[k] for k in _KEYS if k in data.files}
        except (ValueError, EOFError, zipfile.BadZipFile, zlib.error, TypeError) as err:
            # NumPy reads a file that is no .npz archive as a pickle, and refuses it with advice
            # to load it unsafely (allow_pickle=True): not what to do with a record that is no record.
            # TypeError: a lone .npy array, which is no context manager.
            raise ValueError(
                f"{path} is not a descend examples record: not an .npz archive of plain arrays (the examples.npz a run "
                "with track_examples=True writes): a truncated or damaged copy (an interrupted copy, a full disk), or "
                "another file"
            ) from err
        except (OSError, KeyError) as err:
            raise ValueError(f"{path} is not a descend examples record ({err})") from err
        if "task" not in arrays or "loss" not in arrays or "epochs" not in arrays:
            raise ValueError(f"{path} is not a descend examples record (no task, epochs or loss array)")
        arrays["task"] = str(arrays["task"])
        classes = int(arrays.pop("classes", -1))
        updates = int(arrays.pop("updates_per_epoch", -1))
        if "class_names" in arrays:
            arrays["class_names"] = arrays["class_names"].tolist()
        try:
            return cls(
                **arrays, classes=None if classes < 0 else classes, updates_per_epoch=None if updates < 0 else updates
            )
        except InvalidArgument as err:  # arrays that do not fit together: say which file holds them
            raise ValueError(f"{path} is not a descend examples record ({err})") from err

    def equals(self, other: object) -> bool:
        """Same task, classes (and their names), updates per epoch, rows (and their count and
        labels) and arrays, bit for bit (NaN equal to NaN)."""
        if not isinstance(other, ExampleRecord):
            return False
        mine = (self.task, self.classes, self.updates_per_epoch, self.class_names, self.n_rows)
        if mine != (other.task, other.classes, other.updates_per_epoch, other.class_names, other.n_rows):
            return False
        for key in ("labels", "epochs", "loss", "p_label", "margin", "predicted", "rows", "index_labels"):
            a, b = getattr(self, key), getattr(other, key)
            if (a is None) != (b is None):
                return False
            if a is not None and not np.array_equal(a, b, equal_nan=a.dtype.kind == "f" and b.dtype.kind == "f"):
                return False
        return True

    def __repr__(self) -> str:
        kind = counted(self.classes, "class") if self.classes is not None else "regression"
        k = self.updates_per_epoch
        updates = "" if k is None else f", {counted(k, 'update')} per epoch"
        e = len(self.epochs)
        return f"ExampleRecord({counted(self.n, 'example')}, {counted(e, 'epoch')}, {kind}{updates})"


def _names(value: Any, classes: int) -> tuple[Any, ...] | None:
    """``value`` (one name per class, or ``None``) as a tuple of the classes' own values (plain
    Python numbers, booleans or text, as ``predict`` gives them), as text where they are other
    objects (which an ``.npz`` file keeps only as a pickle)."""
    if value is None:
        return None
    values = np.asarray(np.asarray(value).reshape(-1).tolist())  # an object array's values, one dtype
    if values.dtype.kind not in "biufU":
        values = values.astype(str)
    names = tuple(values.tolist())
    if len(names) != classes:
        raise InvalidArgument(f"class_names must name each of the {classes} classes, got {counted(len(names), 'name')}")
    return names


def _rows(value: Any, n: int) -> np.ndarray | None:
    """``rows`` checked: one distinct row (an integer >= 0) per example, or ``None``."""
    if value is None:
        return None
    rows = np.asarray(value)
    if rows.shape != (n,) or (n and (rows.dtype.kind not in "iu" or rows.min() < 0)):
        raise InvalidArgument(
            f"rows must hold one row of the data (an integer >= 0) per example ({n}), got shape {rows.shape} "
            f"of {rows.dtype}"
        )
    if len(np.unique(rows)) != n:
        raise InvalidArgument("rows must name a distinct row of the data for each example, got a row twice")
    return rows.astype(np.int64)


def _n_rows(value: Any, rows: np.ndarray | None, n: int, labels: Any) -> int | None:
    """``n_rows`` checked: the number of rows of the data given, at least one past every row of
    ``rows`` (``n`` where there are none); by default ``n`` without ``rows``, else the number
    of ``labels`` where given, else ``None`` (unknown: a record saved before it was kept)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if value is None and (rows is None or labels is None):
        return n if rows is None else None
    if value is None:
        value = len(np.asarray(labels).reshape(-1))
    value = number("n_rows", value, integer=True, ge=0)
    if rows is None and value != n:
        raise InvalidArgument(f"n_rows must be the number of examples ({n}) where the record has no rows, got {value}")
    least = max(n, int(rows.max()) + 1) if rows is not None and n else n
    if value < least:
        raise InvalidArgument(
            f"n_rows must be the number of rows of the data given, at least one past its largest row ({least}), "
            f"got {value}"
        )
    return int(value)


def _index_labels(value: Any, n_rows: int | None) -> np.ndarray | None:
    """``index_labels`` checked: one label per row of the data (text given as objects made text)."""
    if value is None:
        return None
    labels = np.asarray(value)
    if labels.ndim != 1 or labels.shape[0] != n_rows:
        raise InvalidArgument(
            f"index_labels must hold one label per row of the data ({n_rows}), got shape {labels.shape}"
        )
    if labels.dtype.kind == "O" and all(isinstance(v, str) for v in labels):
        labels = labels.astype(str)
    return labels


def _updates(value: Any) -> int | None:
    """``updates_per_epoch`` checked: an integer at least 1, or ``None`` (unknown)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:  # as np.load gives it back
        value = value.item()
    return number("updates_per_epoch", value, integer=True, ge=1, none=True)


def _table(name: str, value: Any, dtype: type, rows: int, columns: int | None = None) -> np.ndarray:
    out = np.asarray(value, dtype=dtype)
    if out.ndim == 1 and rows == 0 and out.size == 0:
        out = out.reshape(0, columns or 0)
    if out.ndim != 2 or out.shape[0] != rows or (columns is not None and out.shape[1] != columns):
        want = f"({rows}, {'n' if columns is None else columns})"
        raise InvalidArgument(f"{name} must be an array of shape {want} (epochs, examples), got shape {out.shape}")
    return out
