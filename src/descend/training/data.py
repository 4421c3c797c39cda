"""Training data for ``descend.train``: every accepted input becomes one :class:`Prepared`.

:func:`prepare` accepts a pair ``(X, y)`` of tensors, NumPy arrays or lists; a map-style
``torch.utils.data.Dataset`` of ``(x, y)`` pairs; a ``torch.utils.data.DataLoader``; the path
of a CSV file (``target=`` names the label column); or a built-in data set name
(:data:`DATASETS`). The result holds a training :class:`Source` (what the loop iterates), an
optional validation source, and what a model needs to know: the task, the input shape and
the number of outputs.

Errors: an argument of the wrong type raises ``TypeError``; every other problem with the
input (a missing file included) raises ``ValueError`` naming the bad value and what is
allowed.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import math
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import (BatchSampler, DataLoader, Dataset, IterableDataset, RandomSampler,
                              TensorDataset)

from .._names import choice, did_you_mean

__all__ = ["prepare", "Prepared", "Source", "DATASETS", "TASKS"]

#: Built-in data sets, loaded offline from the files bundled with scikit-learn.
DATASETS = ("digits", "breast_cancer", "diabetes", "iris", "wine")

#: What a data set can be for.
TASKS = ("classification", "regression")

# Validation data is only evaluated, so it goes through in few large batches.
_VAL_BATCH = 4096
# CSV cells that mean "no value" (compared after stripping and lower-casing).
_MISSING = frozenset({"", "na", "nan", "n/a", "null", "none"})
_IMAGE_SHAPES = {"digits": (1, 8, 8)}


# ---------------------------------------------------------------------------------------------
# Sources: what the loop iterates
# ---------------------------------------------------------------------------------------------


class Source:
    """The batches of one part of the data (training or validation), in a reproducible order.

    ``len(source)`` is the number of batches per epoch and ``source.n`` the number of
    examples; ``batch_size`` is ``None`` for one full batch. ``batches(epoch, start)`` yields
    the ``(x, y)`` batches of an epoch from batch index ``start`` on, so a run stopped
    mid-epoch resumes exactly. A shuffled source draws a fresh order every epoch from
    ``(seed, epoch)`` alone and never touches the global random state. ``part=(r, w)`` yields
    worker ``r``'s share of each batch when ``w`` workers split it (data-parallel training):
    rows ``[m r / w, m (r+1) / w)`` of a batch of ``m``, so the shares differ by at most one
    example and together are the batch. ``rows(b)`` is batch ``b``'s size before the split
    (``None`` where a user's loader does not say). With ``reuse=True``
    a shuffled in-memory source gathers the inputs of every batch into the same buffer, so that
    a training loop allocates no big block per step; each batch is then valid until the next.

    >>> src = prepare((torch.arange(10.0).reshape(5, 2), torch.arange(5)), batch_size=2).train
    >>> len(src), src.n, [len(y) for _, y in src.batches(epoch=0)]
    (3, 5, [2, 2, 1])
    """

    n: int
    batch_size: int | None
    shuffle: bool
    seed: int

    def __len__(self) -> int:
        raise NotImplementedError

    def batches(self, epoch: int = 0, start: int = 0, reuse: bool = False,
                part: tuple[int, int] = (0, 1)) -> Iterator[tuple[Tensor, Tensor]]:
        """The ``(x, y)`` batches of ``epoch``, beginning at batch index ``start``."""
        _check_position(epoch, start, len(self))
        return self._batches(epoch, start, reuse, part)

    def head(self, k: int) -> tuple[Tensor, Tensor]:
        """The first ``k`` examples (fewer if the source has fewer) of epoch 0's order, as one
        ``(x, y)`` pair: a fixed evaluation batch.

        >>> X, y = prepare((torch.arange(10.0).reshape(5, 2), torch.arange(5))).train.head(3)
        >>> X.shape, y.tolist()
        (torch.Size([3, 2]), [0, 1, 2])
        """
        xs, ys, n = [], [], 0
        for xb, yb in self.batches(0):
            xs.append(xb)
            ys.append(yb)
            n += len(yb)
            if n >= k:
                break
        return torch.cat(xs)[:k], torch.cat(ys)[:k]

    def rows(self, b: int) -> int | None:
        """The number of examples in batch ``b`` (of the whole batch, before any split)."""
        size = self.n if self.batch_size is None else self.batch_size
        return min(size, self.n - b * size)

    def to(self, device: torch.device | str) -> Source:
        """This source with its batches on ``device``."""
        raise NotImplementedError

    def _batches(self, epoch: int, start: int, reuse: bool,
                 part: tuple[int, int]) -> Iterator[tuple[Tensor, Tensor]]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return (f"{type(self).__name__.lstrip('_')}(n={self.n}, batch_size={self.batch_size}, "
                f"batches={len(self)}, shuffle={self.shuffle})")


class _TensorSource(Source):
    """In-memory tensors, indexed directly: the fast path."""

    def __init__(self, X: Tensor, y: Tensor, batch_size: int | None, shuffle: bool, seed: int):
        self.X, self.y = X, y
        self.n, self.batch_size, self.shuffle, self.seed = len(X), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def to(self, device: torch.device | str) -> _TensorSource:
        return _TensorSource(self.X.to(device), self.y.to(device), self.batch_size,
                             self.shuffle, self.seed)

    def _batches(self, epoch: int, start: int, reuse: bool,
                 part: tuple[int, int]) -> Iterator[tuple[Tensor, Tensor]]:
        X, y, size = self.X, self.y, self.batch_size
        if size is None:
            if start == 0:
                lo, hi = _share(self.n, part)
                yield X[lo:hi], y[lo:hi]
            return
        if not self.shuffle:
            for b in range(start, len(self)):
                lo, hi = _share(self.rows(b), part)
                yield X[b * size + lo:b * size + hi], y[b * size + lo:b * size + hi]
            return
        order = _epoch_order(self.n, self.seed, epoch)
        if order.device != X.device:
            order = order.to(X.device)  # once per epoch, not per batch
        # index_select: faster than X[idx] on CPU. Into a reused buffer, a batch's inputs are
        # not a big fresh allocation per step, which the C allocator would interleave with the
        # small objects a step keeps, growing the heap by fragments (seen: +150 MB in one
        # epoch of 1024 x 100 batches).
        most = -(-size // part[1])  # the largest share of any batch
        xbuf = X.new_empty((most, *X.shape[1:])) if reuse else None
        for b in range(start, len(self)):
            lo, hi = _share(self.rows(b), part)
            idx = order[b * size + lo:b * size + hi]
            if reuse:
                m = len(idx)
                yield torch.index_select(X, 0, idx, out=xbuf[:m]), y.index_select(0, idx)
            else:
                yield X.index_select(0, idx), y.index_select(0, idx)


class _DatasetSource(Source):
    """A map-style Dataset, read through a DataLoader whose batches follow our own order."""

    def __init__(self, dataset: Dataset, indices: np.ndarray, batch_size: int | None,
                 shuffle: bool, seed: int, task: str, device: torch.device | str | None = None):
        self.dataset, self.indices, self.task, self.device = dataset, indices, task, device
        self.n, self.batch_size, self.shuffle, self.seed = len(indices), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def to(self, device: torch.device | str) -> _DatasetSource:
        return _DatasetSource(self.dataset, self.indices, self.batch_size, self.shuffle,
                              self.seed, self.task, device)

    def _batches(self, epoch: int, start: int, reuse: bool,
                 part: tuple[int, int]) -> Iterator[tuple[Tensor, Tensor]]:
        size = self.n if self.batch_size is None else self.batch_size
        order = self.indices
        if self.shuffle:
            order = order[_epoch_order(self.n, self.seed, epoch).numpy()]
        chunks = [order[b * size:(b + 1) * size] for b in range(start, len(self))]
        chunks = [chunk[slice(*_share(len(chunk), part))].tolist() for chunk in chunks]
        for xb, yb in DataLoader(self.dataset, batch_sampler=chunks, num_workers=0):
            yield _cast_batch(xb, yb, self.task, self.device)


class _LoaderSource(Source):
    """A user's DataLoader, iterated as given: its own batch size, order and workers.

    ``batch_size`` is the loader's (``None`` where it has its own batch sampler). Resuming
    at batch ``start`` loads and skips the first ``start`` batches. A shuffling
    loader draws its order from the global torch RNG (or its own generator), so reproducing
    an interrupted epoch needs that state restored first; ``descend.train`` does so.
    """

    def __init__(self, loader: DataLoader, n: int, task: str,
                 device: torch.device | str | None = None):
        self.loader, self.task, self.device = loader, task, device
        self.n, self.batch_size, self.seed = n, loader.batch_size, 0
        self.shuffle = isinstance(loader.sampler, RandomSampler)

    def __len__(self) -> int:
        return len(self.loader)

    def to(self, device: torch.device | str) -> _LoaderSource:
        return _LoaderSource(self.loader, self.n, self.task, device)

    def rows(self, b: int) -> int | None:
        if self.batch_size is None:
            return None  # the loader's own batch sampler decides
        return min(self.batch_size, self.n - b * self.batch_size)

    def _batches(self, epoch: int, start: int, reuse: bool,
                 part: tuple[int, int]) -> Iterator[tuple[Tensor, Tensor]]:
        # Every worker loads each whole batch and keeps its share: a user's loader cannot
        # be asked for a part of a batch.
        for batch in islice(self.loader, start, None):
            xb, yb = _unpack_pair(batch, "a DataLoader batch")
            lo, hi = _share(len(xb), part)
            yield _cast_batch(xb[lo:hi], yb[lo:hi], self.task, self.device)


def _share(m: int, part: tuple[int, int]) -> tuple[int, int]:
    """Worker ``r`` of ``w``'s rows ``[lo, hi)`` of a batch of ``m``."""
    r, w = part
    return m * r // w, m * (r + 1) // w


def _epoch_order(n: int, seed: int, epoch: int) -> Tensor:
    # SeedSequence mixes (seed, epoch) so that neighbouring seeds and epochs give unrelated
    # orders; a private generator keeps the global RNG untouched.
    mixed = np.random.SeedSequence([seed, epoch]).generate_state(1, dtype=np.uint64)[0]
    return torch.randperm(n, generator=torch.Generator().manual_seed(int(mixed)))


def _cast_batch(xb: Any, yb: Any, task: str, device) -> tuple[Tensor, Tensor]:
    xb, yb = torch.as_tensor(xb), torch.as_tensor(yb)
    if xb.dtype != torch.float32:
        xb = xb.float()
    if xb.ndim == 1:  # scalar examples are one feature each, as for in-memory data
        xb = xb[:, None]
    want = torch.int64 if task == "classification" else torch.float32
    if yb.dtype != want:
        yb = yb.to(want)
    if device is not None:
        xb, yb = xb.to(device), yb.to(device)
    return xb, yb


def _check_position(epoch: Any, start: Any, n_batches: int) -> None:
    if not _is_int(epoch):
        raise TypeError(f"epoch must be an integer >= 0, got {epoch!r}")
    if epoch < 0:
        raise ValueError(f"epoch must be an integer >= 0, got {epoch!r}")
    if not _is_int(start):
        raise TypeError(f"start must be an integer batch index, got {start!r}")
    if not 0 <= start <= n_batches:
        raise ValueError(
            f"start must be a batch index from 0 to {n_batches} (batches per epoch), "
            f"got {start!r}"
        )


# ---------------------------------------------------------------------------------------------
# Prepared
# ---------------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """Training (and validation) data ready for the loop, and what a model needs to know.

    ``task`` is ``"classification"`` or ``"regression"``. ``input_shape`` is the shape of one
    example and ``n_features`` its number of elements. ``n_outputs`` is the number of classes
    for classification and the target width for regression. ``classes`` maps class index to
    the original label where labels were text or bool (``None`` for integer labels, which are
    the class indices). ``image_shape`` is ``(channels, height, width)`` for image data (the
    8x8 "digits" are stored flat as 64 features), else ``None``. Where features or a
    regression target were standardised, ``feature_mean``/``feature_scale`` and
    ``target_mean``/``target_scale`` hold the training statistics: a standardised prediction
    ``p`` is ``p * target_scale + target_mean`` in the original units. ``name`` says where
    the data came from: a built-in name, ``"arrays"``, ``"csv:<file>"``, ``"dataset"`` or
    ``"loader"``.

    >>> p = prepare("iris")
    >>> p.task, p.n_features, p.n_outputs, p.train.n, p.val.n
    ('classification', 4, 3, 120, 30)
    """

    train: Source
    val: Source | None
    task: str
    n_features: int
    input_shape: tuple[int, ...]
    n_outputs: int
    classes: list | None = None
    image_shape: tuple[int, int, int] | None = None
    target_mean: Tensor | None = None
    target_scale: Tensor | None = None
    feature_mean: Tensor | None = None
    feature_scale: Tensor | None = None
    name: str = "arrays"


# ---------------------------------------------------------------------------------------------
# prepare
# ---------------------------------------------------------------------------------------------


def prepare(
    data: Any,
    val_data: Any = None,
    *,
    target: str | None = None,
    batch_size: int | None = None,
    seed: int = 0,
    val_fraction: float = 0.2,
    standardize: bool | None = None,
    task: str | None = None,
) -> Prepared:
    """Turn ``data`` (and ``val_data``) into training and validation :class:`Source` objects.

    Args:
        data: ``(X, y)`` tensors, arrays or lists; a map-style ``Dataset`` of ``(x, y)``
            pairs; a ``DataLoader``; a CSV path; or a name in :data:`DATASETS`.
        val_data: validation data of any of those kinds (a CSV path uses the same
            ``target``; with a training CSV, its columns are matched to the training file's
            by name, in any order), ``"split"`` to hold out ``val_fraction`` of ``data``
            (stratified for classification, reproducible from ``seed``), or ``None``: no validation,
            except that built-in data sets are always split.
        target: the label column of a CSV file; every other column is a feature.
        batch_size: ``None`` for full-batch (one batch per epoch, in the original order),
            ``1`` for stochastic and ``k`` for mini-batch gradient descent (reshuffled every
            epoch, last partial batch kept). A ``DataLoader`` brings its own batching, so
            ``batch_size`` must stay ``None`` with one.
        seed: fixes the split and every epoch's order.
        standardize: scale features (and regression targets) to mean 0 and standard
            deviation 1 with statistics of the training part only; ``None`` means yes for
            built-in data sets and no otherwise. In-memory data only.
        task: ``"classification"`` or ``"regression"`` to override the inference from the
            labels' type: integer, bool or text labels mean classification, floating
            labels regression.

    Features become float32 (float64 input is cast), labels int64 of shape ``(n,)`` for
    classification and targets float32 of shape ``(n,)`` or ``(n, k)`` for regression. A
    1-D ``X`` is one feature per example. Datasets and DataLoaders are checked on their
    first example/batch only, and their labels are scanned once to count the classes
    (their ``targets`` attribute is used where present).

    >>> p = prepare("digits", batch_size=32, seed=1)
    >>> p.n_features, p.n_outputs, p.image_shape, p.train.n, len(p.train)
    (64, 10, (1, 8, 8), 1437, 45)
    >>> xb, yb = next(p.train.batches(epoch=0))
    >>> tuple(xb.shape), yb.dtype
    ((32, 64), torch.int64)
    """
    _check_seed(seed)
    _check_batch_size_type(batch_size)
    if task is not None:
        task = choice(task, TASKS, "task")
    if isinstance(val_fraction, bool) or not isinstance(val_fraction, (int, float)) \
            or not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be a number strictly between 0 and 1, "
                         f"got {val_fraction!r}")
    if standardize is not None and not isinstance(standardize, bool):
        raise TypeError(f"standardize must be True, False or None, got {standardize!r}")

    kind, payload, name = _identify(data, target, "data")
    if kind == "memory":
        return _prepare_memory(payload, name, val_data, target=target, batch_size=batch_size,
                               seed=seed, val_fraction=val_fraction,
                               standardize=standardize, task=task)
    if standardize:
        raise ValueError(f"standardize=True needs in-memory data (arrays, a CSV file or a "
                         f"built-in name), not a {kind}")
    if kind == "dataset":
        return _prepare_dataset(payload, val_data, target=target, batch_size=batch_size,
                                seed=seed, val_fraction=val_fraction, task=task)
    return _prepare_loader(payload, val_data, target=target, batch_size=batch_size, task=task)


def _identify(data: Any, target: str | None, what: str) -> tuple[str, Any, str]:
    """Sort ``data`` into ("memory", _Table), ("dataset", Dataset) or ("loader", DataLoader)."""
    if isinstance(data, DataLoader):
        _no_target(target, "a DataLoader")
        return "loader", data, "loader"
    if isinstance(data, TensorDataset) and len(data.tensors) == 2:
        _no_target(target, "a Dataset")
        X, y = data.tensors
        return "memory", _Table(X, y, None, what), "dataset"
    if isinstance(data, IterableDataset):
        raise TypeError(f"{what} is an IterableDataset, which cannot be reshuffled by index; "
                        f"wrap it in a DataLoader with a length")
    if isinstance(data, Dataset):
        _no_target(target, "a Dataset")
        return "dataset", data, "dataset"
    if isinstance(data, (str, os.PathLike)):
        key = str(data).strip().lower().replace("-", "_")
        if isinstance(data, str) and key in DATASETS and what == "data":
            _no_target(target, f"the built-in data set {key!r}")
            X, y = _load_builtin(key)
            return "memory", _Table(X, y, None, what, builtin=key), key
        path = Path(data)
        if path.is_file():
            return "memory", _read_csv(path, target, what), f"csv:{path.name}"
        if path.exists():
            raise ValueError(f"{what} {str(data)!r} is a directory, not a CSV file")
        if not isinstance(data, str) or _looks_like_path(data):
            raise ValueError(f"no such file: {str(data)!r}")
        if what == "val_data":
            raise ValueError(f"val_data must be 'split', validation data or the path of a CSV "
                             f"file; got {data!r}")
        hint = did_you_mean(key, DATASETS)
        raise ValueError(f"unknown data set {data!r}.{hint} Built-in data sets: "
                         f"{', '.join(DATASETS)}; or pass the path of a CSV file.")
    if isinstance(data, (tuple, list)) and len(data) == 2:
        _no_target(target, "(X, y) arrays")
        return "memory", _Table(data[0], data[1], None, what), "arrays"
    raise TypeError(
        f"{what} must be a pair (X, y) of tensors/arrays, a torch Dataset or DataLoader, a CSV "
        f"path or a built-in name ({', '.join(DATASETS)}); got {_describe(data)}"
    )


def _is_split(val_data: Any) -> bool:
    return isinstance(val_data, str) and val_data == "split"


def _no_target(target: str | None, kind: str) -> None:
    if target is not None:
        raise ValueError(f"target={target!r} names the label column of a CSV file; it does "
                         f"not apply to {kind}")


def _looks_like_path(text: str) -> bool:
    return "/" in text or os.sep in text or "." in Path(text).name


# ---------------------------------------------------------------------------------------------
# In-memory data: arrays, CSV files, built-in data sets
# ---------------------------------------------------------------------------------------------


class _Table:
    """Features as a float32 tensor and labels still raw, checked for shape and finiteness.
    A CSV file's table also knows its ``file`` and the names of ``X``'s ``columns``."""

    def __init__(self, X: Any, y: Any, lines: list[int] | None, what: str,
                 builtin: str | None = None, file: Path | None = None,
                 columns: list[str] | None = None):
        self.what, self.lines, self.builtin = what, lines, builtin
        self.file, self.columns = file, columns
        self.X = _features(X, what)
        self.y = _raw_labels(y, what)
        if len(self.X) != len(self.y):
            raise ValueError(f"{what}: X has {len(self.X)} rows but y has {len(self.y)}")
        if len(self.X) == 0:
            raise ValueError(f"{what} is empty: X and y have 0 rows")
        _check_finite(self.X, f"{what} X", lines)


def _prepare_memory(table: _Table, name: str, val_data: Any, *, target, batch_size, seed,
                    val_fraction, standardize, task) -> Prepared:
    builtin = table.builtin is not None
    if builtin and not (val_data is None or _is_split(val_data)):
        raise ValueError(f"the built-in data set {name!r} is split automatically; val_data "
                         f"must be None or 'split', got {_describe(val_data)}")
    if standardize is None:
        standardize = builtin
    labels = _Labels(table.y, f"{table.what} y", task, table.lines)
    labels.check_two_classes()
    X, y = table.X, labels.values

    val_X = val_y = val_source = None
    split = builtin or _is_split(val_data)
    if split:
        train_idx, val_idx = _split(len(X), labels.stratify(), seed, val_fraction)
        X, val_X = X[train_idx], X[val_idx]
        y, val_y = y[train_idx], y[val_idx]
    elif val_data is not None:
        kind, payload, _ = _identify(val_data, target, "val_data")
        if kind == "memory":
            val_X = _by_column_name(payload, table)
            val_y = labels.encode_more(payload.y, "val_data y")
            _check_same_input(val_X.shape[1:], X.shape[1:])
            if len(val_y) and labels.task == "regression":
                _check_same_input(val_y.shape[1:], y.shape[1:], what="targets")
        elif standardize:
            raise ValueError("standardize=True needs in-memory validation data too, not a "
                             f"{kind}")
        elif labels.text_classes:
            raise ValueError(f"val_data is a {kind} with numeric labels, but the training "
                             f"labels are text ({', '.join(map(repr, labels.classes[:3]))}, ...)")
        else:
            val_source, val_info = _external_val(kind, payload, labels.task)
            _check_same_input(val_info.input_shape, tuple(X.shape[1:]))
            if labels.task == "classification":
                labels.n_outputs = max(labels.n_outputs, val_info.n_outputs)

    feature_mean = feature_scale = target_mean = target_scale = None
    if standardize:
        feature_mean, feature_scale = _fit_scaler(X)
        X = (X - feature_mean) / feature_scale
        if val_X is not None:
            val_X = (val_X - feature_mean) / feature_scale
        if labels.task == "regression":
            target_mean, target_scale = _fit_scaler(y)
            y = (y - target_mean) / target_scale
            if val_y is not None:
                val_y = (val_y - target_mean) / target_scale

    _check_batch_size(batch_size, len(X))
    train = _TensorSource(X, y, batch_size, shuffle=batch_size is not None, seed=seed)
    if val_X is not None:
        val_source = _TensorSource(val_X, val_y, _val_batch(len(val_X)), shuffle=False,
                                   seed=seed)
    input_shape = tuple(X.shape[1:])
    return Prepared(
        train=train, val=val_source, task=labels.task, n_features=math.prod(input_shape),
        input_shape=input_shape, n_outputs=labels.n_outputs, classes=labels.classes,
        image_shape=_IMAGE_SHAPES.get(name, input_shape if len(input_shape) == 3 else None),
        target_mean=target_mean, target_scale=target_scale, feature_mean=feature_mean,
        feature_scale=feature_scale, name=name,
    )


def _by_column_name(val: _Table, train: _Table) -> Tensor:
    """``val``'s features in the order of ``train``'s: where both come from CSV files, their
    columns are matched by name, whatever their order; else by position."""
    if val.columns is None or train.columns is None or val.columns == train.columns:
        return val.X
    missing = [c for c in train.columns if c not in val.columns]
    extra = [c for c in val.columns if c not in train.columns]
    twice = sorted({c for c in (*train.columns, *val.columns)
                    if train.columns.count(c) > 1 or val.columns.count(c) > 1})
    if missing or extra or twice:
        problems = [f"it lacks {_names(missing)}" if missing else "",
                    f"it has {_names(extra)}, which the training file has not" if extra else "",
                    f"{_names(twice)} {'appears' if len(twice) == 1 else 'appear'} more than "
                    f"once" if twice else ""]
        raise ValueError(
            f"val_data {str(val.file)!r} does not have the feature columns of the training "
            f"file {str(train.file)!r}: {'; '.join(p for p in problems if p)}. Validation "
            f"columns are matched to the training columns by name; the training file's are: "
            f"{', '.join(train.columns)}")
    return val.X[:, [val.columns.index(c) for c in train.columns]]


def _names(columns: list[str]) -> str:
    return ("the column " if len(columns) == 1 else "the columns ") + ", ".join(map(repr, columns))


def _features(X: Any, what: str) -> Tensor:
    if isinstance(X, Tensor):
        X = X.detach()
        if X.is_complex():
            raise ValueError(f"{what} X must hold real numbers, got dtype {X.dtype}")
        X = X if X.dtype == torch.float32 else X.float()
    else:
        arr = _as_numpy(X, f"{what} X")
        if arr.dtype.kind not in "biuf":
            raise ValueError(f"{what} X must be numeric, got an array of dtype {arr.dtype}"
                             f"{_first_values(arr)}")
        X = torch.tensor(arr, dtype=torch.float32)
    if X.ndim == 0:
        raise ValueError(f"{what} X must have one row per example, got a scalar")
    return X.reshape(-1, 1) if X.ndim == 1 else X


def _raw_labels(y: Any, what: str) -> Tensor | np.ndarray:
    """Labels as a tensor, or a NumPy array of str when they are text."""
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
        raise ValueError(f"{what} y must hold numbers or text labels, got an array of dtype "
                         f"{arr.dtype}{_first_values(arr)}")
    return torch.tensor(arr)


def _as_numpy(value: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{what} could not be turned into an array ({exc}); rows of unequal "
                         f"length are a common cause") from None


def _first_values(arr: np.ndarray) -> str:
    return f" (first values: {', '.join(repr(v) for v in arr.ravel()[:3].tolist())})"


class _Labels:
    """Labels encoded for training: int64 class indices or float32 targets."""

    def __init__(self, y: Tensor | np.ndarray, what: str, task: str | None,
                 lines: list[int] | None = None):
        self.what, self.lines = what, lines
        self.classes: list | None = None
        if isinstance(y, np.ndarray):  # text labels: sorted unique labels become 0..K-1
            if task == "regression":
                raise ValueError(f"{what} holds text labels{_first_values(y)} but "
                                 f"task='regression' needs numbers")
            self.task = "classification"
            y = _squeeze_labels(y, what)
            self.classes, codes = np.unique(y, return_inverse=True)
            self.classes = self.classes.tolist()
            self.values = torch.tensor(codes.reshape(-1), dtype=torch.int64)
        else:
            inferred = "regression" if y.is_floating_point() else "classification"
            self.task = task or inferred
            if y.dtype == torch.bool:
                self.classes = [False, True]
            self.values = self._encode_numbers(y, what)
        if self.task == "classification":
            self.n_outputs = len(self.classes) if self.classes else _n_classes(self.values, what)
        else:
            self.n_outputs = 1 if self.values.ndim == 1 else self.values.shape[1]

    @property
    def text_classes(self) -> bool:
        return self.classes is not None and not isinstance(self.classes[0], bool)

    def check_two_classes(self) -> None:
        if self.task == "classification" and self.n_outputs < 2:
            only = self.classes[0] if self.classes else 0
            raise ValueError(f"{self.what}: classification needs at least 2 classes, but every "
                             f"label is {only!r}")

    def stratify(self) -> Tensor | None:
        return self.values if self.task == "classification" else None

    def _encode_numbers(self, y: Tensor, what: str) -> Tensor:
        if self.task == "regression":
            y = y if y.dtype == torch.float32 else y.float()
            if y.ndim not in (1, 2):
                raise ValueError(f"{what}: regression targets must have shape (n,) or (n, k), "
                                 f"got {tuple(y.shape)}")
            _check_finite(y, what, self.lines)
            return y
        y = _squeeze_labels(y, what)
        if y.is_floating_point():
            _check_finite(y, what, self.lines)
            fractional = torch.nonzero(y != y.round())
            if len(fractional):
                row = int(fractional[0, 0])
                raise ValueError(f"{what}: classification labels must be whole numbers, got "
                                 f"{float(y[row])} in row {row}")
        return y if y.dtype == torch.int64 else y.long()

    def encode_more(self, y: Tensor | np.ndarray, what: str) -> Tensor:
        """Encode validation labels the way the training labels were."""
        if self.task == "regression":
            if isinstance(y, np.ndarray):
                raise ValueError(f"{what} holds text labels{_first_values(y)}, but the "
                                 f"training targets are numbers (regression)")
            return self._encode_numbers(y, what)
        if self.text_classes:
            if not isinstance(y, np.ndarray):
                raise ValueError(f"{what} holds numbers, but the training labels are text "
                                 f"({', '.join(map(repr, self.classes[:3]))}, ...)")
            y = _squeeze_labels(y, what)
            lookup = {c: i for i, c in enumerate(self.classes)}
            unseen = [v for v in y.tolist() if v not in lookup]
            if unseen:
                raise ValueError(f"{what} has the label {unseen[0]!r}, which is not among the "
                                 f"training classes: {', '.join(map(repr, self.classes))}")
            return torch.tensor([lookup[v] for v in y.tolist()], dtype=torch.int64)
        if isinstance(y, np.ndarray):
            raise ValueError(f"{what} holds text labels{_first_values(y)}, but the training "
                             f"labels are numbers")
        encoded = self._encode_numbers(y, what)
        if len(encoded) and self.classes is None:
            self.n_outputs = max(self.n_outputs, _n_classes(encoded, what))
        return encoded


def _squeeze_labels(y, what: str):
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.reshape(-1)
    if y.ndim != 1:
        raise ValueError(f"{what}: classification labels must have shape (n,), got "
                         f"{tuple(y.shape)}")
    return y


def _n_classes(labels: Tensor, what: str) -> int:
    if len(labels) == 0:
        return 0
    low = int(labels.min())
    if low < 0:
        row = int(torch.nonzero(labels < 0)[0, 0])
        raise ValueError(f"{what}: classification labels must be class indices >= 0, got "
                         f"{low} (first negative label in row {row})")
    return int(labels.max()) + 1


def _check_finite(values: Tensor, what: str, lines: list[int] | None = None) -> None:
    """Raise naming how many rows hold NaN or infinity and the first (its file line for CSV)."""
    if not values.is_floating_point():
        return
    rows = values.reshape(len(values), -1)
    # One pass, no copy and no mask: any NaN or infinity makes the sum non-finite; only then
    # look for where they are (the sum of large finite values may overflow: then none is found).
    if bool(torch.isfinite(rows.sum())):
        return
    problems = []
    for kind, test in (("NaN", torch.isnan), ("infinity", torch.isinf)):
        bad = torch.nonzero(test(rows).any(dim=1)).reshape(-1)
        if len(bad):
            plural = "row" if len(bad) == 1 else "rows"
            first = f"line {lines[int(bad[0])]}" if lines else f"row {int(bad[0])}"
            problems.append(f"{kind} in {len(bad)} {plural} (first: {first})")
    if problems:  # else the sum overflowed on finite values
        raise ValueError(f"{what} contains {' and '.join(problems)}; remove or fill those values")


def _split(n: int, stratify: Tensor | None, seed: int,
           val_fraction: float) -> tuple[Tensor, Tensor]:
    """Reproducible train/validation indices, stratified by ``stratify`` labels if given."""
    from sklearn.model_selection import train_test_split

    n_val = math.ceil(n * val_fraction)
    if n_val >= n:
        raise ValueError(f"cannot split {n} example{'s' if n != 1 else ''} into training and "
                         f"validation parts with val_fraction={val_fraction}")
    index = np.arange(n)
    state = seed % 2**32  # scikit-learn takes 32-bit seeds
    try:
        train_idx, val_idx = train_test_split(
            index, test_size=val_fraction, random_state=state,
            stratify=None if stratify is None else stratify.cpu().numpy())
    except ValueError:
        # Too few examples of some class to stratify: an unstratified split still works.
        train_idx, val_idx = train_test_split(index, test_size=val_fraction,
                                              random_state=state)
    return torch.as_tensor(train_idx), torch.as_tensor(val_idx)


def _fit_scaler(values: Tensor) -> tuple[Tensor, Tensor]:
    from sklearn.preprocessing import StandardScaler

    flat = values.reshape(len(values), -1).cpu().numpy()
    scaler = StandardScaler().fit(flat)
    shape = values.shape[1:]
    mean = torch.tensor(scaler.mean_, dtype=torch.float32).reshape(shape)
    scale = torch.tensor(scaler.scale_, dtype=torch.float32).reshape(shape)
    return mean.to(values.device), scale.to(values.device)


@functools.lru_cache(maxsize=None)
def _load_builtin(name: str) -> tuple[np.ndarray, np.ndarray]:
    import sklearn.datasets

    X, y = getattr(sklearn.datasets, f"load_{name}")(return_X_y=True)
    return X, y


def _read_csv(path: Path, target: str | None, what: str = "data") -> _Table:
    where = path.name
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
    if not header:
        raise ValueError(f"{where} is empty: no header and no rows")
    columns = [c.strip() for c in header]
    if target is None:
        raise ValueError(f"a CSV file needs target= naming its label column; the columns of "
                         f"{where} are: {', '.join(columns)}")
    if target not in columns:
        hint = did_you_mean(target, columns)
        raise ValueError(f"target column {target!r} is not in {where}.{hint} Its columns are: "
                         f"{', '.join(columns)}")
    if not rows:
        raise ValueError(f"{where} is empty: it has a header but no rows")
    for row, line in zip(rows, lines):
        if len(row) != len(columns):
            raise ValueError(f"line {line} of {where} has {len(row)} fields but the header "
                             f"has {len(columns)}")
    if len(columns) == 1:
        raise ValueError(f"{where} has only the target column {target!r}; no features")

    cells = np.array(rows, dtype=str)
    label_at = columns.index(target)
    features = []
    for j, column in enumerate(columns):
        if j == label_at:
            continue
        try:
            values = cells[:, j].astype(np.float64)
        except ValueError:
            values = None
        missing = _missing(cells[:, j])
        if missing.any():
            line = lines[int(np.argmax(missing))]
            raise ValueError(f"feature column {column!r} of {where} has a missing value on "
                             f"line {line}")
        if values is None:
            bad = next(i for i, v in enumerate(cells[:, j]) if not _parses(float, v))
            raise ValueError(f"feature column {column!r} of {where} is not numeric: line "
                             f"{lines[bad]} holds {cells[bad, j].strip()!r}; only the target "
                             f"column may hold text")
        features.append(values)

    raw = np.char.strip(cells[:, label_at])
    missing = _missing(raw)
    if missing.any():
        line = lines[int(np.argmax(missing))]
        raise ValueError(f"target column {target!r} of {where} has a missing value on line "
                         f"{line}")
    if all(_parses(int, v) for v in raw.tolist()):
        y: Any = np.array([int(v) for v in raw.tolist()], dtype=np.int64)
    elif all(_parses(float, v) for v in raw.tolist()):
        y = raw.astype(np.float64)
    else:
        y = raw
    return _Table(np.stack(features, axis=1), y, lines, f"{what} ({where})", file=path,
                  columns=[c for j, c in enumerate(columns) if j != label_at])


def _not_utf8(path: Path) -> str:
    """Where ``path`` first breaks UTF-8, said for a person."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return (f"{path.name} is not UTF-8 text: line {line} holds the byte "
                f"0x{data[err.start]:02x}, which UTF-8 does not allow there; save the file as "
                f"UTF-8 (a spreadsheet's 'CSV UTF-8' format)")
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


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _val_batch(n: int) -> int | None:
    return None if n <= _VAL_BATCH else _VAL_BATCH


