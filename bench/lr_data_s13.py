"""The data of section ``lr_quality``'s tasks of session 13's fresh groups (``lr_suite.py``:
fresh-s13 to fresh-s13e), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once
per process."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised

# Session 13: problems the suite has not seen, two of them (the sine boundary and
# breast_cancer through deep sigmoid networks) likely to start on a plateau where a GD-family
# ramp neither falls nor blows up. Written before any run on them.


@functools.cache
def sine_boundary() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points uniform on [-1, 1]^2, the class whether ``x1 > 0.5 sin(3 pi x0)``; standardised."""
    rng = np.random.default_rng(71)
    X = rng.uniform(-1, 1, (800, 2))
    y = (X[:, 1] > 0.5 * np.sin(3 * np.pi * X[:, 0])).astype(np.int64)
    return standardised(X), torch.as_tensor(y)


@functools.cache
def rastrigin_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [-2, 2]^2, the target the Rastrigin function
    ``sum(x^2 - cos(2 pi x))`` plus noise of sd 0.1; both standardised."""
    rng = np.random.default_rng(72)
    X = rng.uniform(-2, 2, (600, 2))
    y = (X**2 - np.cos(2 * np.pi * X)).sum(1, keepdims=True) + rng.normal(0, 0.1, (600, 1))
    return standardised(X), standardised(y)[:, 0]


@functools.cache
def multilabel_counts_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_multilabel_classification`` (600 x 20 raw word counts, 3 labels,
    as they are: uncentred, not standardised), the class its first label."""
    from sklearn.datasets import make_multilabel_classification

    X, Y = make_multilabel_classification(n_samples=600, n_features=20, n_classes=3, random_state=73)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(Y[:, 0], dtype=torch.float32)


@functools.cache
def blob_grid() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_blobs``: 900 points around the 9 centres of a 3x3 grid (spacing 4,
    sd 1), the class the centre's diagonal ``(row + column) mod 3``; standardised."""
    from sklearn.datasets import make_blobs

    centres = np.array([[4.0 * i, 4.0 * j] for i in range(3) for j in range(3)])
    X, which = make_blobs(n_samples=900, centers=centres, cluster_std=1.0, random_state=74)
    y = (which // 3 + which % 3) % 3
    return standardised(X), torch.as_tensor(y.astype(np.int64))


# Session 13b: a second fresh group, for the second, re-registered test of session 13's rule;
# the square rings, wine through 5 sigmoid layers and iris through 4 tanh layers are likely to
# start on a plateau where a GD-family ramp neither falls nor blows up. Written before any run.


@functools.cache
def square_rings() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points uniform on [-1, 1]^2, the class the parity of the square ring (L-infinity
    band of width 0.25) a point lies in; standardised."""
    rng = np.random.default_rng(81)
    X = rng.uniform(-1, 1, (800, 2))
    y = np.floor(np.abs(X).max(1) / 0.25).astype(np.int64) % 2
    return standardised(X), torch.as_tensor(y)


@functools.cache
def digits_raw_pixels() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's bundled ``load_digits``, 3s against 5s, pixels as they are (0 to 16,
    uncentred); labels as floats for ``bce``."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    keep = (y == 3) | (y == 5)
    return torch.as_tensor(X[keep], dtype=torch.float32), torch.as_tensor((y[keep] == 5).astype(np.float32))


@functools.cache
def sawtooth() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points ``x`` uniform on [-1, 1], the target the sawtooth ``frac(2.5 x)`` plus noise of
    sd 0.05; both standardised."""
    rng = np.random.default_rng(83)
    x = rng.uniform(-1, 1, (600, 1))
    y = np.mod(2.5 * x, 1.0) + rng.normal(0, 0.05, (600, 1))
    return standardised(x), standardised(y)[:, 0]


@functools.cache
def breast_cancer_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's bundled ``load_breast_cancer`` (569 x 30), features as they are (scales
    from 0.03 to 4254, uncentred); labels as floats for ``bce``."""
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y.astype(np.float32))


@functools.cache
def wine_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's bundled ``load_wine`` (178 x 13, 3 classes), features as they are (scales
    from 0.7 to 1680, uncentred)."""
    from sklearn.datasets import load_wine

    X, y = load_wine(return_X_y=True)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def diabetes_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's bundled ``load_diabetes`` unscaled (442 x 10: age, sex as 1/2, BMI, blood
    pressure, six serum measurements; scales from 1 to 300, uncentred), target standardised."""
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True, scaled=False)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def helices() -> tuple[torch.Tensor, torch.Tensor]:
    """900 points on three interleaved helices in 3-D (radius 1, phases 120 degrees apart, one
    and a half turns), blurred by noise of sd 0.15; the class the helix; standardised."""
    rng = np.random.default_rng(91)
    label = rng.integers(0, 3, 900)
    t = rng.uniform(0, 3 * np.pi, 900)
    phase = t + 2 * np.pi * label / 3
    X = np.stack([np.cos(phase), np.sin(phase), t / np.pi], 1) + rng.normal(0, 0.15, (900, 3))
    return standardised(X), torch.as_tensor(label)


@functools.cache
def franke_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points uniform on [0, 1]^2, the target Franke's function (four Gaussian bumps) plus
    noise of sd 0.05; both standardised."""
    rng = np.random.default_rng(92)
    X = rng.uniform(0, 1, (700, 2))
    a, b = 9 * X[:, 0], 9 * X[:, 1]
    f = (
        0.75 * np.exp(-((a - 2) ** 2) / 4 - (b - 2) ** 2 / 4)
        + 0.75 * np.exp(-((a + 1) ** 2) / 49 - (b + 1) / 10)
        + 0.5 * np.exp(-((a - 7) ** 2) / 4 - (b - 3) ** 2 / 4)
        - 0.2 * np.exp(-((a - 4) ** 2) - (b - 7) ** 2)
    )
    y = f[:, None] + rng.normal(0, 0.05, (700, 1))
    return standardised(X), standardised(y)[:, 0]


