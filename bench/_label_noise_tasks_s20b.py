"""Bench ``label_noise``: the fifty-second fresh group (s20b), committed on 2026-12-05 by session 20's
helper label1 before its round 31 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of ``logcoil`` (fresh-50): smooth curved partitions of three to
five classes into quantiles of a continuous score, whose 5-10% runs should fit about 0.8-0.9 of
their labels with lists only partly placed decisively in another class, decisive counts a little
above 0.06 of the training set and a confident joint near the flips; and a control of four well
separated blobs. From generators used nowhere else in this bench: ``swirlquint``, Gaussian points in
the plane with two noise features, labelled by the quintile of ``r + 0.4 angle`` (a swirl);
``fanquart``, uniform points on a square of side 4 with two noise features, labelled by the
quartile of ``atan2(x1, x0 + 2.5) + 0.25 x0^2`` (a bent fan); ``gaborbands``, Gaussian points
(std 1.3) in the plane with three noise features, labelled by the quartile of
``x1 + 0.8 sin(2.5 x0) exp(-x0^2 / 6)`` (a damped wave); ``rippleshells``, Gaussian points in three
dimensions with two noise features, labelled by the tertile of ``|x| + 0.3 sin(3 x0)`` (rippled
shells); ``axisblobs`` (control), four classes at (+-3, 0) and (0, +-3) (Gaussian spread 0.6) with
three noise features.
"""

from __future__ import annotations

import numpy as np

FRESH_52 = ("swirlquint", "fanquart", "gaborbands", "rippleshells", "axisblobs")  # s20b, before round 31


def _quantile_classes(score: np.ndarray, classes: int) -> np.ndarray:
    """The quantile class (``classes`` equal shares) of each score."""
    return np.searchsorted(np.quantile(score, np.arange(1, classes) / classes), score).astype(np.int64)


def _swirlquint() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(521)
    points = rng.standard_normal((1000, 2))
    score = np.hypot(points[:, 0], points[:, 1]) + 0.4 * np.arctan2(points[:, 1], points[:, 0])
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 5)


def _fanquart() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(522)
    points = rng.uniform(-2, 2, (1000, 2))
    score = np.arctan2(points[:, 1], points[:, 0] + 2.5) + 0.25 * points[:, 0] ** 2
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


def _gaborbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(523)
    points = 1.3 * rng.standard_normal((1000, 2))
    score = points[:, 1] + 0.8 * np.sin(2.5 * points[:, 0]) * np.exp(-(points[:, 0] ** 2) / 6)
    return np.c_[points, rng.standard_normal((1000, 3))], _quantile_classes(score, 4)


def _rippleshells() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(524)
    points = rng.standard_normal((1000, 3))
    score = np.linalg.norm(points, axis=1) + 0.3 * np.sin(3 * points[:, 0])
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 3)


def _axisblobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(525)
    centres = 3.0 * np.array([[1, 0], [-1, 0], [0, 1], [0, -1]], dtype=float)
    y = rng.integers(0, 4, 1000)
    return np.c_[centres[y] + 0.6 * rng.standard_normal((1000, 2)), rng.standard_normal((1000, 3))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_52}  # the generators of the tasks above, by name
