"""Bench ``label_noise``: the sixty-fifth fresh group (s21d), committed on 2026-12-05 by session 21's
helper label8 before its round 44 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the largest block of misses left after round 43: runs of three or more
classes whose 20% runs fit about 0.7-0.9 of their labels. The generators' sizes were set from a
pilot on other random draws of the same generators (their fits only; no list, no F1). From
generators used nowhere else in this bench: ``gyroid``, the cube [-1.8, 1.8]^3 labelled by terciles of
``sin x0 cos x1 + sin x1 cos x2 + sin x2 cos x0``; ``hopfbands``, a 3-D Gaussian (scale 1.3)
labelled by terciles of the angle around the tube of the unit circle in the (x0, x1) plane,
``atan2(x2, hypot(x0, x1) - 1)``; ``trigstack``, a 3-D Gaussian (scale 1.5) labelled by terciles
of ``sin 0.7 x0 + cos x1 + 0.5 x2``; ``tiltedellipsoids``, a 3-D Gaussian labelled by terciles of a
random positive definite quadratic form (eigenvalues 0.5, 1, 2); ``cubicsheets``, a 3-D Gaussian (scale 1.2)
labelled by terciles of ``x0 + 0.5 x1^2 - 0.2 x2^3``.
"""

from __future__ import annotations

import numpy as np

FRESH_65 = ("gyroid", "hopfbands", "trigstack", "tiltedellipsoids", "cubicsheets")  # s21d, before round 44


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _gyroid(seed: int = 651) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.8, 1.8, (1000, 3))
    s, c = np.sin(x), np.cos(x)
    return x, _quantile_classes(s[:, 0] * c[:, 1] + s[:, 1] * c[:, 2] + s[:, 2] * c[:, 0], 3)


def _hopfbands(seed: int = 652) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.3 * rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.arctan2(X[:, 2], np.hypot(X[:, 0], X[:, 1]) - 1.0), 3)


def _trigstack(seed: int = 653) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.5 * rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.sin(0.7 * X[:, 0]) + np.cos(X[:, 1]) + 0.5 * X[:, 2], 3)


def _tiltedellipsoids(seed: int = 654) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    q, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    A = q @ np.diag([0.5, 1.0, 2.0]) @ q.T
    return X, _quantile_classes(np.einsum("ij,jk,ik->i", X, A, X), 3)


def _cubicsheets(seed: int = 655) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.2 * rng.standard_normal((1000, 3))
    return X, _quantile_classes(X[:, 0] + 0.5 * X[:, 1] ** 2 - 0.2 * X[:, 2] ** 3, 3)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_65}  # the generators of the tasks above, by name