# ---------------------------------------------------------------------------------------------
# Datasets and DataLoaders
# ---------------------------------------------------------------------------------------------


@dataclass
class _Info:
    """What the first example and the labels of a Dataset/DataLoader say."""

    input_shape: tuple[int, ...]
    task: str
    n_outputs: int
    classes: list | None


def _prepare_dataset(dataset: Dataset, val_data: Any, *, target, batch_size, seed, val_fraction,
                     task) -> Prepared:
    n = _length(dataset, "data")
    info, labels = _dataset_info(dataset, n, task, "data")
    indices = np.arange(n)
    val = None
    if _is_split(val_data):
        train_idx, val_idx = _split(n, labels, seed, val_fraction)
        indices, val_indices = train_idx.numpy(), val_idx.numpy()
        val = _DatasetSource(dataset, val_indices, _val_batch(len(val_indices)), shuffle=False,
                             seed=seed, task=info.task)
    elif val_data is not None:
        val, info = _attach_val(val_data, target, info)
    _check_batch_size(batch_size, len(indices))
    train = _DatasetSource(dataset, indices, batch_size, shuffle=batch_size is not None,
                           seed=seed, task=info.task)
    return _from_info(train, val, info, "dataset")


def _prepare_loader(loader: DataLoader, val_data: Any, *, target, batch_size, task) -> Prepared:
    if batch_size is not None:
        raise ValueError(f"a DataLoader brings its own batch size ({loader.batch_size}); "
                         f"leave batch_size=None, got batch_size={batch_size}")
    if _is_split(val_data):
        raise ValueError("val_data='split' cannot split a DataLoader; pass the validation data "
                         "(or a second DataLoader) as val_data")
    train, info = _loader_source(loader, task, "data")
    val = None
    if val_data is not None:
        val, info = _attach_val(val_data, target, info)
    return _from_info(train, val, info, "loader")


