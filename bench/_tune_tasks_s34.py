"""Session 29's fifth fresh group of bench ``tune`` (``fresh-s34``, helper doctortune): small tasks
(400 to 700 rows) with noisy mini-batch losses (heavy-tailed or grossly contaminated targets,
flipped labels), so that a trial's first epochs have 5 to 40 batches and the doctor reads their
per-step losses (too few epochs for epoch means) through a window of one step: the regime of the
running median over the per-step losses that doctortune's candidates change
(bench/doctor_batch_window_prereg.md). Written after the candidates were conceived, before they were
coded, for their held-out read (caveat); features and regression targets standardised. Checked
without any search or candidate (counts only, no loss compared): every task trains on a grid of Adam
rates 1e-3, 1e-2, 1e-1 x batch sizes 16, 64 (8 epochs; best 0.32, 0.60, 0.58 of the constant's val
loss, in this order), and the gate (a divergence the doctor finds on a run whose per-step losses, 3
to 47 of them, are read) fires on 3, 1, 3 of 30 random points of the default space. Drafts dropped
(the gate never fired): Student-t(2) linear regression (500 rows), linear regression with 6% gross
outliers (450 rows), Student-t(1.3) linear regression (600 rows), |x1| + sin(2 x2) with 5% gross
outliers (MLP, 550 rows), x1^2 - x2 + 0.5 x1 x3 with Student-t(2) noise (MLP, 350 rows)."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def product_t_noise() -> tuple:
    """Regression of x1 x2 + 0.5 x3 plus Student-t(2.5) noise of scale 0.4 (600 rows, 5 Gaussian
    features, x4, x5 do not matter), for an MLP: heavy-tailed targets, few rows."""
    rng = np.random.default_rng(34)
    X = rng.normal(size=(600, 5))
    y = X[:, 0] * X[:, 1] + 0.5 * X[:, 2] + 0.4 * rng.standard_t(2.5, size=600)
    return standardised(X, y)


def blobs_flipped_small() -> tuple:
    """Three Gaussian blobs in 2-D (centres on a circle of radius 1.5, unit spread; 450 rows,
    15% of the labels redrawn at random) plus 3 features of pure noise, for a 3-class MLP: few
    rows, noisy batches."""
    rng = np.random.default_rng(34)
    y = rng.integers(0, 3, size=450)
    angle = 2 * np.pi * y / 3
    X = np.stack([1.5 * np.cos(angle), 1.5 * np.sin(angle)], axis=1) + rng.normal(size=(450, 2))
    noisy = rng.uniform(size=450) < 0.15
    y = np.where(noisy, rng.integers(0, 3, size=450), y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(450, 3))])), y


def sine_t_noise() -> tuple:
    """Regression of sin(2 x1) + 0.5 x2^2 plus Student-t(2) noise of scale 0.3 (400 rows, 4
    Gaussian features, x3, x4 do not matter), for an MLP: heavy-tailed targets, few rows."""
    rng = np.random.default_rng(34)
    X = rng.normal(size=(400, 4))
    y = np.sin(2 * X[:, 0]) + 0.5 * X[:, 1] ** 2 + 0.3 * rng.standard_t(2, size=400)
    return standardised(X, y)
