"""Bench ``label_noise``: the sixty-fourth fresh group (s21c), committed on 2026-12-05 by session 21's
helper label8 before its round 43 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of rounds 41-42 (the overrun cut): runs of three classes on
curved partitions whose 5-10% runs fit about 0.8-0.93 of their labels and whose lists overrun their
decisive count by about 1.1-1.5 times while staying within the examples the run misfits. The
generators' sizes were set from a pilot on other random draws of the same generators (their fits
only; no list, no F1). From generators used nowhere else in this bench: ``apollonian``, the square
[-2.5, 2.5]^2 labelled by terciles of ``log(|z - 1| / |z + 1|)`` (the circles of Apollonius about the
foci (+-1, 0)), with one noise feature; ``torusshells``, a 3-D Gaussian (scale 1.3) labelled by
terciles of the distance to the unit circle in the (x0, x1) plane (nested tori); ``hyperboloids``, a
3-D Gaussian labelled by terciles of ``x0^2 + x1^2 - x2^2``; ``cubicfolds``, a 2-D Gaussian (scale
1.3) labelled by terciles of ``x1 - (x0^3 / 3 - x0)``, with two noise features; ``superellipses``, the
square [-2, 2]^2 labelled by terciles of ``|x0|^1.5 + |x1|^1.5`` (rounded-square shells), with one noise
feature.
"""

from __future__ import annotations

import numpy as np

FRESH_64 = ("apollonian", "torusshells", "hyperboloids", "cubicfolds", "superellipses")  # s21c, before round 43


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _apollonian(seed: int = 641) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.5, 2.5, (1000, 2))
    score = np.log(np.linalg.norm(X - [1.0, 0.0], axis=1) / np.linalg.norm(X + [1.0, 0.0], axis=1))
    return np.c_[X, rng.standard_normal(1000)], _quantile_classes(score, 3)


def _torusshells(seed: int = 642) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.3 * rng.standard_normal((1000, 3))
    score = np.hypot(np.hypot(X[:, 0], X[:, 1]) - 1.0, X[:, 2])
    return X, _quantile_classes(score, 3)


def _hyperboloids(seed: int = 643) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(X[:, 0] ** 2 + X[:, 1] ** 2 - X[:, 2] ** 2, 3)


def _cubicfolds(seed: int = 644) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.3 * rng.standard_normal((1000, 2))
    return np.c_[X, rng.standard_normal((1000, 2))], _quantile_classes(X[:, 1] - (X[:, 0] ** 3 / 3 - X[:, 0]), 3)


def _superellipses(seed: int = 645) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (1000, 2))
    score = np.abs(X[:, 0]) ** 1.5 + np.abs(X[:, 1]) ** 1.5
    return np.c_[X, rng.standard_normal(1000)], _quantile_classes(score, 3)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_64}  # the generators of the tasks above, by name