def _attach_val(val_data: Any, target: str | None, info: _Info) -> tuple[Source, _Info]:
    """A validation Source for a training Dataset/DataLoader, and the info of both together."""
    kind, payload, _ = _identify(val_data, target, "val_data")
    if kind == "memory":
        labels = _Labels(payload.y, "val_data y", info.task)
        if labels.text_classes:
            raise ValueError(f"val_data has text labels{_first_values(payload.y)}, but the "
                             f"training labels are numbers")
        val_info = _Info(tuple(payload.X.shape[1:]), labels.task, labels.n_outputs, None)
        source: Source = _TensorSource(payload.X, labels.values, _val_batch(len(payload.X)),
                                       shuffle=False, seed=0)
    else:
        source, val_info = _external_val(kind, payload, info.task)
    _check_same_input(val_info.input_shape, info.input_shape)
    if info.task == "classification":
        info = _Info(info.input_shape, info.task, max(info.n_outputs, val_info.n_outputs),
                     info.classes)
    return source, info


def _external_val(kind: str, payload: Any, task: str | None = None) -> tuple[Source, _Info]:
    """A validation Source from a Dataset or DataLoader."""
    if kind == "dataset":
        n = _length(payload, "val_data")
        info, _ = _dataset_info(payload, n, task, "val_data")
        return _DatasetSource(payload, np.arange(n), _val_batch(n), shuffle=False, seed=0,
                              task=info.task), info
    source, info = _loader_source(payload, task, "val_data")
    return source, info


