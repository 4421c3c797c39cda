"""How the estimators standardize their features (``scale_features=True``): each column's weighted
mean and standard deviation over the first ``fit``'s (or ``partial_fit``'s) rows, computed in float64,
kept by ``warm_start`` and later ``partial_fit`` calls; the network sees ``(x - mean) / sd``, and
``coef_`` / ``intercept_`` are folded back to the features' own units. A dense ``X`` is standardized
a batch at a time as each is taken (``ArrayData``'s moments); a sparse ``X`` stays sparse: it is
scaled whole, and centred a batch at a time as each batch is made dense (``sparse_shift``)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils.sparsefuncs import mean_variance_axis

from .target_scale import scale_or_one

__all__ = ["feature_moments", "standardized", "sparse_shift", "folded"]


def feature_moments(X, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Per column of ``X`` (dense or sparse): the weighted mean :math:`m` and standard deviation
    :math:`s` (1 for a constant column), in float64.

    >>> X = np.array([[1.0, 7.0, 1000.0], [3.0, 7.0, 3000.0]])
    >>> feature_moments(X, np.ones(2))
    (array([   2.,    7., 2000.]), array([   1.,    1., 1000.]))
    >>> feature_moments(sp.csr_matrix(X), np.array([3.0, 1.0]))[0]  # weighted: the mean 3:1
    array([   1.5,    7. , 1500. ])
    """
    if not sp.issparse(X):
        return _dense_moments(np.asarray(X), w.astype(np.float64))
    mean, var = mean_variance_axis(X.astype(np.float64), axis=0, weights=w.astype(np.float64))
    return mean, scale_or_one(mean, np.sqrt(var), np.float64)


def _dense_moments(X: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``target_moments``' mean and sd of a dense ``X``, summed over chunks of rows into one
    buffer: a float32 X of 320k x 100 took 0.8 s and 1.2 GB of temporaries as a float64 copy and
    its three full-size deviations (``X.var(dtype=float64)`` would still make one). A column
    whose values are all equal gets its value as mean and sd 1 exactly (a sum of 30,000 weights
    of 1/30,000 left it an sd of 5e-13)."""
    rows = max(1, 2**18 // max(1, X.shape[1]))  # 2 MB of float64 a chunk
    chunks = [slice(i, i + rows) for i in range(0, len(X), rows)]
    buffer = np.empty((min(rows, len(X)), X.shape[1]))
    total, high, low = w.sum(), X.max(axis=0).astype(np.float64), X.min(axis=0).astype(np.float64)
    mean = sum(w[c] @ _into(buffer, X[c]) for c in chunks) / total
    mean = np.where(high == low, high, mean)
    # the largest |x - m| from each column's extremes: fl(high - m) >= fl(x - m), rounding is monotone
    peak = np.maximum(high - mean, mean - low)
    peak = np.where(peak > 0, peak, 1.0)  # squares beyond 1e154 would overflow: square over the peak
    squares = 0.0
    for c in chunks:
        deviation = _into(buffer, X[c])
        deviation -= mean
        deviation /= peak
        deviation *= deviation
        squares = squares + w[c] @ deviation
    return mean, scale_or_one(mean, peak * np.sqrt(squares / total), np.float64)


def _into(buffer: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``rows`` in float64, written over the start of ``buffer``."""
    out = buffer[: len(rows)]
    out[...] = rows
    return out


def standardized(X, moments: tuple[np.ndarray, np.ndarray]):
    r""":math:`(x - m) / s` per column, in ``X``'s dtype; a sparse ``X`` only :math:`x / s`, still sparse
    (its batches, made dense, are shifted by :func:`sparse_shift`).

    >>> standardized(np.array([[1.0, 1000.0], [3.0, 3000.0]], dtype=np.float32), ([2.0, 2000.0], [1.0, 1000.0]))
    array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    """
    if sp.issparse(X):
        return (X @ sp.diags(1.0 / moments[1])).astype(X.dtype).tocsr()
    # in X's dtype, in place: a float32 X is not copied to float64 (0.2 s on 320k x 100 rows)
    mean, sd = (np.asarray(v, dtype=X.dtype) for v in moments)
    out = X - mean
    out /= sd
    return out


def sparse_shift(moments: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    r""":math:`m / s`: what a dense batch of a sparse ``X`` scaled by :func:`standardized` still needs
    subtracted to be standardized.

    >>> sparse_shift(([2.0, 2000.0], [1.0, 1000.0]))
    array([2., 2.])
    """
    mean, sd = moments
    return np.asarray(mean) / sd


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
