"""The weighted mean and standard deviation per column that standardize the estimators' features
(``scale_features``) and a regressor's targets (``scale_targets``): computed in float64 from the
first ``fit``'s (or ``partial_fit``'s) rows, and kept by ``warm_start`` and later ``partial_fit``
calls."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils.sparsefuncs import mean_variance_axis

__all__ = ["weighted_moments"]


def weighted_moments(X, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Per column of ``X`` (n_samples, n_columns; dense or sparse): the weighted mean
    :math:`m = \sum_i w_i x_i / \sum_i w_i` and standard deviation
    :math:`s = (\sum_i w_i (x_i - m)^2 / \sum_i w_i)^{1/2}`, in float64; a constant column gets
    :math:`s = 1` (as ``StandardScaler`` does), so :math:`(x - m) / s` is always finite.

    >>> X = np.array([[1.0, 7.0, 1000.0], [3.0, 7.0, 3000.0]])
    >>> weighted_moments(X, np.ones(2))
    (array([   2.,    7., 2000.]), array([   1.,    1., 1000.]))
    >>> weighted_moments(sp.csr_matrix(X), np.array([3.0, 1.0]))[0]  # weighted: the mean 3:1
    array([   1.5,    7. , 1500. ])
    """
    if not sp.issparse(X):
        return _dense_moments(np.asarray(X), w.astype(np.float64))
    # copy=False: a float64 X is read where it is (a float32 one is widened: scikit-learn's sums
    # of a float32 X come back rounded to float32)
    mean, var = mean_variance_axis(X.astype(np.float64, copy=False), axis=0, weights=w.astype(np.float64))
    return mean, _scale_or_one(mean, np.sqrt(var))


def _dense_moments(X: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and sd of a dense ``X``, summed over chunks of rows into one buffer: a float32 X
    of 320k x 100 took 0.8 s and 1.2 GB of temporaries as a float64 copy and its three full-size
    deviations (``X.var(dtype=float64)`` would still make one). Two passes over ``X`` (the mean,
    then the squares): its max and min, two more, cost as much as both (46 ms each on 400k x 100
    float32). A column whose values are all equal gets its value as mean and sd 1 exactly (a sum of
    30,000 weights of 1/30,000 left it an sd of 5e-13)."""
    rows = max(1, 2**18 // max(1, X.shape[1]))  # 2 MB of float64 a chunk
    chunks = [slice(i, i + rows) for i in range(0, len(X), rows)]
    buffer = np.empty((min(rows, len(X)), X.shape[1]))
    total = w.sum()
    mean = sum(w[c] @ _into(buffer, X[c]) for c in chunks) / total
    squares = 0.0
    with np.errstate(over="ignore", under="ignore"):  # such columns are summed again below
        for c in chunks:
            deviation = _into(buffer, X[c])
            deviation -= mean
            deviation *= deviation
            squares = squares + w[c] @ deviation
    sd = np.sqrt(squares / total)
    # A constant column's computed mean is off by the sums' rounding (under n * eps relative),
    # and so is its sd: only the columns whose sd is that small can be constant; those are checked.
    maybe = np.flatnonzero(sd <= 1e-6 * np.abs(mean))
    constant = maybe[(X[:, maybe] == X[0, maybe]).all(axis=0)] if maybe.size else maybe
    mean[constant], sd[constant] = X[0, constant], 0.0
    # Squares beyond 1e308 overflow and below 1e-308 underflow (float32 values can do neither):
    # those columns are summed again over their peak deviation, from their extremes.
    odd = np.flatnonzero(~np.isfinite(squares) | (squares <= 1e-290 * total))
    odd = np.setdiff1d(odd, constant)
    if odd.size:
        sd[odd] = _over_peak(X[:, odd], w, mean[odd], total)
    return mean, _scale_or_one(mean, sd)


def _over_peak(X: np.ndarray, w: np.ndarray, mean: np.ndarray, total: float) -> np.ndarray:
    """The sd of a few columns ``X`` (about ``mean``) with each deviation divided by the column's
    largest, so that its square neither overflows nor underflows."""
    high, low = X.max(axis=0).astype(np.float64), X.min(axis=0).astype(np.float64)
    peak = np.maximum(high - mean, mean - low)  # fl(high - m) >= fl(x - m): rounding is monotone
    peak = np.where(peak > 0, peak, 1.0)
    deviation = (X.astype(np.float64) - mean) / peak
    return peak * np.sqrt(w @ (deviation * deviation) / total)


def _into(buffer: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``rows`` in float64, written over the start of ``buffer``."""
    out = buffer[: len(rows)]
    out[...] = rows
    return out


def _scale_or_one(mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """``sd``, or 1 where a column is constant to float64's rounding of its ``mean``."""
    rounding = 10 * np.finfo(np.float64).eps * np.abs(mean)  # relative: values of 1e-200 have a scale
    return np.where((sd > rounding) & (sd > 0), sd, 1.0)