def _from_info(train: Source, val: Source | None, info: _Info, name: str) -> Prepared:
    if info.task == "classification" and info.n_outputs < 2:
        raise ValueError(f"{name}: classification needs at least 2 classes, but every label "
                         f"is 0")
    shape = info.input_shape
    return Prepared(train=train, val=val, task=info.task, n_features=math.prod(shape),
                    input_shape=shape, n_outputs=info.n_outputs, classes=info.classes,
                    image_shape=shape if len(shape) == 3 else None, name=name)


def _length(dataset: Dataset, what: str) -> int:
    try:
        n = len(dataset)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{what} is a Dataset without __len__; descend.train needs to know "
                        f"how many examples it has") from None
    if n == 0:
        raise ValueError(f"{what} is empty: the Dataset has 0 examples")
    return n


def _dataset_info(dataset: Dataset, n: int, task: str | None,
                  what: str) -> tuple[_Info, Tensor | None]:
    x0, y0 = _unpack_pair(dataset[0], f"{what} example 0")
    shape, inferred = _example_kind(x0, y0, f"{what} example 0", batched=False)
    task = task or inferred
    labels = None
    if task == "classification":
        targets = getattr(dataset, "targets", None)
        if targets is None or _safe_len(targets) != n:
            targets = [dataset[i][1] for i in range(n)]
        labels = _label_tensor(targets, what)
        n_outputs = _n_classes(labels, f"{what} labels")
    else:
        n_outputs = max(1, torch.as_tensor(y0).numel())
    return _info(task, shape, n_outputs, getattr(dataset, "classes", None)), labels


