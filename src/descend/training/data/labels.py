"""Label encoding: int64 class indices for classification (text and bool labels become the
indices of their sorted classes), floating targets (float32 by default) for regression, and the
number of classes."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import Tensor

from .checks import check_finite, first_values

__all__ = ["Labels", "n_classes", "label_tensor"]


class Labels:
    """Labels encoded for training: int64 class indices or targets of ``dtype``.

    ``task`` is the given one or the one the labels imply (integer, bool or text labels mean
    classification, floating ones regression); ``values`` the encoded labels; ``classes``
    the original labels of the class indices where they were text or bool; ``n_outputs`` the
    number of classes or the target width.

    >>> labels = Labels(np.array(["dog", "cat", "dog"]), "y", None)
    >>> labels.task, labels.classes, labels.values.tolist(), labels.n_outputs
    ('classification', ['cat', 'dog'], [1, 0, 1], 2)
    """

    def __init__(
        self,
        y: Tensor | np.ndarray,
        what: str,
        task: str | None,
        lines: list[int] | None = None,
        dtype: torch.dtype = torch.float32,
    ):
        self.what, self.lines, self.dtype = what, lines, dtype
        self.classes: list | None = None
        self.regression_targets = False  # float targets read as class labels (a classifier asked)
        self.inferred_classes = False  # integer targets read as class labels, no task given
        if isinstance(y, np.ndarray):  # text labels: sorted unique labels become 0..K-1
            if task == "regression":
                raise ValueError(f"{what} holds text labels{first_values(y)} but task='regression' needs numbers")
            self.task = "classification"
            y = _squeeze_labels(y, what)
            self.classes, codes = np.unique(y, return_inverse=True)
            self.classes = self.classes.tolist()
            self.values = torch.tensor(codes.reshape(-1), dtype=torch.int64)
        else:
            inferred = "regression" if y.is_floating_point() else "classification"
            self.task = task or inferred
            self.regression_targets = inferred == "regression" and self.task == "classification"
            self.inferred_classes = task is None and inferred == "classification" and y.dtype != torch.bool
            if y.dtype == torch.bool:
                self.classes = [False, True]
            self.values = self._encode_numbers(y, what)
        if self.task == "classification":
            self.n_outputs = len(self.classes) if self.classes else n_classes(self.values, what)
        else:
            self.n_outputs = 1 if self.values.ndim == 1 else self.values.shape[1]

    def check_class_labels(self, source: str, sized_by_labels: bool = True) -> None:
        """Raise where the labels, read as class indices 0..K-1, are numbers to regress on:

        - float targets read as class labels (a classifier's run) that leave any class with no
          example (the diabetes targets, 25 to 346, leave 133 of 347 "classes" empty);
        - integer targets read as class labels only because they are integers (no task given)
          where more of the ``max + 1`` classes have no example than have one (house prices
          near 300,000 would need 300,000 outputs; labels 1..K leave only class 0 empty).

        ``source`` names the data in the message. The second holds only where the labels size the
        model's outputs (``sized_by_labels``: a model built from a name); a module of the user's has
        its own number of classes, of which a small sample may hold a few (labels {0, 9} of 10).

        >>> Labels(torch.tensor([5, 10, 5]), "y", None).check_class_labels("y")
        Traceback (most recent call last):
        ValueError: y holds 2 distinct whole numbers from 5 to 10: integer targets are read as class labels 0..K-1, so it would need 11 outputs, 9 of them without an example. To regress on the numbers, train with loss='mse' (or 'mae' or 'huber'); if they are classes, recode them as 0..1, or train with loss='cross_entropy' to keep all 11 outputs
        """
        if not (self.regression_targets or self.inferred_classes):
            return
        present = torch.unique(self.values)
        empty = self.n_outputs - len(present)
        low, high = int(present[0]), int(present[-1])
        if self.regression_targets and empty:
            raise ValueError(
                f"{source} holds regression targets ({len(present)} distinct numbers from {low} "
                f"to {high}, not class labels 0..K-1: {empty} of those {self.n_outputs} classes "
                "have no example), but a classifier was asked for (model logistic or softmax, or loss bce or "
                "cross_entropy); for regression train linear, mlp or cnn with loss mse, mae or huber (class labels "
                "given as integers are read as classes as they are)"
            )
        if self.inferred_classes and sized_by_labels and empty > len(present):
            raise ValueError(
                f"{source} holds {len(present)} distinct whole numbers from {low} to {high}: integer targets are "
                f"read as class labels 0..K-1, so it would need {self.n_outputs} outputs, {empty} of them without "
                "an example. To regress on the numbers, train with loss='mse' (or 'mae' or 'huber'); if they are "
                f"classes, recode them as 0..{len(present) - 1}, or train with loss='cross_entropy' to keep "
                f"all {self.n_outputs} outputs"
            )

    @property
    def text_classes(self) -> bool:
        """Whether the classes were text (not bool, not integer)."""
        return self.classes is not None and not isinstance(self.classes[0], bool)

    def check_two_classes(self) -> None:
        """Raise if a classification has fewer than two classes."""
        if self.task == "classification" and self.n_outputs < 2:
            only = self.classes[0] if self.classes else 0
            raise ValueError(f"{self.what}: classification needs at least 2 classes, but every label is {only!r}")

    def stratify(self) -> Tensor | None:
        """The labels to stratify a split by: the classes, or ``None`` for regression."""
        return self.values if self.task == "classification" else None

    def encode_more(self, y: Tensor | np.ndarray, what: str) -> Tensor:
        """Encode validation labels the way the training labels were."""
        if self.task == "regression":
            if isinstance(y, np.ndarray):
                raise ValueError(
                    f"{what} holds text labels{first_values(y)}, but the training targets are numbers (regression)"
                )
            return self._encode_numbers(y, what)
        if self.text_classes:
            return self._encode_text(y, what)
        if isinstance(y, np.ndarray):
            raise ValueError(f"{what} holds text labels{first_values(y)}, but the training labels are numbers")
        encoded = self._encode_numbers(y, what)
        if len(encoded) and self.classes is None:
            self.n_outputs = max(self.n_outputs, n_classes(encoded, what))
        return encoded

    def _encode_text(self, y: Tensor | np.ndarray, what: str) -> Tensor:
        if not isinstance(y, np.ndarray):
            raise ValueError(
                f"{what} holds numbers, but the training labels are text "
                f"({', '.join(map(repr, self.classes[:3]))}, ...)"
            )
        y = _squeeze_labels(y, what)
        lookup = {c: i for i, c in enumerate(self.classes)}
        unseen = [v for v in y.tolist() if v not in lookup]
        if unseen:
            raise ValueError(
                f"{what} has the label {unseen[0]!r}, which is not among the "
                f"training classes: {', '.join(map(repr, self.classes))}"
            )
        return torch.tensor([lookup[v] for v in y.tolist()], dtype=torch.int64)

    def _encode_numbers(self, y: Tensor, what: str) -> Tensor:
        if self.task == "regression":
            y = y if y.dtype == self.dtype else y.to(self.dtype)
            if y.ndim not in (1, 2):
                raise ValueError(f"{what}: regression targets must have shape (n,) or (n, k), got {tuple(y.shape)}")
            check_finite(y, what, self.lines)
            return y
        y = _squeeze_labels(y, what)
        if y.is_floating_point():
            check_finite(y, what, self.lines)
            fractional = torch.nonzero(y != y.round())
            if len(fractional):
                row = int(fractional[0, 0])
                raise ValueError(
                    f"{what}: classification labels must be whole numbers, got {float(y[row])} in row {row}"
                )
        return y if y.dtype == torch.int64 else y.long()


def n_classes(labels: Tensor, what: str) -> int:
    """The number of classes that class indices ``labels`` imply: the largest plus one.

    >>> n_classes(torch.tensor([0, 3, 1]), "y")
    4
    """
    if len(labels) == 0:
        return 0
    low = int(labels.min())
    if low < 0:
        row = int(torch.nonzero(labels < 0)[0, 0])
        raise ValueError(
            f"{what}: classification labels must be class indices >= 0, got {low} (first negative label in row {row}); "
            "integer targets are read as class labels: to regress on them give them as floats, or train with loss='mse'"
        )
    return int(labels.max()) + 1


def label_tensor(targets: Any, what: str) -> Tensor:
    """A Dataset's labels (a tensor, an array or a list of scalars) as a flat int64 tensor.

    >>> label_tensor([torch.tensor(1), 0, 2], "data")
    tensor([1, 0, 2])
    """
    try:
        labels = (
            torch.as_tensor(targets)
            if not isinstance(targets, list)
            else torch.as_tensor([int(torch.as_tensor(t)) for t in targets])
        )
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"{what} labels must be integer class indices") from None
    return labels.reshape(-1).long()


def _squeeze_labels(y, what: str):
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.reshape(-1)
    if y.ndim != 1:
        raise ValueError(f"{what}: classification labels must have shape (n,), got {tuple(y.shape)}")
    return y
