"""Session 29's sixth fresh group of bench ``tune`` (``fresh-s35``, helper doctortune2): small tasks
(480 to 520 rows) with noisy mini-batch losses, unlike fresh-s34's (other targets: a maximum, a
product of a sine and a cosine, five blobs in 3-D), so that a trial's first epochs have few batches
and the doctor reads their per-step losses (too few epochs for epoch means): the regime of
doctortune's frozen W2 (the running median over the per-step losses, at least 3 steps, the end padded
by reflection). Written after W2 was frozen, for its confirmatory held-out read at 12 seeds
(bench/doctor_batch_window_prereg2.md; caveat); features and regression targets standardised.
Checked without any search or candidate (counts only, no loss compared): every task trains on a grid
of Adam rates 1e-3, 1e-2, 1e-1 x batch sizes 16, 64 (8 epochs; best 0.68, 0.77, 0.92 of the
constant's val loss, in this order), and the gate (a divergence the doctor finds on a run whose
per-step losses, 3 to 47 of them, are read) fires on 3, 1, 1 of 30 random points of the default
space. Drafts dropped (the gate never fired, or, for x1 x2 - x3 with Student-t(2.5) noise, too like
fresh-s34's product task): 17 regressions (|x1| + x2 x3, x1^3 / 3 - x2, 2 tanh(x1 + x2) - x3,
sin 2x1 cos x2, sqrt(x1^2 + x2^2), |x1| - x2^2 / 2, 2 sin x1 cos x2, x1 x2 - x3, x1 sign x2,
(x1^2 - x2^2) / 2, exp(x1 / 2) - x2, max(x1 + x2, 0) - x3 / 2, sign x1 + x2 / 2,
sin 2x1 + cos x2, with Laplace or Student-t(1.5 to 2.5) noise, 400 to 560 rows) and 4 classifications
(quadrants, XOR with 3 classes, 4 and 6 blobs, 15 to 25% flipped labels)."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def max_t_noise() -> tuple:
    """Regression of max(x1, x2) plus Student-t(2.5) noise of scale 0.4 (480 rows, 4 Gaussian
    features, x3, x4 do not matter), for an MLP: a kink, heavy-tailed targets, few rows."""
    rng = np.random.default_rng(35)
    X = rng.normal(size=(480, 4))
    y = np.maximum(X[:, 0], X[:, 1]) + 0.4 * rng.standard_t(2.5, size=480)
    return standardised(X, y)


def blobs5_flipped() -> tuple:
    """Five Gaussian blobs in 3-D (centres drawn with spread 1.6, unit spread around them; 480 rows,
    20% of the labels redrawn at random) plus 2 features of pure noise, for a 5-class MLP: few rows,
    noisy batches."""
    rng = np.random.default_rng(35)
    y = rng.integers(0, 5, size=480)
    centres = rng.normal(scale=1.6, size=(5, 3))
    X = centres[y] + rng.normal(size=(480, 3))
    noisy = rng.uniform(size=480) < 0.2
    y = np.where(noisy, rng.integers(0, 5, size=480), y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(480, 2))])), y


def wave_product_t_noise() -> tuple:
    """Regression of sin(x1) cos(x2) plus Student-t(2.2) noise of scale 0.3 (520 rows, 4 Gaussian
    features, x3, x4 do not matter), for an MLP: a weak signal under heavy-tailed noise."""
    rng = np.random.default_rng(35)
    X = rng.normal(size=(520, 4))
    y = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.3 * rng.standard_t(2.2, size=520)
    return standardised(X, y)
