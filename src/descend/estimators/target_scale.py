"""How ``GDRegressor`` standardizes its targets: each output's weighted mean and standard deviation
over the training rows, learned by the first ``fit`` (or ``partial_fit``) and kept by ``warm_start``
and later ``partial_fit`` calls, so that the network fits targets of mean 0 and variance 1 whatever
their units."""

from __future__ import annotations

import numpy as np

__all__ = ["target_moments", "scale_or_one"]


def target_moments(y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Per column of ``y`` (n_samples, n_outputs): the weighted mean :math:`m = \sum_i w_i y_i /
    \sum_i w_i` and standard deviation :math:`s = (\sum_i w_i (y_i - m)^2 / \sum_i w_i)^{1/2}`; a
    column constant to rounding gets :math:`s = 1` (as ``StandardScaler`` does), so
    :math:`(y - m) / s` is always finite.

    >>> y = np.array([[100.0, 5.0], [300.0, 5.0]])
    >>> target_moments(y, np.ones(2))
    (array([200.,   5.]), array([100.,   1.]))
    >>> target_moments(y, np.array([3.0, 1.0]))[0]
    array([150.,   5.])
    """
    w = w / w.sum()
    mean = w @ y
    deviation = y - mean
    # Squares of targets beyond 1e154 would overflow: square the deviations over their peak.
    peak = np.abs(deviation).max(axis=0)
    peak = np.where(peak > 0, peak, 1.0)
    sd = peak * np.sqrt(w @ (deviation / peak) ** 2)
    return mean, scale_or_one(mean, sd, y.dtype)


def scale_or_one(mean: np.ndarray, sd: np.ndarray, dtype) -> np.ndarray:
    """``sd``, or 1 where a column is constant to ``dtype``'s rounding of its ``mean``.

    >>> scale_or_one(np.array([1e6, 2.0]), np.array([1e-12, 0.5]), np.float64)
    array([1. , 0.5])
    """
    rounding = 10 * np.finfo(dtype).eps * np.abs(mean)  # relative: values of 1e-200 have a scale
    return np.where((sd > rounding) & (sd > 0), sd, 1.0)
