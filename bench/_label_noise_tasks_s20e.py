"""Bench ``label_noise``: the fifty-fifth fresh group (s20e), committed on 2026-12-05 by session 20's
helper label3 before its round 34 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label2's what-next 3 (``atancoil`` of fresh-53, and
``fanquart`` of fresh-52 post hoc): smooth curved quantile partitions of three to five classes whose
5-20% runs should fit about 0.7-0.9 of their labels with lists partly decisive, about half of them
placed decisively in another class (decisive shares near round 31's gate of 0.5, some over it), and
decisive counts well under the misfits; and a control of four well separated blobs that fits. From
generators used nowhere else in this bench: ``rootcoil``, uniform points in a disc of radius 2.2,
labelled by the quartile of ``1.4 sqrt(r) + 0.4 angle`` (a coil cut along the negative x0 axis);
``fanquint``, uniform points on a square of side 4, labelled by the quintile of
``atan2(x1, x0 + 2.8) + 0.2 x0^2`` (a fan of curved sectors); ``coil3d``, Gaussian points in 3-D,
labelled by the quartile of ``atan(1.2 |x|) + 0.4 angle(x0, x1) + 0.3 x2`` (a coil tilted along
x2), with one noise feature; ``wigglefan``, uniform points in a disc of radius 2, labelled by the
quartile of ``angle + 0.5 sin(2.5 r)`` (sectors whose edges wiggle with the radius);
``logisticsteps``, Gaussian points (std 1.3), labelled by the quintile of
``x1 - 1.5 / (1 + exp(-3 x0)) - 0.25 x0^2`` (bent bands with a step); ``cornerblobs`` (control),
four classes at the corners (+-2.5, +-2.5) of a square (Gaussian spread 0.7). Each has two noise
features unless said otherwise.
"""

from __future__ import annotations

import numpy as np

FRESH_55 = ("rootcoil", "fanquint", "coil3d", "wigglefan", "logisticsteps", "cornerblobs")  # s20e, before round 34


def _quantile_classes(score: np.ndarray, classes: int) -> np.ndarray:
    """The quantile class (``classes`` equal shares) of each score."""
    return np.searchsorted(np.quantile(score, np.arange(1, classes) / classes), score).astype(np.int64)


def _rootcoil() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(551)
    r = 2.2 * np.sqrt(rng.uniform(0.0025, 1, 1000))
    theta = rng.uniform(-np.pi, np.pi, 1000)
    score = 1.4 * np.sqrt(r) + 0.4 * theta
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


def _fanquint() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(552)
    points = rng.uniform(-2, 2, (1000, 2))
    score = np.arctan2(points[:, 1], points[:, 0] + 2.8) + 0.2 * points[:, 0] ** 2
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 5)


def _coil3d() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(553)
    points = rng.standard_normal((1000, 3))
    radius = np.linalg.norm(points, axis=1)
    score = np.arctan(1.2 * radius) + 0.4 * np.arctan2(points[:, 1], points[:, 0]) + 0.3 * points[:, 2]
    return np.c_[points, rng.standard_normal((1000, 1))], _quantile_classes(score, 4)


def _wigglefan() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(554)
    r = 2.0 * np.sqrt(rng.uniform(0, 1, 1000))
    theta = rng.uniform(-np.pi, np.pi, 1000)
    score = (theta + 0.5 * np.sin(2.5 * r) + np.pi) % (2 * np.pi)
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


def _logisticsteps() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(555)
    points = 1.3 * rng.standard_normal((1000, 2))
    x = points[:, 0]
    score = points[:, 1] - 1.5 / (1 + np.exp(-3 * x)) - 0.25 * x**2
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 5)


def _cornerblobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(556)
    corners = 2.5 * np.array([[1, 1], [1, -1], [-1, -1], [-1, 1]])
    y = rng.integers(0, 4, 1000)
    return np.c_[corners[y] + 0.7 * rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_55}  # the generators of the tasks above, by name
