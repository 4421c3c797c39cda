"""Bench ``label_noise``: the forty-seventh fresh group (s19i), committed on 2026-12-05 by session
19's helper label6 before its round (a guard on round 23's ``decisive_share`` for overlapping
classes) is designed (its only look: the shapes and class counts) (``_label_noise_tasks.py``
registers it).

Decided beforehand: two tasks whose three or more classes overlap like fresh-11's ``waveforms``
(Gaussian classes whose means are close, in few dimensions so that a run cannot memorise the
overlap in 20 epochs), where ``decisive_share`` may cut lists split by clean overlap; and two
coarse partitions with three or four classes whose 5% runs should fit 0.7-0.9 of their labels
(where its cut gains). From generators used nowhere else in this bench: ``olaptri``, three
Gaussian classes (std 1) whose means sit on a triangle of side 1.8 in the plane, with three
noise features; ``olapsimplex``, five Gaussian classes (std 1) whose means are the vertices of a
regular simplex with edge 2.0 in five dimensions; ``zigzag``, Gaussian points (std 1.5) in the
plane with two noise features, labelled by the band (width 1.1, classes repeating modulo 3) of
``x1`` plus a triangle wave of ``x0``; ``cubicbands``, Gaussian points (std 1.3) in the plane
with two noise features, labelled by the quartile of ``x1 - 0.4 x0^3 + 0.8 x0``.
"""

from __future__ import annotations

import numpy as np

FRESH_47 = ("olaptri", "olapsimplex", "zigzag", "cubicbands")  # s19i, before label6's round is designed


def _olaptri() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(471)
    y = rng.integers(0, 3, 1000)
    angle = 2 * np.pi / 3 * y + 0.4
    centres = 1.8 / np.sqrt(3) * np.c_[np.cos(angle), np.sin(angle)]
    points = centres + rng.standard_normal((1000, 2))
    return np.c_[points, rng.standard_normal((1000, 3))], y.astype(np.int64)


def _olapsimplex() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(472)
    y = rng.integers(0, 5, 1000)
    centres = 2.0 / np.sqrt(2) * np.eye(5)  # pairwise distance 2.0
    return centres[y] + rng.standard_normal((1000, 5)), y.astype(np.int64)


def _zigzag() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(473)
    points = 1.5 * rng.standard_normal((1000, 2))
    wave = 1.2 * np.abs((points[:, 0] / 1.5) % 2 - 1)  # triangle wave of x0
    band = np.floor((points[:, 1] + wave) / 1.1).astype(np.int64) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], band


def _cubicbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(474)
    points = 1.3 * rng.standard_normal((1000, 2))
    score = points[:, 1] - 0.4 * points[:, 0] ** 3 + 0.8 * points[:, 0]
    y = np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score)
    return np.c_[points, rng.standard_normal((1000, 2))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_47}  # the generators of the tasks above, by name
