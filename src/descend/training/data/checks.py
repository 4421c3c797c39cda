"""Checks shared by every kind of input: finite numbers, an ``(x, y)`` pair, matching shapes,
a batch size the data can fill, and a short description of a bad value for a message."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import Tensor

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "TRAIN_BATCH_SIZE",
    "is_default_batch",
    "check_finite",
    "check_batch_size",
    "check_same_input",
    "unpack_pair",
    "describe_value",
    "first_values",
]


def check_finite(values: Tensor, what: str, lines: list[int] | None = None) -> None:
    """Raise naming how many rows hold NaN or infinity and the first (its file line for CSV).

    >>> check_finite(torch.tensor([[1.0], [float("nan")]]), "X")
    Traceback (most recent call last):
    ValueError: X contains NaN in 1 row (first: row 1); remove or fill those values
    """
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


class _DefaultBatch(int):
    """An ``int`` that says the caller left ``batch_size`` at its default (see
    :data:`DEFAULT_BATCH_SIZE` and :data:`TRAIN_BATCH_SIZE`): it is recognised by its type,
    :func:`is_default_batch`, and says on a training set smaller than it whether the full batch
    it then takes is told with a warning (``warns``)."""

    warns: bool

    def __new__(cls, value: int, *, warns: bool) -> _DefaultBatch:
        self = super().__new__(cls, value)
        self.warns = warns
        return self

    def __reduce__(self) -> str:  # copied or pickled: the same default, by its module's name
        return "DEFAULT_BATCH_SIZE" if self.warns else "TRAIN_BATCH_SIZE"


# The default batch of lr_find and the CLI's lr-find; a training set smaller than it
# is taken as one full batch, with a warning (a batch the user chose is an error there instead).
DEFAULT_BATCH_SIZE = _DefaultBatch(32, warns=True)
# descend.train's (and descend train's) default batch, lr_find's size: a training set smaller than
# it is taken as one full batch without a word, so that a small data set trains with every default.
TRAIN_BATCH_SIZE = _DefaultBatch(32, warns=False)


def is_default_batch(batch_size: Any) -> bool:
    """Whether ``batch_size`` is a default left by the caller, not a batch chosen.

    >>> is_default_batch(TRAIN_BATCH_SIZE), is_default_batch(32), is_default_batch(None)
    (True, False, False)
    """
    return isinstance(batch_size, _DefaultBatch)


def check_batch_size(batch_size: int | None, n_train: int) -> int | None:
    """The batch size to use on ``n_train`` training examples: ``batch_size`` itself; ``None``
    (the full batch) where it is a default (:data:`DEFAULT_BATCH_SIZE`, with a warning;
    :data:`TRAIN_BATCH_SIZE`, silently: the user did not choose it) larger than ``n_train`` (as
    scikit-learn's and Keras' batch of ``min(batch_size, n)``); an error where the user chose it
    larger. A default is returned as a plain ``int``.

    >>> check_batch_size(8, 5)
    Traceback (most recent call last):
    ValueError: batch_size=8 is larger than the 5 training examples; use batch_size=None for full-batch
    >>> check_batch_size(TRAIN_BATCH_SIZE, 5), check_batch_size(TRAIN_BATCH_SIZE, 50)
    (None, 32)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     check_batch_size(DEFAULT_BATCH_SIZE, 5), str(caught[0].message)
    (None, 'batch_size=32 (the default) is more than the 5 training examples: full-batch steps instead; pass batch_size=None to say so, or a smaller one')
    """
    if batch_size is None or batch_size <= n_train:
        return int(batch_size) if is_default_batch(batch_size) else batch_size
    if is_default_batch(batch_size):
        if batch_size.warns:
            warnings.warn(
                f"batch_size={batch_size} (the default) is more than the {n_train} training examples: full-batch "
                "steps instead; pass batch_size=None to say so, or a smaller one",
                stacklevel=6,  # the line that called lr_find (lr_find -> read_for -> prepare -> prepare_* -> here)
            )
        return None
    raise ValueError(
        f"batch_size={batch_size} is larger than the {n_train} training examples; use batch_size=None for full-batch"
    )


def check_same_input(val_shape: Sequence[int], train_shape: Sequence[int], what: str = "examples") -> None:
    """Raise if validation examples (or targets) have another shape than the training ones.

    >>> check_same_input((2,), (3,))
    Traceback (most recent call last):
    ValueError: val_data examples have shape (2,) but the training examples have shape (3,)
    """
    if tuple(val_shape) != tuple(train_shape):
        raise ValueError(
            f"val_data {what} have shape {tuple(val_shape)} but the training {what} have shape {tuple(train_shape)}"
        )


def unpack_pair(item: Any, what: str) -> tuple[Any, Any]:
    """``item``'s ``x`` and ``y`` when it is an ``(x, y)`` pair; a clear error otherwise.

    >>> unpack_pair((1, 2), "example 0")
    (1, 2)
    >>> unpack_pair((1, 2, 3), "example 0")
    Traceback (most recent call last):
    ValueError: example 0 must be an (x, y) pair, got tuple (1, 2, 3)
    """
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return item[0], item[1]
    raise ValueError(f"{what} must be an (x, y) pair, got {describe_value(item)}")


def describe_value(value: Any) -> str:
    """``value``'s type and its ``repr`` on one line cut to 60 characters, for an error
    message; an array, tensor or table by its shape (their ``repr`` spans lines of numbers).

    >>> describe_value(42), describe_value(np.zeros((60, 4)))
    ('int 42', 'ndarray of shape (60, 4)')
    """
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) or isinstance(value, torch.Tensor):
        return f"{type(value).__name__} of shape {tuple(shape)}"
    text = " ".join(repr(value).split())
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


def first_values(arr: np.ndarray) -> str:
    """The first three values of ``arr``, to show what a bad array holds.

    >>> first_values(np.array(["a", "b", "c", "d"]))
    " (first values: 'a', 'b', 'c')"
    """
    return f" (first values: {', '.join(repr(v) for v in arr.ravel()[:3].tolist())})"
