"""Bench ``label_noise``: the forty-ninth fresh group (s19k), committed on 2026-12-05 by session
19's helper label8 before its round (on the "partly split" lists of round 27's regime: 3+ classes
fitting 0.7-0.9 whose decisive count is small) is designed (its only look: the shapes and class
counts) (``_label_noise_tasks.py`` registers it).

Decided beforehand: two coarse partitions with three or four classes whose boundaries bend more
than fresh-48's, so that their 5% runs should fit 0.7-0.9 of their labels with partly split lists
and decisive counts near 0.06-0.1 of the training set (as ``cubicbands``); one task whose four
classes overlap in many dimensions, where a floor on the decisive count may cost; and a control
with well separated classes. From generators used nowhere else in this bench: ``sincbands``,
Gaussian points (std 1.3) in the plane with two noise features, labelled by the tertile of
``x1 - 2 sinc(x0)`` plus ``0.4 x0``; ``saddlequart``, Gaussian points (std 1.2) in the plane with
two noise features, labelled by the quartile of ``x0^2 - x1^2 + 0.7 x1``; ``tetraoverlap``, four
classes at the corners of a regular tetrahedron of edge 2.4 in 12 dimensions with Student-t noise
(5 degrees of freedom); ``gapthirds``, three classes by thirds of a uniform feature with gaps of
0.6 between them, plus three uniform noise features.
"""

from __future__ import annotations

import numpy as np

FRESH_49 = ("sincbands", "saddlequart", "tetraoverlap", "gapthirds")  # s19k, before label8's round is designed


def _sincbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(491)
    points = 1.3 * rng.standard_normal((1000, 2))
    score = points[:, 1] - 2.0 * np.sinc(points[:, 0]) + 0.4 * points[:, 0]
    y = np.searchsorted(np.quantile(score, [1 / 3, 2 / 3]), score)
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _saddlequart() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(492)
    points = 1.2 * rng.standard_normal((1000, 2))
    score = points[:, 0] ** 2 - points[:, 1] ** 2 + 0.7 * points[:, 1]
    y = np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score)
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _tetraoverlap() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(493)
    corners = np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], dtype=float)
    corners *= 2.4 / np.sqrt(8)  # edge 2.4
    y = rng.integers(0, 4, 1000)
    means = np.c_[corners[y], np.zeros((1000, 9))]
    return means + rng.standard_t(5, (1000, 12)), y.astype(np.int64)


def _gapthirds() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(494)
    y = rng.integers(0, 3, 1000)
    x0 = 1.6 * y + rng.uniform(0, 1, 1000)  # thirds of width 1, gaps of 0.6
    return np.c_[x0, rng.uniform(0, 1, (1000, 3))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_49}  # the generators of the tasks above, by name
