"""How the estimators standardize their features (``scale_features=True``): each column's weighted
mean and standard deviation over the first ``fit``'s (or ``partial_fit``'s) rows, computed in float64,
kept by ``warm_start`` and later ``partial_fit`` calls; the network sees ``(x - mean) / sd``, and
``coef_`` / ``intercept_`` are folded back to the features' own units."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils.sparsefuncs import mean_variance_axis

from .target_scale import scale_or_one, target_moments

__all__ = ["feature_moments", "standardized", "folded"]


def feature_moments(X, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Per column of ``X``: the weighted mean :math:`m` and standard deviation :math:`s` (1 for a
    constant column), in float64. Sparse ``X`` is scaled but not centred (:math:`m = 0`, as
    ``StandardScaler(with_mean=False)``): centring would fill it.

    >>> X = np.array([[1.0, 7.0, 1000.0], [3.0, 7.0, 3000.0]])
    >>> feature_moments(X, np.ones(2))
    (array([   2.,    7., 2000.]), array([   1.,    1., 1000.]))
    >>> feature_moments(sp.csr_matrix(X), np.ones(2))
    (array([0., 0., 0.]), array([   1.,    1., 1000.]))
    """
    if not sp.issparse(X):
        return target_moments(np.asarray(X, dtype=np.float64), w.astype(np.float64))
    mean, var = mean_variance_axis(X.astype(np.float64), axis=0, weights=w.astype(np.float64))
    return np.zeros(X.shape[1]), scale_or_one(mean, np.sqrt(var), np.float64)


def standardized(X, moments: tuple[np.ndarray, np.ndarray]):
    r""":math:`(x - m) / s` per column, in ``X``'s dtype (sparse ``X``: :math:`x / s`, still sparse).

    >>> standardized(np.array([[1.0, 1000.0], [3.0, 3000.0]], dtype=np.float32), ([2.0, 2000.0], [1.0, 1000.0]))
    array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    """
    mean, sd = moments
    if sp.issparse(X):
        return (X @ sp.diags(1.0 / sd)).astype(X.dtype).tocsr()
    return ((X - mean) / sd).astype(X.dtype, copy=False)


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
