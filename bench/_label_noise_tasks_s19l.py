"""Bench ``label_noise``: the fiftieth fresh group (s19l), committed on 2026-12-05 by session 19's
helper label9 before its round (on the lower edge of round 28's band: 3+ class runs fitting just
under 0.7 of their labels, where the confident joint serves, whose lists are all decisive) is
designed (its only look: the shapes and class counts) (``_label_noise_tasks.py`` registers it).

Decided beforehand: three tasks of four to six classes that overlap enough that their 10-20% runs
should fit about 0.6-0.75 of their labels with lists every example of which the run places
decisively in another class (as ``sincbands`` at 10%), and a control with well separated classes.
From generators used nowhere else in this bench: ``hexpetals``, six classes at the corners of a
hexagon of radius 1.5 in the plane (Gaussian spread 0.65) with four noise features;
``logcoil``, Gaussian points in the plane with two noise features, labelled by the quintile of
``log(1 + r) + 0.5 angle`` (a coiled partition); ``cosquart``, uniform points on a square, labelled
by the quartile of ``x1 + 1.2 cos(2 x0)`` with Laplace jitter 0.3 in the score, plus three noise
features; ``cubecorners`` (control), four classes at alternate corners of a cube of edge 4 in
three dimensions (Gaussian spread 0.5) with three noise features.
"""

from __future__ import annotations

import numpy as np

FRESH_50 = ("hexpetals", "logcoil", "cosquart", "cubecorners")  # s19l, before label9's round is designed


def _hexpetals() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(501)
    y = rng.integers(0, 6, 1000)
    angle = y * np.pi / 3
    points = 1.5 * np.c_[np.cos(angle), np.sin(angle)] + 0.65 * rng.standard_normal((1000, 2))
    return np.c_[points, rng.standard_normal((1000, 4))], y.astype(np.int64)


def _logcoil() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(502)
    points = rng.standard_normal((1000, 2))
    r = np.hypot(points[:, 0], points[:, 1])
    score = np.log1p(r) + 0.5 * np.arctan2(points[:, 1], points[:, 0])
    y = np.searchsorted(np.quantile(score, [0.2, 0.4, 0.6, 0.8]), score)
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


def _cosquart() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(503)
    points = rng.uniform(-2, 2, (1000, 2))
    score = points[:, 1] + 1.2 * np.cos(2 * points[:, 0]) + rng.laplace(0, 0.3, 1000)
    y = np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score)
    return np.c_[points, rng.uniform(-2, 2, (1000, 3))], y.astype(np.int64)


def _cubecorners() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(504)
    corners = 2.0 * np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], dtype=float)  # edge 4
    y = rng.integers(0, 4, 1000)
    return np.c_[corners[y] + 0.5 * rng.standard_normal((1000, 3)), rng.standard_normal((1000, 3))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_50}  # the generators of the tasks above, by name
