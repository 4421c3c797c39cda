"""Bench ``label_noise``: the sixty-first fresh group (s20k), committed on 2026-12-05 by session 20's
helper label6 before its round 40 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label5's what-next 3 (runs of three or more classes that fit
0.9-0.93 of their labels, whose lists run to about twice their decisive count: ``venn``,
``fanquart``), with one control whose lists are precise (like ``stripes4``). From generators used
nowhere else in this bench: ``circledepth``, the square [-2, 2]^2 labelled by how many of three
overlapping discs (radius 1.3) contain a point (0-3), with one noise feature; ``lensquads``, two
overlapping discs of radius 1.5 centred 1.2 apart, labelled outside / only the first / only the
second / both, with two noise features; ``twistrays``, the disc of radius 3 cut into four angular
sectors twisted by half a radian per unit of radius, with one noise feature; ``boxshells``, a 3-D
Gaussian labelled by terciles of its largest absolute coordinate (nested cubes); ``obliquebands``
(the precise control), uniform points on [0, 3]^2 labelled by ``floor((x0 + x1) / 2)``, with one
uniform noise feature.
"""

from __future__ import annotations

import numpy as np

FRESH_61 = ("circledepth", "lensquads", "twistrays", "boxshells", "obliquebands")  # s20k, before round 40


def _circledepth() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(611)
    X = rng.uniform(-2, 2, (1000, 2))
    centres = 0.8 * np.array([[np.cos(a), np.sin(a)] for a in (np.pi / 2, 7 * np.pi / 6, 11 * np.pi / 6)])
    inside = np.linalg.norm(X[:, None, :] - centres[None], axis=2) < 1.3
    return np.c_[X, rng.standard_normal(1000)], inside.sum(axis=1).astype(np.int64)


def _lensquads() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(612)
    X = rng.uniform(-2.5, 2.5, (1000, 2))
    a = np.linalg.norm(X - [-0.6, 0.0], axis=1) < 1.5
    b = np.linalg.norm(X - [0.6, 0.0], axis=1) < 1.5
    return np.c_[X, rng.standard_normal((1000, 2))], (a + 2 * b).astype(np.int64)


def _twistrays() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(613)
    r, angle = 3 * np.sqrt(rng.uniform(0, 1, 1000)), rng.uniform(0, 2 * np.pi, 1000)
    y = np.floor(4 * ((angle + 0.5 * r) % (2 * np.pi)) / (2 * np.pi)).astype(np.int64)
    return np.c_[r * np.cos(angle), r * np.sin(angle), rng.standard_normal(1000)], y


def _boxshells() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(614)
    X = rng.standard_normal((1000, 3))
    m = np.abs(X).max(axis=1)
    return X, np.searchsorted(np.quantile(m, [1 / 3, 2 / 3]), m).astype(np.int64)


def _obliquebands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(615)
    X = rng.uniform(0, 3, (1000, 3))
    return X, np.floor((X[:, 0] + X[:, 1]) / 2).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_61}  # the generators of the tasks above, by name
