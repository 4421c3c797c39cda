"""Bench ``label_noise``: the sixty-second fresh group (s21a), committed on 2026-12-05 by session 21's
helper label7 before its round 41 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label6's what-next 1-2: runs of three or more classes on
curved partitions whose 5% runs fit about 0.83-0.93 of their labels and whose lists overrun their
flips with split boundary examples (like ``twistrays``, ``venn``, ``fanquart``). The generators'
sizes were set from a pilot on other random draws of the same generators (their fits only; no list,
no F1). From generators used nowhere else in this bench: ``cardioidbands``, the square
[-2.5, 2.5]^2 labelled by terciles of ``r / (1 + 0.5 cos theta)`` (nested cardioids), with one noise
feature; ``bentquads``, a 2-D Gaussian (scale 1.5) labelled by the medians of ``x0 + 0.4 x1^2`` and
``x1 - 0.4 x0^2`` (quadrants with bent edges), with two noise features; ``bowsectors``, a 3-D
Gaussian labelled by terciles of the angle in the first plane plus ``0.6 x2^2`` (sectors twisted
quadratically with height); ``wobblerings``, the disc of radius 3 labelled by terciles of
``r + 0.3 sin(5 theta)`` (wavy nested rings), with one noise feature; ``parabfan``, a 2-D Gaussian
(scale 1.3) labelled by quartiles of the angle of ``(x0, x1 - 0.5 x0^2)`` (a fan in a parabolic
frame), with two noise features.
"""

from __future__ import annotations

import numpy as np

FRESH_62 = ("cardioidbands", "bentquads", "bowsectors", "wobblerings", "parabfan")  # s21a, before round 41


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _cardioidbands(seed: int = 621) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.5, 2.5, (1000, 2))
    r, theta = np.linalg.norm(X, axis=1), np.arctan2(X[:, 1], X[:, 0])
    return np.c_[X, rng.standard_normal(1000)], _quantile_classes(r / (1 + 0.5 * np.cos(theta)), 3)


def _bentquads(seed: int = 622) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.5 * rng.standard_normal((1000, 2))
    u, v = X[:, 0] + 0.4 * X[:, 1] ** 2, X[:, 1] - 0.4 * X[:, 0] ** 2
    y = 2 * (u > np.median(u)) + (v > np.median(v))
    return np.c_[X, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _bowsectors(seed: int = 623) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    score = (np.arctan2(X[:, 1], X[:, 0]) + 0.6 * X[:, 2] ** 2) % (2 * np.pi)
    return X, _quantile_classes(score, 3)


def _wobblerings(seed: int = 624) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    r, theta = 3 * np.sqrt(rng.uniform(0, 1, 1000)), rng.uniform(-np.pi, np.pi, 1000)
    score = r + 0.3 * np.sin(5 * theta)
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal(1000)], _quantile_classes(score, 3)


def _parabfan(seed: int = 625) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.3 * rng.standard_normal((1000, 2))
    score = np.arctan2(X[:, 1] - 0.5 * X[:, 0] ** 2, X[:, 0]) % (2 * np.pi)
    return np.c_[X, rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_62}  # the generators of the tasks above, by name
