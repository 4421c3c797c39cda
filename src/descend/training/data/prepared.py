"""What :func:`~descend.training.data.prepare` returns: the sources and what a model needs to
know about the data."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..tasks import TASKS
from .sources import Source

__all__ = ["Prepared", "TASKS"]  # TASKS: what a data set can be for (kept in ..tasks)


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
    ``"loader"``. ``columns``: the names of the feature columns of a CSV file (``None``
    for other data). ``train_rows`` and ``val_rows``: where a validation split drew the
    training and validation examples from the data given (``val_data="split"``, a built-in data
    set), the row of that data each of them is, in the sources' order; ``None`` where the
    training examples are the data in its own order. ``index_labels``: the labels of the rows of
    that data in a pandas DataFrame's (or Series') index of its own, what ``df.loc`` takes
    (:func:`~descend.training.data.index_labels.index_labels`); ``None`` for other data.

    >>> from descend.training.data import prepare
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
    columns: list[str] | None = None
    train_rows: np.ndarray | None = None
    val_rows: np.ndarray | None = None
    index_labels: np.ndarray | None = None

    def example_rows(self) -> dict[str, Any]:
        """What the per-example record keeps of the rows of the data given
        (:class:`~descend.training.ExampleRecord`): the training examples' ``rows`` (``None``:
        the data in its order), the number of rows ``n_rows`` and their ``index_labels``.

        >>> import pandas as pd
        >>> from descend.training.data import prepare
        >>> frame = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0], "y": [0, 1, 0, 1, 0]}, index=[5, 9, 2, 7, 4])
        >>> given = prepare(frame, "split", target="y", val_fraction=0.4).example_rows()
        >>> given["n_rows"], given["index_labels"][given["rows"]].tolist()
        (5, [9, 2, 4])
        """
        split = self.train_rows is not None
        n_rows = len(self.train_rows) + len(self.val_rows) if split else self.train.n
        return {"rows": self.train_rows, "n_rows": n_rows, "index_labels": self.index_labels}

    def in_dtype(self, dtype: torch.dtype) -> Prepared:
        """These data with floating inputs and targets of ``dtype`` (:meth:`Source.in_dtype`):
        what a model of that dtype takes.

        >>> from descend.training.data import prepare
        >>> prepare("iris").in_dtype(torch.float64).val.head(1)[0].dtype
        torch.float64
        """
        val = self.val.in_dtype(dtype) if self.val is not None else None
        return dataclasses.replace(self, train=self.train.in_dtype(dtype), val=val)

    def scaling(self) -> dict[str, Tensor]:
        """The standardisation statistics that are set (``feature_mean``, ``feature_scale``,
        ``target_mean``, ``target_scale``), by name; ``{}`` where nothing was scaled.

        >>> from descend.training.data import prepare
        >>> sorted(prepare("iris").scaling()), prepare("iris", standardize=False).scaling()
        (['feature_mean', 'feature_scale'], {})
        """
        names = ("feature_mean", "feature_scale", "target_mean", "target_scale")
        return {name: getattr(self, name).cpu() for name in names if getattr(self, name) is not None}
