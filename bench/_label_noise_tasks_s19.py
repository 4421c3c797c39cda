"""Bench ``label_noise``: the fresh groups session 19 wrote (fresh-39 on), each committed before the
rule it tested (``_label_noise_tasks.py`` registers them).

The thirty-ninth fresh group (s19), committed on 2026-12-05 before session 19's change was designed
(its only look: the shapes and class counts), decided beforehand to hold runs that do not fit their
labels in 20 epochs (the class of misses the round aims at: lists several times the flips in runs
fitting below 0.8 of their labels), beside a real-data view and a control the MLP should fit, from
generators and inputs used nowhere else in this bench: ``checker3d``, uniform points in a cube of
side 1.5 with one noise feature, labelled by the parity of their cell in a 3x3x3 grid of cubes of
side 0.5 (a three-dimensional checkerboard); ``voronoi``, uniform points in a 3x3 square with two
noise features, labelled by the colour of the nearest of fifteen random sites, five sites to each
of three classes (a polygonal partition of uniform density); ``digitsmoments``, ``load_digits``'
ten classes from ten moments of each image's ink (total, centroid, the three second and four third
central moments: real images, a crude summary); ``walds``, six inverse-Gaussian (Wald) features
with class-specific means and scales, three classes of 45, 35 and 20% (skewed positive features).
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

FRESH_39 = ("checker3d", "voronoi", "digitsmoments", "walds")  # s19, before session 19's change was designed


def _checker3d() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(391)
    points = rng.uniform(0, 1.5, (1000, 3))
    y = np.floor(points / 0.5).sum(axis=1).astype(np.int64) % 2
    return np.c_[points, rng.standard_normal((1000, 1))], y


def _voronoi() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(392)
    points = rng.uniform(0, 3, (1000, 2))
    sites = rng.uniform(0, 3, (15, 2))
    colour = np.arange(15) % 3
    nearest = ((points[:, None, :] - sites[None]) ** 2).sum(axis=2).argmin(axis=1)
    return np.c_[points, rng.standard_normal((1000, 2))], colour[nearest].astype(np.int64)


def _digitsmoments() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    ink = X.reshape(-1, 8, 8)
    r, c = np.mgrid[0:8, 0:8].astype(np.float64)
    total = ink.sum(axis=(1, 2))
    weights = ink / np.maximum(total, 1e-9)[:, None, None]
    mr, mc = (weights * r).sum(axis=(1, 2)), (weights * c).sum(axis=(1, 2))
    dr, dc = r[None] - mr[:, None, None], c[None] - mc[:, None, None]
    moments = [
        (weights * dr**p * dc**q).sum(axis=(1, 2)) for p, q in ((2, 0), (1, 1), (0, 2), (3, 0), (2, 1), (1, 2), (0, 3))
    ]
    return np.stack([total, mr, mc, *moments], axis=1), y.astype(np.int64)


def _walds() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(394)
    y = rng.choice(3, 1000, p=[0.45, 0.35, 0.20])
    means = rng.uniform(0.5, 2.0, (3, 6))
    scales = rng.uniform(0.5, 3.0, (3, 6))
    return rng.wald(means[y], scales[y]), y.astype(np.int64)


GENERATED = {
    name: globals()[f"_{name}"] for name in ("checker3d", "voronoi", "digitsmoments", "walds")
}  # the generators of the tasks above, by name
