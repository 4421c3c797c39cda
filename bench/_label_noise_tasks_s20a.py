"""Bench ``label_noise``: the fifty-first fresh group (s20a), committed on 2026-12-05 by session 20's
helper label1 before its round is frozen (round 29 of session 19 re-frozen unchanged: the confident
joint does not cut where its count is near the examples the last epoch misfits) (its only look: the
shapes and class counts) (``_label_noise_tasks.py`` registers it).

Decided beforehand, for that round's regime: partitions of three to five classes into many thin
cells of random widths (plaids, as ``tartan`` of fresh-43), whose unfitted cells the network places
confidently in a neighbour's (wrong) class, so that their 5-10% runs should fit under 0.7 of their
labels with a confident joint that counts nearly every misfit example; and a control of four coarse
fields that fits. From generators used nowhere else in this bench: ``tweed``, uniform points in a
3x3 square with two noise features, nine random cuts on each axis, labelled ``(a + 2 b) mod 4``
(four classes); ``shearplaid``, uniform points in a 3x3 square with two noise features, eight
random cuts on each of the sheared coordinates ``x + 0.6 y`` and ``y - 0.4 x``, labelled
``(a - b) mod 3``; ``dartboard``, uniform points in a disc of radius 2 with two noise features,
seven random ring cuts and nine random sector cuts, labelled ``(ring + sector) mod 4``;
``cubeweave``, uniform points in a cube of edge 2 with one noise feature, three random cuts on each
axis, labelled ``(a + b + c) mod 3``; ``fourfields`` (control), uniform points in a 3x3 square with
two noise features, one random cut on each axis, each of the four fields its own class.
"""

from __future__ import annotations

import numpy as np

FRESH_51 = ("tweed", "shearplaid", "dartboard", "cubeweave", "fourfields")  # s20a, before label1's round 30 is frozen


def _strips(rng: np.random.Generator, values: np.ndarray, cuts: int) -> np.ndarray:
    """The strip of each value among ``cuts`` random cuts drawn uniformly over the values' range."""
    edges = np.sort(rng.uniform(values.min(), values.max(), cuts))
    return np.searchsorted(edges, values)


def _tweed() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(511)
    points = rng.uniform(0, 3, (1000, 2))
    a, b = _strips(rng, points[:, 0], 9), _strips(rng, points[:, 1], 9)
    return np.c_[points, rng.standard_normal((1000, 2))], ((a + 2 * b) % 4).astype(np.int64)


def _shearplaid() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(512)
    points = rng.uniform(0, 3, (1000, 2))
    u, v = points[:, 0] + 0.6 * points[:, 1], points[:, 1] - 0.4 * points[:, 0]
    a, b = _strips(rng, u, 8), _strips(rng, v, 8)
    return np.c_[points, rng.standard_normal((1000, 2))], ((a - b) % 3).astype(np.int64)


def _dartboard() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(513)
    radius = 2.0 * np.sqrt(rng.random(1000))
    theta = rng.uniform(-np.pi, np.pi, 1000)
    ring, sector = _strips(rng, radius, 7), _strips(rng, theta, 9)
    points = np.c_[radius * np.cos(theta), radius * np.sin(theta)]
    return np.c_[points, rng.standard_normal((1000, 2))], ((ring + sector) % 4).astype(np.int64)


def _cubeweave() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(514)
    points = rng.uniform(0, 2, (1000, 3))
    cells = sum(_strips(rng, points[:, k], 3) for k in range(3))
    return np.c_[points, rng.standard_normal((1000, 1))], (cells % 3).astype(np.int64)


def _fourfields() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(515)
    points = rng.uniform(0, 3, (1000, 2))
    a, b = points[:, 0] > rng.uniform(1.2, 1.8), points[:, 1] > rng.uniform(1.2, 1.8)
    return np.c_[points, rng.standard_normal((1000, 2))], (2 * a + b).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_51}  # the generators of the tasks above, by name
