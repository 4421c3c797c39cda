"""The labels a pandas user has for the rows of the data: a DataFrame's (or Series') index.

``descend.train`` on a DataFrame (or on ``(X, y)`` where ``X`` or ``y`` is pandas) and a
``GDClassifier`` / ``GDRegressor`` fitted on one keep them where they are not the positions
``0 .. n-1`` (a frame read with ``index_col="id"``, filtered or shuffled rows): the per-example
tables then name each example by that label too (``index_label``), so ``df.loc[label]`` reads it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["index_labels"]


def index_labels(*data: Any) -> np.ndarray | None:
    """The labels of the rows in the pandas index of the first of ``data`` (features, then
    targets: a DataFrame or a Series) whose index is not the positions ``0 .. n-1``: what
    ``df.loc[...]`` takes. ``None`` where none has such an index (arrays, a frame numbered
    by position).

    >>> import pandas as pd
    >>> index_labels(pd.DataFrame({"a": [1.0, 2.0]}, index=[10, 20])).tolist()
    [10, 20]
    >>> index_labels(np.zeros((2, 1)), pd.Series([0, 1], index=["b", "a"])).tolist()
    ['b', 'a']
    >>> index_labels(pd.DataFrame({"a": [1.0, 2.0]})) is None, index_labels(np.zeros((2, 1))) is None
    (True, True)
    """
    for values in data:
        index = getattr(values, "index", None)
        if index is None or not hasattr(index, "equals") or not hasattr(values, "iloc"):
            continue
        if not _positions(index):
            return index.to_numpy()
    return None


def _positions(index: Any) -> bool:
    values = np.asarray(index)
    return values.dtype.kind in "iu" and np.array_equal(values, np.arange(len(values)))
