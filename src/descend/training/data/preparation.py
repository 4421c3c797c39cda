"""The one entry point: :func:`prepare` checks its arguments, identifies the kind of data and
hands it to the in-memory or the torch path."""

from __future__ import annotations

from typing import Any

import torch

from ..._checks import InvalidArgument, flag, number
from ..._names import choice
from .from_memory import prepare_memory
from .from_torch import prepare_dataset, prepare_loader
from .identify import identify
from .prepared import TASKS, Prepared

__all__ = ["prepare"]


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
    dtype: torch.dtype = torch.float32,
    sized_by_labels: bool = True,
) -> Prepared:
    """Turn ``data`` (and ``val_data``) into training and validation :class:`Source` objects.

    Args:
        data: ``(X, y)`` tensors, arrays or lists; a map-style ``Dataset`` of ``(x, y)``
            pairs; a ``DataLoader``; a CSV path; or a built-in data set's name (:func:`names`).
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
        dtype: ``torch.float32`` or ``torch.float64``, the dtype of the features and
            regression targets (a float64 model's: float64 inputs then keep their precision).
        sized_by_labels: whether the labels size the model's outputs (a model built from a
            name); only then are integer labels refused that leave most of 0..max without an
            example (house prices read as classes). A user's module has its own classes.

    Features become ``dtype`` (float32 by default: float64 input is cast), labels int64 of shape
    ``(n,)`` for classification and targets of ``dtype`` and shape ``(n,)`` or ``(n, k)`` for
    regression. A
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
    number("seed", seed, integer=True, ge=0)
    number("batch_size", batch_size, integer=True, ge=1, none=True)
    if task is not None:
        task = choice(task, TASKS, "task")
    number("val_fraction", val_fraction, gt=0, lt=1)
    flag("standardize", standardize, none=True)
    if dtype not in (torch.float32, torch.float64):
        raise InvalidArgument(f"dtype must be torch.float32 or torch.float64, got {dtype!r}")

    kind, payload, name = identify(data, target, "data", dtype)
    if kind == "memory":
        return prepare_memory(
            payload,
            name,
            val_data,
            target=target,
            batch_size=batch_size,
            seed=seed,
            val_fraction=val_fraction,
            standardize=standardize,
            task=task,
            sized_by_labels=sized_by_labels,
        )
    if standardize:
        raise ValueError(f"standardize=True needs in-memory data (arrays, a CSV file or a built-in name), not a {kind}")
    if kind == "dataset":
        return prepare_dataset(
            payload,
            val_data,
            target=target,
            batch_size=batch_size,
            seed=seed,
            val_fraction=val_fraction,
            task=task,
            dtype=dtype,
        )
    return prepare_loader(payload, val_data, target=target, batch_size=batch_size, task=task, dtype=dtype)
