"""What a torch ``Dataset`` or ``DataLoader`` holds, read from its first example or batch and
its labels (the input shape, the task, the number of outputs and the class names), and the
:class:`~descend.training.data.sources.Source` that reads it."""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import BatchSampler, DataLoader, Dataset

from .checks import check_finite, describe_value, unpack_pair
from .labels import label_tensor, n_classes
from .sources import DatasetSource, LoaderSource, Source, val_batch

__all__ = ["Info", "dataset_length", "dataset_info", "loader_source", "torch_val_source"]


@dataclass
class Info:
    """What the first example and the labels of a Dataset/DataLoader say (:func:`dataset_info`).

    >>> from torch.utils.data import TensorDataset
    >>> dataset_info(TensorDataset(torch.zeros(3, 2), torch.tensor([0, 2, 1])), 3, None, "data")[0]
    Info(input_shape=(2,), task='classification', n_outputs=3, classes=None)
    """

    input_shape: tuple[int, ...]
    task: str
    n_outputs: int
    classes: list | None


def dataset_length(dataset: Dataset, what: str) -> int:
    """The number of examples of a map-style ``dataset``; a clear error if it has none.

    >>> from torch.utils.data import TensorDataset
    >>> dataset_length(TensorDataset(torch.zeros(3, 2), torch.zeros(3)), "data")
    3
    """
    try:
        n = len(dataset)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"{what} is a Dataset without __len__; descend.train needs to know how many examples it has"
        ) from None
    if n == 0:
        raise ValueError(f"{what} is empty: the Dataset has 0 examples")
    return n


def dataset_info(dataset: Dataset, n: int, task: str | None, what: str) -> tuple[Info, Tensor | None]:
    """What ``dataset`` of ``n`` examples holds, and its labels where it is for classification.

    >>> from torch.utils.data import TensorDataset
    >>> info, labels = dataset_info(TensorDataset(torch.zeros(3, 2), torch.tensor([0, 2, 1])),
    ...                             3, None, "data")
    >>> info, labels
    (Info(input_shape=(2,), task='classification', n_outputs=3, classes=None), tensor([0, 2, 1]))
    """
    x0, y0 = unpack_pair(dataset[0], f"{what} example 0")
    shape, inferred = _example_kind(x0, y0, f"{what} example 0", batched=False)
    task = task or inferred
    labels = None
    if task == "classification":
        targets = getattr(dataset, "targets", None)
        if targets is None or _safe_len(targets) != n:
            targets = [dataset[i][1] for i in range(n)]
        labels = label_tensor(targets, what)
        n_outputs = n_classes(labels, f"{what} labels")
    else:
        n_outputs = max(1, torch.as_tensor(y0).numel())
    return _info(task, shape, n_outputs, getattr(dataset, "classes", None)), labels


def loader_source(loader: DataLoader, task: str | None, what: str) -> tuple[Source, Info]:
    """The source that iterates ``loader`` as given, and what its batches hold.

    >>> from torch.utils.data import TensorDataset
    >>> loader = DataLoader(TensorDataset(torch.zeros(5, 2), torch.zeros(5)), batch_size=2)
    >>> source, info = loader_source(loader, None, "data")
    >>> len(source), source.n, info.task
    (3, 5, 'regression')
    """
    try:
        n_batches = len(loader)
    except TypeError:
        raise TypeError(
            f"{what} is a DataLoader without a length (its dataset has no "
            f"__len__); descend.train needs to know the batches per epoch"
        ) from None
    if n_batches == 0:
        raise ValueError(f"{what} is empty: the DataLoader yields no batches")
    if loader.batch_sampler is None and not isinstance(loader.sampler, BatchSampler):
        raise ValueError(
            f"{what} is a DataLoader with batch_size=None, which yields single "
            f"examples, not batches; give it a batch size (DataLoader(dataset, "
            f"batch_size=32)), or pass the dataset itself"
        )
    with _rng_untouched(loader):
        first = next(iter(loader))
    xb, yb = unpack_pair(first, f"the first batch of {what}")
    shape, inferred = _example_kind(xb, yb, f"the first batch of {what}", batched=True)
    task = task or inferred
    dataset = loader.dataset
    n = _safe_len(dataset)
    n_outputs = _loader_outputs(loader, task, yb, n, what)
    # A loader over a length-less dataset still knows its batches; count those as examples.
    source = LoaderSource(loader, n if n is not None else n_batches, task)
    return source, _info(task, shape, n_outputs, getattr(dataset, "classes", None))