@functools.cache
def spheres_3d() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points on three concentric spheres in 3-D (radii 1, 2, 3, radial noise of sd 0.25);
    the class the sphere; standardised."""
    rng = np.random.default_rng(93)
    label = rng.integers(0, 3, 600)
    d = rng.normal(size=(600, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    X = d * (label + 1 + rng.normal(0, 0.25, 600))[:, None]
    return standardised(X), torch.as_tensor(label)


@functools.cache
def peaks_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points uniform on [-3, 3]^2, the target MATLAB's ``peaks`` function (three bumps and
    a dip) plus noise of sd 0.1; both standardised."""
    rng = np.random.default_rng(94)
    X = rng.uniform(-3, 3, (800, 2))
    a, b = X[:, 0], X[:, 1]
    f = (
        3 * (1 - a) ** 2 * np.exp(-(a**2) - (b + 1) ** 2)
        - 10 * (a / 5 - a**3 - b**5) * np.exp(-(a**2) - b**2)
        - np.exp(-((a + 1) ** 2) - b**2) / 3
    )
    y = f[:, None] + rng.normal(0, 0.1, (800, 1))
    return standardised(X), standardised(y)[:, 0]


@functools.cache
def rotated_stripes() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points uniform on [-1, 1]^2 in six stripes across the direction at 30 degrees, the
    class the stripe's parity, 5% of the labels flipped; standardised."""
    rng = np.random.default_rng(95)
    X = rng.uniform(-1, 1, (800, 2))
    along = X @ np.array([np.cos(np.pi / 6), np.sin(np.pi / 6)])
    label = np.floor(3 * along + 3).astype(int) % 2
    flip = rng.random(800) < 0.05
    label[flip] = 1 - label[flip]
    return standardised(X), torch.as_tensor(label)


@functools.cache
def digits_all_raw_pixels() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's bundled ``load_digits`` (1797 8x8 images, 10 classes), pixels as they are
    (0 to 16, uncentred)."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def iris_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's bundled ``load_iris`` (150 x 4, 3 classes), measurements in cm as they are
    (0.1 to 7.9, uncentred)."""
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def shifted_classification_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_classification`` (600 x 10, 5 informative, 3% flipped labels) with
    feature ``j`` scaled by ``10**(j/3)`` (1 to 1000) and shifted by twice that scale (no
    feature centred); labels as floats for ``bce``."""
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=600, n_features=10, n_informative=5, flip_y=0.03, random_state=31)
    scale = 10 ** (np.arange(10) / 3)
    return torch.as_tensor((X + 2) * scale, dtype=torch.float32), torch.as_tensor(y.astype(np.float32))


@functools.cache
def friedman2_standardised() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's ``make_friedman2`` (600 x 4, noise 20), features and target standardised."""
    from sklearn.datasets import make_friedman2

    X, y = make_friedman2(n_samples=600, noise=20.0, random_state=37)
    return standardised(X), standardised(y[:, None])[:, 0]
