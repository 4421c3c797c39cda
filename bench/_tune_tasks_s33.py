"""Session 29's third fresh group of bench ``tune`` (``fresh-s33``, helper tune17): MLP tasks
whose loss starts on a plateau (a target with no linear part) or whose mini-batch losses are noisy
(flipped labels, few rows), where a trial's first epoch can end on a batch above where the run
started while its validation loss is already below the constant prediction's: the regime of
tune14's D2 (a doctor's divergence left to the pruner there) and of tune17's D3 (D2, with the
doctor's advice on such a trial still tried). Written after D3 was conceived, for its held-out read
(caveat); features and regression targets standardised. Checked without any search or candidate:
every task trains on a grid of Adam rates x batch sizes (8 epochs), and the gate (a divergence the
doctor finds after an epoch whose validation loss is below the constant's) fires on random points
of the default space: best 0.77, 0.55, 0.65, 0.28, 0.46, 0.15 of the constant's val loss on the
grid, the gate firing on 4, 4, 4, 3, 2, 8 of 40 random points (in this order); counts only, no loss
compared. Drafts dropped: oblique stripes sign sin(2 (x1 + x2)) (grid best 0.90 of the constant, the
gate never fired), a sine boundary x2 = sin(2 x1) with 12% flipped (the gate never fired)."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def moons_flipped() -> tuple:
    """Two interleaved half-moons (700 rows, Gaussian noise 0.15, 12% of the labels flipped)
    plus 4 features of pure noise, for a binary MLP: few rows, noisy batches."""
    rng = np.random.default_rng(33)
    n = 350
    t = rng.uniform(0, np.pi, size=n)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    t = rng.uniform(0, np.pi, size=n)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.vstack([upper, lower]) + rng.normal(scale=0.15, size=(2 * n, 2))
    y = np.repeat([0, 1], n)
    flip = rng.uniform(size=2 * n) < 0.12
    return standardised(np.hstack([X, rng.normal(size=(2 * n, 4))])), np.where(flip, 1 - y, y).astype("int64")


def small_circles() -> tuple:
    """Two concentric noisy circles, radii 0.5 and 1 (500 rows, radius noise 0.12, 10% of the
    labels flipped) plus 3 features of pure noise, for a binary MLP: few rows, a boundary with no
    linear part."""
    rng = np.random.default_rng(33)
    n = 250
    t = rng.uniform(0, 2 * np.pi, size=2 * n)
    r = np.repeat([0.5, 1.0], n) + rng.normal(scale=0.12, size=2 * n)
    X = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    y = np.repeat([0, 1], n)
    flip = rng.uniform(size=2 * n) < 0.10
    return standardised(np.hstack([X, rng.normal(size=(2 * n, 3))])), np.where(flip, 1 - y, y).astype("int64")


def shell_bands() -> tuple:
    """Two classes by the sign of cos(2.5 r), r the radius of (x1, x2, x3) uniform on [-2, 2]^3
    (1200 rows, 8% of the labels flipped) plus 2 features of pure noise, for a binary MLP:
    nested spherical bands."""
    rng = np.random.default_rng(33)
    X = rng.uniform(-2, 2, size=(1200, 3))
    y = np.cos(2.5 * np.linalg.norm(X, axis=1)) > 0
    flip = rng.uniform(size=1200) < 0.08
    y = np.where(flip, ~y, y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1200, 2))])), y


def tanh_product() -> tuple:
    """Regression of tanh(2 x1 x2) + Gaussian noise 0.3 (800 rows, 5 features standard normal,
    x3..x5 do not matter), for an MLP: a target with no linear part, noisy targets."""
    rng = np.random.default_rng(33)
    X = rng.normal(size=(800, 5))
    y = np.tanh(2 * X[:, 0] * X[:, 1]) + rng.normal(scale=0.3, size=800)
    return standardised(X, y)


def ring_halves() -> tuple:
    """Four classes: inside or outside the circle r = 1.2, times the sign of x1 - 0.5 x2, (x1,
    x2) standard normal (1000 rows, 12% of the labels redrawn at random) plus 3 features of pure
    noise, for a 4-class MLP."""
    rng = np.random.default_rng(33)
    X = rng.normal(size=(1000, 2))
    y = 2 * (np.hypot(X[:, 0], X[:, 1]) > 1.2) + (X[:, 0] - 0.5 * X[:, 1] > 0)
    noisy = rng.uniform(size=1000) < 0.12
    y = np.where(noisy, rng.integers(0, 4, size=1000), y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1000, 3))])), y


def bent_wave() -> tuple:
    """Regression of sin(2 x1 + x2^2) + Gaussian noise 0.2 (900 rows, 4 features uniform on
    [-1.5, 1.5], x3, x4 do not matter), for an MLP: a wave bent along x2."""
    rng = np.random.default_rng(33)
    X = rng.uniform(-1.5, 1.5, size=(900, 4))
    y = np.sin(2 * X[:, 0] + X[:, 1] ** 2) + rng.normal(scale=0.2, size=900)
    return standardised(X, y)
