"""How the estimators standardize their features (``scale_features=True``): each column's weighted
mean and standard deviation (:func:`~descend.estimators.moments.weighted_moments` of the first
``fit``'s or ``partial_fit``'s rows, kept by ``warm_start`` and later ``partial_fit`` calls); the
network sees ``(x - mean) / sd``, and ``coef_`` / ``intercept_`` are folded back to the features' own
units. ``X`` is never standardized whole: each batch is as it is taken (a sparse ``X``'s once made
dense; ``ArrayData``'s ``affine``), and each chunk of rows that ``predict`` reads."""

from __future__ import annotations

import numpy as np

from ..training.data.standardize import standardize

__all__ = ["standardized", "folded"]


def standardized(X: np.ndarray, moments: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    r""":math:`(x - m) / s` per column of a dense ``X``, in ``X``'s dtype (a float32 ``X`` is not
    copied to float64: 0.2 s on 320k x 100 rows).

    >>> standardized(np.array([[1.0, 1000.0], [3.0, 3000.0]], dtype=np.float32), ([2.0, 2000.0], [1.0, 1000.0]))
    array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    """
    mean, sd = (np.asarray(v, dtype=X.dtype) for v in moments)
    return standardize(X, mean, sd)


def folded(W: np.ndarray, b: np.ndarray, moments) -> tuple[np.ndarray, np.ndarray]:
    r"""A linear layer ``W`` (n_outputs, n_features), ``b`` fitted on standardized features, in the
    features' own units: :math:`W' = W / s`, :math:`b' = b - W (m / s)` (in float64, cast back), so
    that :math:`W' x + b' = W (x - m) / s + b`.

    >>> W, b = folded(np.array([[2.0, 3.0]]), np.array([1.0]), ([2.0, 2000.0], [1.0, 1000.0]))
    >>> W, b
    (array([[2.   , 0.003]]), array([-9.]))
    """
    if moments is None:
        return W, b
    mean, sd = moments
    w = W.astype(np.float64) / sd
    return w.astype(W.dtype), (b - w @ mean).astype(b.dtype)
