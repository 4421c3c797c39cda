"""Session 29's second fresh group of bench ``tune`` (``fresh-s31``, helper tune15): MLP tasks
whose loss starts on a plateau (a target with no linear part: the trials sit near the constant
prediction in epoch 1 before the hidden layers learn) or whose mini-batch losses are noisy (flipped
labels, few rows), where a trial's first epoch can end on a batch above where the run started
while its validation loss is already below the constant prediction's: the regime of tune14's
frozen D2 (a doctor's divergence left to the pruner there). Written after D2 was frozen and read
once on fresh-s30, for its second held-out read (caveat); features and regression targets
standardised. Checked without any search or candidate: every task trains on a grid of Adam rates x
batch sizes (8 epochs), and the gate (a divergence the doctor finds after an epoch whose validation
loss is below the constant's) fires on 7, 6, 3, 10, 3, 11 of 40 random points of the default space
(in this order); counts only, no loss compared. Drafts dropped on the grid alone (best 0.96-0.98 of
the constant): sin(2 x1) sin(2 x2) sin(2 x3), cos(2 x1 + 2 x2) sin(2 x1 - 2 x2) on 800 rows, the
checkerboard on 1000 rows with 10% flipped."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def spirals_small_noisy() -> tuple:
    """Two interleaved spirals of one and a quarter turns (600 rows, radius noise 0.05 a turn,
    8% of the labels flipped) plus 3 features of pure noise, for a binary MLP: few rows, so a
    batch's loss scatters."""
    rng = np.random.default_rng(31)
    n = 300
    arms = []
    for phase in (0.0, np.pi):
        turn = rng.uniform(0.25, 1.5, size=n) * 2 * np.pi
        r = turn / (2 * np.pi) + rng.normal(scale=0.05, size=n)
        arms.append(np.stack([r * np.cos(turn + phase), r * np.sin(turn + phase)], axis=1))
    X = np.hstack([np.vstack(arms), rng.normal(size=(2 * n, 3))])
    y = np.repeat([0, 1], n)
    flip = rng.uniform(size=2 * n) < 0.08
    return standardised(X), np.where(flip, 1 - y, y).astype("int64")


def sine_product() -> tuple:
    """Regression of sin(2 x1) sin(1.5 x2) + Gaussian noise 0.15 (1000 rows, 5 features uniform
    on [-2, 2], x3..x5 do not matter), for an MLP: a target with no linear part."""
    rng = np.random.default_rng(31)
    X = rng.uniform(-2, 2, size=(1000, 5))
    y = np.sin(2 * X[:, 0]) * np.sin(1.5 * X[:, 1]) + rng.normal(scale=0.15, size=1000)
    return standardised(X, y)


def xor_flipped() -> tuple:
    """XOR of the signs of x1 and x2 (800 rows, 15% of the labels flipped) plus 6 features of
    pure noise, for a binary MLP: no linear part, noisy batches."""
    rng = np.random.default_rng(31)
    X = rng.normal(size=(800, 8))
    y = (X[:, 0] > 0) ^ (X[:, 1] > 0)
    flip = rng.uniform(size=800) < 0.15
    return standardised(X), np.where(flip, ~y, y).astype("int64")


def ripple_classes() -> tuple:
    """Two classes by the sign of sin(2.5 r), r the radius of (x1, x2) uniform on [-2.5, 2.5]^2
    (1000 rows, 10% of the labels flipped) plus 2 features of pure noise, for a binary MLP:
    alternating rings."""
    rng = np.random.default_rng(31)
    X = rng.uniform(-2.5, 2.5, size=(1000, 2))
    y = np.sin(2.5 * np.hypot(X[:, 0], X[:, 1])) > 0
    flip = rng.uniform(size=1000) < 0.10
    y = np.where(flip, ~y, y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1000, 2))])), y


def saddle_wave() -> tuple:
    """Regression of cos(x1 + x2) sin(1.5 (x1 - x2)) + Gaussian noise 0.2 (800 rows, 4 features
    uniform on [-2, 2], x3, x4 do not matter), for an MLP: an oblique wave, noisy targets."""
    rng = np.random.default_rng(31)
    X = rng.uniform(-2, 2, size=(800, 4))
    y = np.cos(X[:, 0] + X[:, 1]) * np.sin(1.5 * (X[:, 0] - X[:, 1])) + rng.normal(scale=0.2, size=800)
    return standardised(X, y)


def checker_flipped() -> tuple:
    """A 3 x 3 checkerboard on (x1, x2) uniform on [-1.5, 1.5]^2 (1600 rows, 8% of the labels
    flipped) plus 3 features of pure noise, for a binary MLP."""
    rng = np.random.default_rng(31)
    X = rng.uniform(-1.5, 1.5, size=(1600, 2))
    y = (np.floor(X[:, 0] + 1.5) + np.floor(X[:, 1] + 1.5)) % 2 == 1
    flip = rng.uniform(size=1600) < 0.08
    y = np.where(flip, ~y, y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1600, 3))])), y