def _loader_source(loader: DataLoader, task: str | None, what: str) -> tuple[Source, _Info]:
    try:
        n_batches = len(loader)
    except TypeError:
        raise TypeError(f"{what} is a DataLoader without a length (its dataset has no "
                        f"__len__); descend.train needs to know the batches per epoch") from None
    if n_batches == 0:
        raise ValueError(f"{what} is empty: the DataLoader yields no batches")
    if loader.batch_sampler is None and not isinstance(loader.sampler, BatchSampler):
        raise ValueError(f"{what} is a DataLoader with batch_size=None, which yields single "
                         f"examples, not batches; give it a batch size (DataLoader(dataset, "
                         f"batch_size=32)), or pass the dataset itself")
    with _rng_untouched(loader):
        first = next(iter(loader))
    xb, yb = _unpack_pair(first, f"the first batch of {what}")
    shape, inferred = _example_kind(xb, yb, f"the first batch of {what}", batched=True)
    task = task or inferred
    dataset = loader.dataset
    n = _safe_len(dataset)
    if task == "classification":
        targets = getattr(dataset, "targets", None)
        if targets is None or _safe_len(targets) != n:
            with _rng_untouched(loader):
                targets = torch.cat([torch.as_tensor(_unpack_pair(b, f"a batch of {what}")[1])
                                     .reshape(-1) for b in loader])
        n_outputs = _n_classes(_label_tensor(targets, what), f"{what} labels")
    else:
        yb = torch.as_tensor(yb)
        n_outputs = 1 if yb.ndim <= 1 else math.prod(yb.shape[1:])
    # A loader over a length-less dataset still knows its batches; count those as examples.
    source = _LoaderSource(loader, n if n is not None else n_batches, task)
    return source, _info(task, shape, n_outputs, getattr(dataset, "classes", None))


