"""Bench ``label_noise``: the fifty-seventh fresh group (s20g), committed on 2026-12-05 by session 20's
helper label4 before its round 36 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label3's what-next 3 and 4 (``wigglefan`` and ``rootcoil`` of
fresh-55, and the 10% runs of ``trefoil``, ``limacon``, ``logcoil`` and ``atancoil``): curved
partitions of three to five classes whose 10% runs should fit about 0.7-0.9 of their labels with
lists longer than cleanlab's that the share gate does not cut; and a control of three well separated
blobs that fits. From generators used nowhere else in this bench: ``swirlthirds``, uniform points in
a disc of radius 2, labelled by the tercile of ``(angle + 0.8 r^2) mod 2 pi`` (three arms that wind
outwards); ``epicoil``, Gaussian points, labelled by the quartile of
``r + 0.3 sin(3 angle) + 0.35 angle`` (a coil with three bumps per turn); ``petalrings``, uniform
points in a disc of radius 2.2, labelled by the quartile of ``r (1 + 0.25 sin(4 angle))`` (rings
with four petals); ``wavewedges``, uniform points on a square of side 4, labelled by the quintile of
``(angle + 0.4 sin(2 x0)) mod 2 pi`` (wedges whose edges wave); ``helixbands``, Gaussian points in
3-D, labelled by the quartile of ``(angle(x0, x1) + 0.8 x2) mod 2 pi`` (a helix of wedges), with one
noise feature; ``lineblobs`` (control), three classes at (-4, 0), (0, 0), (4, 0) (Gaussian spread
0.8). Each has two noise features unless said otherwise.
"""

from __future__ import annotations

import numpy as np

FRESH_57 = ("swirlthirds", "epicoil", "petalrings", "wavewedges", "helixbands", "lineblobs")  # s20g, before round 36


def _quantile_classes(score: np.ndarray, classes: int) -> np.ndarray:
    """The quantile class (``classes`` equal shares) of each score."""
    return np.searchsorted(np.quantile(score, np.arange(1, classes) / classes), score).astype(np.int64)


def _disc(rng: np.random.Generator, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Radius and angle of 1000 uniform points in a disc."""
    return radius * np.sqrt(rng.uniform(0, 1, 1000)), rng.uniform(-np.pi, np.pi, 1000)


def _swirlthirds() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(571)
    r, theta = _disc(rng, 2.0)
    score = (theta + 0.8 * r**2) % (2 * np.pi)
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], _quantile_classes(score, 3)


def _epicoil() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(572)
    points = rng.standard_normal((1000, 2))
    r = np.linalg.norm(points, axis=1)
    theta = np.arctan2(points[:, 1], points[:, 0])
    score = r + 0.3 * np.sin(3 * theta) + 0.35 * theta
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


def _petalrings() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(573)
    r, theta = _disc(rng, 2.2)
    score = r * (1 + 0.25 * np.sin(4 * theta))
    return np.c_[r * np.cos(theta), r * np.sin(theta), rng.standard_normal((1000, 2))], _quantile_classes(score, 4)


def _wavewedges() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(574)
    points = rng.uniform(-2, 2, (1000, 2))
    score = (np.arctan2(points[:, 1], points[:, 0]) + 0.4 * np.sin(2 * points[:, 0])) % (2 * np.pi)
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 5)


def _helixbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(575)
    points = rng.standard_normal((1000, 3))
    score = (np.arctan2(points[:, 1], points[:, 0]) + 0.8 * points[:, 2]) % (2 * np.pi)
    return np.c_[points, rng.standard_normal((1000, 1))], _quantile_classes(score, 4)


def _lineblobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(576)
    centres = np.array([[-4.0, 0.0], [0.0, 0.0], [4.0, 0.0]])
    y = rng.integers(0, 3, 1000)
    return np.c_[centres[y] + 0.8 * rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_57}  # the generators of the tasks above, by name
