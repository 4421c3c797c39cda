"""Session 28's fresh group of bench ``tune`` (``fresh-s29``, helper tune13): three MLP tasks whose
loss starts on a plateau after a small linear part (a class boundary or a surface a linear map fits
only a little: the trials drop to the best affine map's level in epoch 1 and sit there before the
hidden layers learn), and one that learns at once; features and regression targets standardised."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def spirals_two_turns() -> tuple:
    """Two interleaved spirals of two turns each (1200 rows, radius noise 0.04 a turn) plus 3
    features of pure noise, for a binary MLP."""
    rng = np.random.default_rng(29)
    n = 600
    arms = []
    for phase in (0.0, np.pi):
        turn = rng.uniform(0.2, 2.0, size=n) * 2 * np.pi
        r = turn / (2 * np.pi) + rng.normal(scale=0.04, size=n)
        arms.append(np.stack([r * np.cos(turn + phase), r * np.sin(turn + phase)], axis=1))
    X = np.hstack([np.vstack(arms), rng.normal(size=(2 * n, 3))])
    return standardised(X), np.repeat([0, 1], n)


def tilted_wave() -> tuple:
    """Regression of 0.3 x1 + sin(2 x2) cos(2 x3) + Gaussian noise 0.1 (1000 rows, 6 features
    uniform on [-2, 2], x4..x6 do not matter), for an MLP: a small linear part, then a wave."""
    rng = np.random.default_rng(29)
    X = rng.uniform(-2, 2, size=(1000, 6))
    y = 0.3 * X[:, 0] + np.sin(2 * X[:, 1]) * np.cos(2 * X[:, 2]) + rng.normal(scale=0.1, size=1000)
    return standardised(X, y)


def shifted_disc() -> tuple:
    """A disc of radius 1.1 centred at (0.6, 0) in 2-D Gaussian features (1200 rows, 4% of the
    labels flipped) plus 3 features of pure noise, for a binary MLP: the shift gives a linear map
    a little to fit."""
    rng = np.random.default_rng(29)
    X = rng.normal(size=(1200, 2))
    y = np.hypot(X[:, 0] - 0.6, X[:, 1]) < 1.1
    flip = rng.uniform(size=1200) < 0.04
    y = np.where(flip, ~y, y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1200, 3))])), y


def blobs4() -> tuple:
    """Four Gaussian blobs (1200 rows, 300 a class, unit spread) whose centres lie 1.5 from the
    origin along 4 random directions of 6 features, for a 4-class MLP: a task that learns at once."""
    rng = np.random.default_rng(29)
    centres = rng.normal(size=(4, 6))
    centres *= 1.5 / np.linalg.norm(centres, axis=1, keepdims=True)
    y = np.repeat(np.arange(4), 300)
    X = centres[y] + rng.normal(size=(1200, 6))
    return standardised(X), y
