"""Bench ``label_noise``: the fifty-ninth fresh group (s20i), committed on 2026-12-05 by session 20's
helper label5 before its round 38 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label4's what-next 4 (20% runs of three or more classes that
fit 0.7-0.9 of their labels, the largest band of misses left: ``waveforms``, ``diabquart``,
``powercells``, ``coil3d``, ``bumpdip``): classes with soft, partly overlapping boundaries that a
network fits most of but not all. From generators used nowhere else in this bench: ``ridgequads``,
four classes, the quartiles of ``x0 x1 + 0.5 x2`` over a 3-D Gaussian, with one noise feature;
``sinestrata``, three classes, the terciles of ``x1 - sin(2 x0)`` over the square [-2, 2]^2, with two
noise features; ``pentafog``, five Gaussian blobs (spread 1) at the vertices of a pentagon of radius
2.5, with two noise features; ``shellquart``, four classes, the quartiles of the norm of a 5-D
Gaussian; ``argmaxwaves``, three classes, the argmax of three random sinusoids ``sin(w_k . x + b_k)``
of a 6-D Gaussian.
"""

from __future__ import annotations

import numpy as np

FRESH_59 = ("ridgequads", "sinestrata", "pentafog", "shellquart", "argmaxwaves")  # s20i, before round 38


def _quantile_labels(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.linspace(0, 1, k + 1)[1:-1]), score).astype(np.int64)


def _ridgequads() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(591)
    X = rng.standard_normal((1000, 4))
    return X, _quantile_labels(X[:, 0] * X[:, 1] + 0.5 * X[:, 2], 4)


def _sinestrata() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(592)
    Z = rng.uniform(-2, 2, (1000, 2))
    return np.c_[Z, rng.standard_normal((1000, 2))], _quantile_labels(Z[:, 1] - np.sin(2 * Z[:, 0]), 3)


def _pentafog() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(593)
    y = rng.integers(0, 5, 1000)
    angle = 2 * np.pi * y / 5
    centres = 2.5 * np.c_[np.cos(angle), np.sin(angle)]
    return np.c_[centres + rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], y.astype(np.int64)


def _shellquart() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(594)
    X = rng.standard_normal((1000, 5))
    return X, _quantile_labels(np.linalg.norm(X, axis=1), 4)


def _argmaxwaves() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(595)
    X = rng.standard_normal((1000, 6))
    W, b = 0.8 * rng.standard_normal((6, 3)), rng.uniform(0, 2 * np.pi, 3)
    return X, np.argmax(np.sin(X @ W + b), axis=1).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_59}  # the generators of the tasks above, by name