def _info(task: str, shape: tuple[int, ...], n_outputs: int, classes: Any) -> _Info:
    usable = isinstance(classes, Sequence) and not isinstance(classes, str) and classes
    classes = list(classes) if usable else None
    if classes is not None:
        n_outputs = max(n_outputs, len(classes))
    return _Info(shape, task, n_outputs, classes)


@contextlib.contextmanager
def _rng_untouched(loader: DataLoader) -> Iterator[None]:
    """Peek into a loader without advancing any random state its shuffling depends on."""
    generators = {id(g): g for g in (loader.generator, getattr(loader.sampler, "generator", None))
                  if isinstance(g, torch.Generator)}
    saved = [(g, g.get_state()) for g in generators.values()]
    py_state, np_state = random.getstate(), np.random.get_state()
    with torch.random.fork_rng(devices=[]):
        yield
    for g, state in saved:
        g.set_state(state)
    random.setstate(py_state)
    np.random.set_state(np_state)


def _unpack_pair(item: Any, what: str) -> tuple[Any, Any]:
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return item[0], item[1]
    raise ValueError(f"{what} must be an (x, y) pair, got {_describe(item)}")


def _example_kind(x: Any, y: Any, what: str, batched: bool) -> tuple[tuple[int, ...], str]:
    """The input shape of one example and the task its label implies."""
    try:
        x, y = torch.as_tensor(x), torch.as_tensor(y)
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"{what} must hold numbers: x is {_describe(x)} and y is "
                         f"{_describe(y)}") from None
    if x.is_complex() or y.is_complex():
        raise ValueError(f"{what} must hold real numbers")
    shape = tuple(x.shape[1:]) if batched else tuple(x.shape)
    shape = shape or (1,)
    _check_finite(x.reshape(1, -1).float(), f"{what} x")
    if y.is_floating_point():
        _check_finite(y.reshape(1, -1), f"{what} y")
    return shape, "regression" if y.is_floating_point() else "classification"


