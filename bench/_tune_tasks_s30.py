"""Session 29's fresh group of bench ``tune`` (``fresh-s30``, helper tune14): four MLP tasks whose
mini-batch losses are noisy (heavy-tailed or flipped targets, a rough target), where a trial's
first epoch can end on a batch above where the run started while its validation loss is already
below the constant prediction's (the regime of a doctor's divergence prune that tune14's
candidates change); features and regression targets standardised. Written after the candidates
were conceived, before they were coded."""

from __future__ import annotations

import numpy as np

from _tune_tasks import standardised


def sawtooth() -> tuple:
    """Regression of a sawtooth, frac(1.5 x1) - 0.5, plus 0.5 cos(x2) and Gaussian noise 0.15
    (1000 rows, 5 features uniform on [-2, 2], x3..x5 do not matter), for an MLP: a rough,
    periodic target a linear map fits almost nothing of."""
    rng = np.random.default_rng(30)
    X = rng.uniform(-2, 2, size=(1000, 5))
    y = (1.5 * X[:, 0]) % 1.0 - 0.5 + 0.5 * np.cos(X[:, 1]) + rng.normal(scale=0.15, size=1000)
    return standardised(X, y)


def v_shape_heavy_noise() -> tuple:
    """Regression of |x1| - |x2| plus Student-t noise (3 degrees of freedom, scale 0.4; 1000
    rows, 6 Gaussian features, x3..x6 do not matter), for an MLP: heavy-tailed targets make
    one batch's loss scatter far around the data's."""
    rng = np.random.default_rng(30)
    X = rng.normal(size=(1000, 6))
    y = np.abs(X[:, 0]) - np.abs(X[:, 1]) + 0.4 * rng.standard_t(3, size=1000)
    return standardised(X, y)


def wedges5() -> tuple:
    """Five classes by the angle of (x1, x2) in five equal sectors (1250 rows, 25% of the labels
    replaced by a random class) plus 3 features of pure noise, for an MLP."""
    rng = np.random.default_rng(30)
    X = rng.normal(size=(1250, 5))
    y = (np.floor((np.arctan2(X[:, 1], X[:, 0]) + np.pi) / (2 * np.pi / 5)) % 5).astype("int64")
    noisy = rng.uniform(size=1250) < 0.25
    y = np.where(noisy, rng.integers(0, 5, size=1250), y)
    return standardised(X), y


def rule_conjunction() -> tuple:
    """A binary rule, (x1 > 0.3 and x2 < -0.2) or x3 > 1, on 8 Gaussian features (1200 rows,
    22% of the labels flipped), for an MLP: axis-aligned thresholds with label noise."""
    rng = np.random.default_rng(30)
    X = rng.normal(size=(1200, 8))
    y = ((X[:, 0] > 0.3) & (X[:, 1] < -0.2)) | (X[:, 2] > 1.0)
    flip = rng.uniform(size=1200) < 0.22
    return standardised(X), np.where(flip, ~y, y).astype("int64")
