"""Session 27's fresh group of bench ``tune`` (``fresh-s27``): four MLP tasks whose loss starts on
a plateau (a class boundary or a surface no linear map fits), where moderate rates leave the
first epoch's loss no lower than its start before they train; features and regression targets
standardised."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def checkerboard() -> tuple:
    """A 4 x 4 checkerboard on [-2, 2]^2 (1000 points uniform, the class the parity of the cell,
    5% of the labels flipped) plus 2 features of pure noise, for a binary MLP."""
    rng = np.random.default_rng(27)
    X = rng.uniform(-2, 2, size=(1000, 2))
    y = (np.floor(X[:, 0]) + np.floor(X[:, 1])) % 2
    flip = rng.uniform(size=1000) < 0.05
    y = np.where(flip, 1 - y, y).astype("int64")
    return standardised(np.hstack([X, rng.normal(size=(1000, 2))])), y


def spirals3() -> tuple:
    """Three interleaved spiral arms (1200 points, 400 an arm, one turn each, radius noise 0.05)
    plus 2 features of pure noise, for a 3-class MLP."""
    rng = np.random.default_rng(27)
    t = rng.uniform(0.1, 1.0, size=1200)
    y = np.repeat([0, 1, 2], 400)
    angle = 2 * np.pi * t + 2 * np.pi * y / 3
    r = t + rng.normal(scale=0.05, size=1200)
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle), rng.normal(size=(1200, 2))])
    return standardised(X), y


def parity3() -> tuple:
    """The sign of x1 x2 x3 (three-way XOR of Gaussian features, 1200 rows, Gaussian noise 0.1 on
    the product) plus 3 features of pure noise, for a binary MLP: no pair of features says anything."""
    rng = np.random.default_rng(27)
    X = rng.normal(size=(1200, 6))
    y = (X[:, 0] * X[:, 1] * X[:, 2] + rng.normal(scale=0.1, size=1200) > 0).astype("int64")
    return standardised(X), y


def wavy_surface() -> tuple:
    """Regression of sin(3 x1) cos(2 x2) + Gaussian noise 0.1 (1000 rows, x1, x2 uniform on
    [-2, 2], 3 more features that do not matter), for an MLP: a target with no linear part."""
    rng = np.random.default_rng(27)
    X = rng.uniform(-2, 2, size=(1000, 5))
    y = np.sin(3 * X[:, 0]) * np.cos(2 * X[:, 1]) + rng.normal(scale=0.1, size=1000)
    return standardised(X, y)
