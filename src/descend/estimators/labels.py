"""A classifier's labels without a sort or hash of every one where they are integers (most
data sets' labels are 0 ... k-1): the sorted distinct labels by counting, scikit-learn's check
of the targets not repeated where it cannot fail, and the encoding ``classes_.searchsorted(y)``
read off the labels themselves. Each gives exactly what ``np.unique``,
``check_classification_targets`` and ``np.searchsorted`` give; on 400,000 labels the count is
one pass against ``np.unique``'s hash or sort (the bench's fit called it four times)."""

from __future__ import annotations

import numpy as np
from sklearn.utils.multiclass import check_classification_targets

__all__ = ["check_labels", "sorted_labels", "encoded_labels"]

# Labels are counted (np.bincount) where the largest is below this or the number of labels:
# the counts array is then no larger than the labels.
_COUNTED = 1 << 16


def sorted_labels(y: np.ndarray, what: str = "y") -> np.ndarray:
    """``np.unique(y)``: the distinct values of the 1-D array ``y``, sorted, in ``y``'s dtype.
    Non-negative integers below ``max(len(y), 65536)`` are counted (``np.bincount``) instead
    of sorted; any other labels go to ``np.unique``. Labels that do not sort together (numbers
    and strings) raise a ValueError naming them as ``what``.

    >>> sorted_labels(np.array([2, 0, 2, 5]))
    array([0, 2, 5])
    >>> sorted_labels(np.array(["b", "a", "b"]))
    array(['a', 'b'], dtype='<U1')
    >>> sorted_labels(np.array([1, "a"], dtype=object), "classes")
    Traceback (most recent call last):
    ...
    ValueError: classes must hold labels of one kind that sort together (all numbers or all strings); it mixes 1 (int), 'a' (str).
    """
    if _countable(y):
        lo, hi = y.min(), y.max()
        if lo >= 0 and hi < max(len(y), _COUNTED):
            return np.flatnonzero(np.bincount(y)).astype(y.dtype, copy=False)
    try:
        return np.unique(y)
    except TypeError:
        raise _unsortable(y, what) from None


def check_labels(y: np.ndarray) -> np.ndarray | None:
    """Raise or warn as ``check_classification_targets(y)`` does, and return the sorted distinct
    labels (:func:`sorted_labels`) where they were needed for that: for integer labels, else
    ``None``. Integer labels of at most two values are a "binary" target by the definition of
    scikit-learn's ``type_of_target`` ("y contains <= 2 discrete values and is 1d"), which the
    check allows without a word: it is not called for them (it would hash every label again).

    >>> check_labels(np.array([1, 0, 1]))
    array([0, 1])
    >>> check_labels(np.array(["no", "yes"])) is None
    True
    >>> check_labels(np.array([0.5, 1.0]))
    Traceback (most recent call last):
    ...
    ValueError: Unknown label type: continuous. Maybe you are trying to fit a classifier, which expects discrete classes on a regression target with continuous values.
    """
    found = sorted_labels(y) if _countable(y) else None
    if found is None or len(found) > 2:
        try:
            check_classification_targets(y)
        except TypeError:  # numpy's sort of labels that do not compare, e.g. 1 and "a"
            raise _unsortable(y, "y") from None
    return found


def encoded_labels(classes: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``np.searchsorted(classes, y)``: each label's index in the sorted ``classes`` (every
    label of ``y`` among them). Where ``classes`` are ``0 ... k-1`` and ``y`` integers, each
    label is its own index: ``y`` itself (not a copy; the caller's ``astype`` makes one).

    >>> encoded_labels(np.array([0, 1, 2]), np.array([2, 0, 1]))
    array([2, 0, 1])
    >>> encoded_labels(np.array([3, 7]), np.array([7, 3]))
    array([1, 0])
    """
    k = len(classes)
    if k and classes.dtype.kind in "iu" and y.dtype.kind in "iu" and classes[0] == 0 and classes[-1] == k - 1:
        return y  # sorted and distinct from 0 to k - 1: classes is arange(k)
    return np.searchsorted(classes, y)


def _countable(y: np.ndarray) -> bool:
    return y.ndim == 1 and y.size > 0 and y.dtype.kind in "iu" and np.can_cast(y.dtype, np.intp)


def _unsortable(labels: np.ndarray, what: str) -> ValueError:
    """The error for labels of kinds that do not sort together (numbers and strings, None)."""
    first = {}
    for value in np.ravel(labels):
        first.setdefault(type(value).__name__, value)
    shown = ", ".join(f"{value!r} ({kind})" for kind, value in first.items())
    return ValueError(
        f"{what} must hold labels of one kind that sort together (all numbers or all strings); it mixes {shown}."
    )
