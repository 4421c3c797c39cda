"""Session 29's second fresh group of bench ``tune`` (``fresh-s32``, helper tune16): four models of
one weight matrix (three linear regressions, one logistic) whose mini-batch losses are heavy-tailed
(Student-t or contaminated targets, heavy-tailed features), so that one batch's loss can sit far
above the data's while the run is healthy: the regime of the doctor's divergence prune in a
median-pruner study that tune16's candidates change. Features and regression targets
standardised. Written after the candidates were conceived, before they were coded."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def cauchy_like_linear() -> tuple:
    """Linear regression with Student-t noise of 1.5 degrees of freedom (infinite variance),
    scale 0.25 (1000 rows, 10 Gaussian features, 5 of them informative)."""
    rng = np.random.default_rng(32)
    X = rng.normal(size=(1000, 10))
    w = np.r_[rng.normal(size=5), np.zeros(5)]
    y = X @ w / np.linalg.norm(w) + 0.25 * rng.standard_t(1.5, size=1000)
    return standardised(X, y)


def contaminated_linear() -> tuple:
    """Linear regression whose noise is Gaussian (0.3) on 92% of the rows and Gaussian with
    standard deviation 4 on the other 8% (gross outliers; 700 rows, 15 features, 8 informative)."""
    rng = np.random.default_rng(32)
    X = rng.normal(size=(700, 15))
    w = np.r_[rng.normal(size=8), np.zeros(7)]
    noise = np.where(rng.uniform(size=700) < 0.08, rng.normal(scale=4.0, size=700), rng.normal(scale=0.3, size=700))
    y = X @ w / np.linalg.norm(w) + noise
    return standardised(X, y)


def heavy_features_linear() -> tuple:
    """Linear regression on heavy-tailed features (Student-t, 3 degrees of freedom, standardised:
    high-leverage rows) with Student-t noise (3 degrees of freedom, scale 0.4; 900 rows, 8
    features, all informative)."""
    rng = np.random.default_rng(32)
    X = rng.standard_t(3, size=(900, 8))
    w = rng.normal(size=8)
    y = X @ w / np.linalg.norm(w) / X.std() + 0.4 * rng.standard_t(3, size=900)
    return standardised(X, y)


def heavy_features_logistic() -> tuple:
    """Binary labels from a linear rule on heavy-tailed features (Student-t, 2 degrees of freedom;
    1000 rows, 12 features, 6 informative) with 12% of the labels flipped, for a logistic
    regression: a flipped row far out costs a large log-loss, so a batch's loss is heavy-tailed."""
    rng = np.random.default_rng(32)
    X = rng.standard_t(2, size=(1000, 12))
    w = np.r_[rng.normal(size=6), np.zeros(6)]
    y = (X @ w > 0).astype("int64")
    flip = rng.uniform(size=1000) < 0.12
    y[flip] = 1 - y[flip]
    return standardised(X), y