def torch_val_source(kind: str, payload: Any, task: str | None = None) -> tuple[Source, Info]:
    """A validation source from a Dataset (``kind="dataset"``) or a DataLoader, and its info.

    >>> from torch.utils.data import TensorDataset
    >>> source, info = torch_val_source("dataset", TensorDataset(torch.zeros(4, 2),
    ...                                                          torch.tensor([0, 1, 0, 1])))
    >>> source.n, source.shuffle, info.n_outputs
    (4, False, 2)
    """
    if kind == "dataset":
        n = dataset_length(payload, "val_data")
        info, _ = dataset_info(payload, n, task, "val_data")
        return DatasetSource(payload, np.arange(n), val_batch(n), shuffle=False, seed=0, task=info.task), info
    return loader_source(payload, task, "val_data")


def _loader_outputs(loader: DataLoader, task: str, yb: Any, n: int | None, what: str) -> int:
    """The number of classes (scanning the labels once) or the target width."""
    if task != "classification":
        yb = torch.as_tensor(yb)
        return 1 if yb.ndim <= 1 else math.prod(yb.shape[1:])
    targets = getattr(loader.dataset, "targets", None)
    if targets is None or _safe_len(targets) != n:
        with _rng_untouched(loader):
            targets = torch.cat([torch.as_tensor(unpack_pair(b, f"a batch of {what}")[1]).reshape(-1) for b in loader])
    return n_classes(label_tensor(targets, what), f"{what} labels")


def _info(task: str, shape: tuple[int, ...], n_outputs: int, classes: Any) -> Info:
    usable = isinstance(classes, Sequence) and not isinstance(classes, str) and classes
    classes = list(classes) if usable else None
    if classes is not None:
        n_outputs = max(n_outputs, len(classes))
    return Info(shape, task, n_outputs, classes)


@contextlib.contextmanager
def _rng_untouched(loader: DataLoader) -> Iterator[None]:
    """Peek into a loader without advancing any random state its shuffling depends on."""
    generators = {
        id(g): g
        for g in (loader.generator, getattr(loader.sampler, "generator", None))
        if isinstance(g, torch.Generator)
    }
    saved = [(g, g.get_state()) for g in generators.values()]
    py_state, np_state = random.getstate(), np.random.get_state()
    with torch.random.fork_rng(devices=[]):
        yield
    for g, state in saved:
        g.set_state(state)
    random.setstate(py_state)
    np.random.set_state(np_state)


def _example_kind(x: Any, y: Any, what: str, batched: bool) -> tuple[tuple[int, ...], str]:
    """The input shape of one example and the task its label implies."""
    try:
        x, y = torch.as_tensor(x), torch.as_tensor(y)
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"{what} must hold numbers: x is {describe_value(x)} and y is {describe_value(y)}") from None
    if x.is_complex() or y.is_complex():
        raise ValueError(f"{what} must hold real numbers")
    shape = tuple(x.shape[1:]) if batched else tuple(x.shape)
    shape = shape or (1,)
    check_finite(x.reshape(1, -1).float(), f"{what} x")
    if y.is_floating_point():
        check_finite(y.reshape(1, -1), f"{what} y")
    return shape, "regression" if y.is_floating_point() else "classification"


def _safe_len(value: Any) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None
