"""Bench ``label_noise``: the fifty-fourth fresh group (s20d), committed on 2026-12-05 by session 20's
helper label2 before its round 33 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label1's what-next 3 (``dartboard`` and ``shearplaid`` of
fresh-51): partitions of three or four classes into many thin cells of random widths (about 60-100
cells for 1000 points), which the network cannot draw in its epochs, so that their runs should fit
only about 0.4-0.6 of their labels and list about every example the last epoch misfits, with F1
near cleanlab's; and a control of five well separated blobs that fits. From generators used nowhere
else in this bench: ``hexweave``, uniform points in a 3x3 square with two noise features, five
random cuts across each of three directions 60 degrees apart, labelled ``(a + b + c) mod 3``;
``diagcheck``, uniform points in a 3x3 square with two noise features, nine random cuts on each of
``x0 + x1`` and ``x0 - x1``, labelled ``(a + b) mod 4``; ``waveplaid``, uniform points in a 3x3
square with two noise features, eight random cuts on ``x0`` and on ``x1 + 0.4 sin(2.5 x0)``,
labelled ``(a + b) mod 3``; ``twistplaid``, uniform points in an annulus of radii 0.3 and 2 with two
noise features, six random cuts on the radius and ten on the twisted angle ``theta + 1.2 log r``,
labelled ``(ring + 2 sector) mod 3``; ``pentablobs`` (control), five classes at the corners of a
regular pentagon of radius 4 (Gaussian spread 0.6).
"""

from __future__ import annotations

import numpy as np

FRESH_54 = ("hexweave", "diagcheck", "waveplaid", "twistplaid", "pentablobs")  # s20d, before round 33 is designed


def _cuts(rng: np.random.Generator, values: np.ndarray, cuts: int) -> np.ndarray:
    """The piece of each value among ``cuts`` random cuts drawn uniformly over the values' range."""
    return np.searchsorted(np.sort(rng.uniform(values.min(), values.max(), cuts)), values)


def _hexweave() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(541)
    points = rng.uniform(0, 3, (1000, 2))
    angles = np.pi / 3 * np.arange(3)
    along = points @ np.c_[np.cos(angles), np.sin(angles)].T
    label = sum(_cuts(rng, along[:, k], 5) for k in range(3)) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


def _diagcheck() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(542)
    points = rng.uniform(0, 3, (1000, 2))
    a = _cuts(rng, points[:, 0] + points[:, 1], 9)
    b = _cuts(rng, points[:, 0] - points[:, 1], 9)
    return np.c_[points, rng.standard_normal((1000, 2))], ((a + b) % 4).astype(np.int64)


def _waveplaid() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(543)
    points = rng.uniform(0, 3, (1000, 2))
    a = _cuts(rng, points[:, 0], 8)
    b = _cuts(rng, points[:, 1] + 0.4 * np.sin(2.5 * points[:, 0]), 8)
    return np.c_[points, rng.standard_normal((1000, 2))], ((a + b) % 3).astype(np.int64)


def _twistplaid() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(544)
    r = 2.0 * np.sqrt(rng.uniform(0.15**2, 1, 1000))
    theta = rng.uniform(0, 2 * np.pi, 1000)
    ring = _cuts(rng, r, 6)
    twisted = (theta + 1.2 * np.log(r)) % (2 * np.pi)
    # ten random cuts on the circle: the last piece wraps onto the first
    sector = np.searchsorted(np.sort(rng.uniform(0, 2 * np.pi, 10)), twisted) % 10
    label = (ring + 2 * sector) % 3
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], label.astype(np.int64)


def _pentablobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(545)
    angles = 2 * np.pi / 5 * np.arange(5)
    y = rng.integers(0, 5, 1000)
    centres = 4.0 * np.c_[np.cos(angles), np.sin(angles)]
    return np.c_[centres[y] + 0.6 * rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_54}  # the generators of the tasks above, by name
