"""A map-style ``Dataset`` or a ``DataLoader`` made ready for the loop: read in place (never
copied into memory), with validation data split off, attached or absent."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from .checks import check_batch_size, check_same_input, first_values, is_default_batch
from .identify import identify, is_split
from .labels import Labels
from .prepared import Prepared
from .sources import DatasetSource, Source, TensorSource, val_batch
from .split import split
from .torch_inputs import (
    Info,
    dataset_info,
    dataset_length,
    loader_source,
    torch_val_source,
)

__all__ = ["prepare_dataset", "prepare_loader"]


def prepare_dataset(
    dataset: Dataset,
    val_data: Any,
    *,
    target: str | None,
    batch_size: int | None,
    seed: int,
    val_fraction: float,
    task: str | None,
    dtype: torch.dtype = torch.float32,
) -> Prepared:
    """The :class:`Prepared` of a map-style ``dataset`` of ``(x, y)`` pairs, its floating
    inputs and targets cast to ``dtype`` as they are read.

    >>> from torch.utils.data import TensorDataset
    >>> import torch
    >>> dataset = TensorDataset(torch.zeros(10, 2), torch.arange(10) % 2)
    >>> p = prepare_dataset(dataset, "split", target=None, batch_size=4, seed=0,
    ...                     val_fraction=0.2, task=None)
    >>> p.name, p.train.n, p.val.n, len(p.train)
    ('dataset', 8, 2, 2)
    """
    n = dataset_length(dataset, "data")
    info, labels = dataset_info(dataset, n, task, "data")
    indices = np.arange(n)
    val = val_indices = None
    if is_split(val_data):
        train_idx, val_idx = split(n, labels, seed, val_fraction)
        indices, val_indices = train_idx.numpy(), val_idx.numpy()
        val = DatasetSource(dataset, val_indices, val_batch(len(val_indices)), shuffle=False, seed=seed, task=info.task)
    elif val_data is not None:
        val, info = _attach_val(val_data, target, info, dtype)
    batch_size = check_batch_size(batch_size, len(indices))
    train = DatasetSource(dataset, indices, batch_size, shuffle=batch_size is not None, seed=seed, task=info.task)
    prepared = _from_info(train, val, info, "dataset", dtype)
    if val_indices is not None:  # the training examples are the dataset's items at these indices
        prepared.train_rows, prepared.val_rows = indices, val_indices
    return prepared


def prepare_loader(
    loader: DataLoader,
    val_data: Any,
    *,
    target: str | None,
    batch_size: int | None,
    task: str | None,
    dtype: torch.dtype = torch.float32,
) -> Prepared:
    """The :class:`Prepared` of a user's ``loader``, iterated as given, its floating inputs and
    targets cast to ``dtype`` as they are read.

    >>> from torch.utils.data import TensorDataset
    >>> import torch
    >>> loader = DataLoader(TensorDataset(torch.zeros(10, 2), torch.arange(10) % 2), batch_size=4)
    >>> p = prepare_loader(loader, None, target=None, batch_size=None, task=None)
    >>> p.name, p.train.n, len(p.train), p.n_outputs
    ('loader', 10, 3, 2)
    """
    if batch_size is not None and not is_default_batch(batch_size):  # a default: the loader's own
        raise ValueError(
            f"a DataLoader brings its own batch size ({loader.batch_size}); "
            f"leave batch_size=None, got batch_size={batch_size}"
        )
    if is_split(val_data):
        raise ValueError(
            "val_data='split' cannot split a DataLoader; pass the validation data (or a second DataLoader) as val_data"
        )
    train, info = loader_source(loader, task, "data")
    val = None
    if val_data is not None:
        val, info = _attach_val(val_data, target, info, dtype)
    return _from_info(train, val, info, "loader", dtype)


def _attach_val(val_data: Any, target: str | None, info: Info, dtype: torch.dtype) -> tuple[Source, Info]:
    """A validation Source for a training Dataset/DataLoader, and the info of both together."""
    kind, payload, _ = identify(val_data, target, "val_data", dtype)
    if kind == "memory":
        labels = Labels(payload.y, "val_data y", info.task, dtype=dtype)
        if labels.text_classes:
            raise ValueError(f"val_data has text labels{first_values(payload.y)}, but the training labels are numbers")
        val_info = Info(tuple(payload.X.shape[1:]), labels.task, labels.n_outputs, None)
        source: Source = TensorSource(payload.X, labels.values, val_batch(len(payload.X)), shuffle=False, seed=0)
    else:
        source, val_info = torch_val_source(kind, payload, info.task)
    check_same_input(val_info.input_shape, info.input_shape)
    if info.task == "classification":
        info = Info(info.input_shape, info.task, max(info.n_outputs, val_info.n_outputs), info.classes)
    return source, info


def _from_info(train: Source, val: Source | None, info: Info, name: str, dtype: torch.dtype) -> Prepared:
    if info.task == "classification" and info.n_outputs < 2:
        raise ValueError(f"{name}: classification needs at least 2 classes, but every label is 0")
    shape = info.input_shape
    prepared = Prepared(
        train=train,
        val=val,
        task=info.task,
        n_features=math.prod(shape),
        input_shape=shape,
        n_outputs=info.n_outputs,
        classes=info.classes,
        image_shape=shape if len(shape) == 3 else None,
        name=name,
    )
    return prepared if dtype == torch.float32 else prepared.in_dtype(dtype)
