"""Data and a quiet fit shared by the estimator tests."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning


def linear_problem(n=200, d=5, n_targets=None, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, d))
    coef = rng.normal(size=(d,) if n_targets is None else (d, n_targets)) * 2
    y = X @ coef + 0.7 + 0.1 * rng.normal(size=(n,) if n_targets is None else (n, n_targets))
    return X, y


def quiet(fit, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit(*args, **kw)
