"""Bench ``label_noise``: the fifty-eighth fresh group (s20h), committed on 2026-12-05 by session 20's
helper label4 before its round 37 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label3's what-next 5 (5% runs of three or more classes that fit
0.9 of their labels or more, whose lists are precise but stop a few examples short of the flips:
the blob controls ``cornerblobs``, ``cubecorners`` and ``farblobs``, ``markov``, ``multilabel``):
well separated classes a network fits whole. From generators used nowhere else in this bench:
``octablobs``, six classes at the vertices (+-3.2 on each axis) of an octahedron in 3-D (Gaussian
spread 0.8), with one noise feature; ``prismblobs``, three classes, each two blobs at the ends of a
triangular prism (the triangle's vertex of the class at radius 3, at heights +-2.5; spread 0.7),
with one noise feature; ``gridrows``, nine blobs on a 3 x 3 grid of spacing 3.5 (spread 0.6),
labelled by their row, with two noise features; ``onehotmix``, four classes of eight features, the
class's two indicator features at 1.5 and Gaussian noise (std 0.6) on all eight; ``widegap3``, three
classes in 10-D whose means are 4.5 times three random unit vectors (Gaussian spread 1).
"""

from __future__ import annotations

import numpy as np

FRESH_58 = ("octablobs", "prismblobs", "gridrows", "onehotmix", "widegap3")  # s20h, before round 37


def _octablobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(581)
    y = rng.integers(0, 6, 1000)
    centres = 3.2 * np.r_[np.eye(3), -np.eye(3)]
    return np.c_[centres[y] + 0.8 * rng.standard_normal((1000, 3)), rng.standard_normal((1000, 1))], y.astype(np.int64)


def _prismblobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(582)
    y = rng.integers(0, 3, 1000)
    end = rng.choice([-2.5, 2.5], 1000)
    angle = 2 * np.pi * y / 3
    centres = np.c_[3 * np.cos(angle), 3 * np.sin(angle), end]
    return np.c_[centres + 0.7 * rng.standard_normal((1000, 3)), rng.standard_normal((1000, 1))], y.astype(np.int64)


def _gridrows() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(583)
    row, col = rng.integers(0, 3, 1000), rng.integers(0, 3, 1000)
    centres = 3.5 * np.c_[col, row].astype(float)
    return np.c_[centres + 0.6 * rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], row.astype(np.int64)


def _onehotmix() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(584)
    y = rng.integers(0, 4, 1000)
    X = 0.6 * rng.standard_normal((1000, 8))
    X[np.arange(1000), 2 * y] += 1.5
    X[np.arange(1000), 2 * y + 1] += 1.5
    return X, y.astype(np.int64)


def _widegap3() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(585)
    directions = rng.standard_normal((3, 10))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    y = rng.integers(0, 3, 1000)
    return 4.5 * directions[y] + rng.standard_normal((1000, 10)), y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_58}  # the generators of the tasks above, by name
