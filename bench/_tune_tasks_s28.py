"""Session 27's second fresh group of bench ``tune`` (``fresh-s28``, helper tune11): three MLP tasks
whose loss starts on a plateau (a target with no linear part: radial or along one oblique
direction), written for the first-rung plateau wait (``bench/tune_plateau_wait_prereg.md``) before
it was coded; features and regression targets standardised."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def shells() -> tuple:
    """A spherical shell in 3-D: the class is whether a point (1200, Gaussian) lies between 1.2 and
    2.0 from the origin (about half of them), 4% of the labels flipped, plus 2 features of pure
    noise, for a binary MLP: no direction says anything."""
    rng = np.random.default_rng(28)
    X = rng.normal(size=(1200, 3))
    r = np.linalg.norm(X, axis=1)
    y = (r > 1.2) & (r < 2.0)
    flip = rng.uniform(size=1200) < 0.04
    y = np.where(flip, ~y, y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1200, 2))])), y


def radial_wave() -> tuple:
    """Regression of cos(4 r) + Gaussian noise 0.1, r the distance of (x1, x2) (uniform on
    [-1.5, 1.5]^2) from the origin (1000 rows, 3 more features that do not matter), for an MLP."""
    rng = np.random.default_rng(28)
    X = rng.uniform(-1.5, 1.5, size=(1000, 5))
    y = np.cos(4 * np.linalg.norm(X[:, :2], axis=1)) + rng.normal(scale=0.1, size=1000)
    return standardised(X, y)


def ridge_sine() -> tuple:
    """Regression of sin(3 s) + Gaussian noise 0.1 along one oblique direction, s = (x1 + x2 +
    x3) / sqrt 3 of 6 Gaussian features (1000 rows), for an MLP: an odd wave of s whose best
    straight line explains little."""
    rng = np.random.default_rng(28)
    X = rng.normal(size=(1000, 6))
    s = X[:, :3].sum(axis=1) / np.sqrt(3)
    y = np.sin(3 * s) + rng.normal(scale=0.1, size=1000)
    return standardised(X, y)