def _label_tensor(targets: Any, what: str) -> Tensor:
    try:
        labels = torch.as_tensor(targets) if not isinstance(targets, list) else \
            torch.as_tensor([int(torch.as_tensor(t)) for t in targets])
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"{what} labels must be integer class indices") from None
    return labels.reshape(-1).long()


def _safe_len(value: Any) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None


def _check_same_input(val_shape: Sequence[int], train_shape: Sequence[int],
                      what: str = "examples") -> None:
    if tuple(val_shape) != tuple(train_shape):
        raise ValueError(f"val_data {what} have shape {tuple(val_shape)} but the training "
                         f"{what} have shape {tuple(train_shape)}")


# ---------------------------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------------------------


def _check_seed(seed: Any) -> None:
    if not _is_int(seed):
        raise TypeError(f"seed must be an integer >= 0, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")


def _check_batch_size_type(batch_size: Any) -> None:
    if batch_size is None:
        return
    if not _is_int(batch_size):
        raise TypeError(f"batch_size must be None (full batch) or a positive integer, got "
                        f"{batch_size!r}")
    if batch_size <= 0:
        raise ValueError(f"batch_size must be None (full batch) or a positive integer, got "
                         f"{batch_size}")


def _check_batch_size(batch_size: int | None, n_train: int) -> None:
    if batch_size is not None and batch_size > n_train:
        raise ValueError(f"batch_size={batch_size} is larger than the {n_train} training "
                         f"examples; use batch_size=None for full-batch")




def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"
