"""The built-in data sets: small tables scikit-learn ships, loaded offline, known by name."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..._names import Registry

__all__ = ["names", "get", "IMAGE_SHAPES"]

#: Built-in data sets whose examples are images stored flat: (channels, height, width).
IMAGE_SHAPES = {"digits": (1, 8, 8)}


@functools.cache
def _load(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The ``(X, y)`` arrays of scikit-learn's bundled ``load_<name>``, read once per process."""
    import sklearn.datasets  # here, not with descend: scikit-learn takes a third of its import time

    return getattr(sklearn.datasets, f"load_{name}")(return_X_y=True)


_DATASETS: Registry[Callable[[], tuple[np.ndarray, np.ndarray]]] = Registry(
    "data set",
    {name: functools.partial(_load, name) for name in ("digits", "breast_cancer", "diabetes", "iris", "wine")},
)


def names() -> list[str]:
    """The names of the built-in data sets.

    >>> names()
    ['digits', 'breast_cancer', 'diabetes', 'iris', 'wine']
    """
    return _DATASETS.names()


def get(name: Any) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    """The loader of the built-in data set ``name``: a function returning its ``(X, y)`` arrays.

    >>> X, y = get("iris")()
    >>> X.shape, y.shape
    ((150, 4), (150,))
    >>> get("irsi")
    Traceback (most recent call last):
    ValueError: unknown data set 'irsi'. Did you mean 'iris'? Known: digits, breast_cancer, diabetes, iris, wine.
    """
    return _DATASETS.get(name)
