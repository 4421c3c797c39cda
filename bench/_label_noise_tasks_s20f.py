"""Bench ``label_noise``: the fifty-sixth fresh group (s20f), committed on 2026-12-05 by session 20's
helper label3 before its round 35 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label2's what-next 4 (``voronoi``, ``weibull``, ``bumpdip``,
``parabolas``: 20% runs of three or four classes fitting about 0.65-0.75 of their labels whose lists
are short, all or nearly all placed decisively in another class, well under the flips and under
cleanlab's lists): simple partitions of three or four classes, into cells, bands or overlapping
distributions that a network fits region by region, so that at 20% noise it places its flips
decisively in their true class. From generators used nowhere else in this bench: ``powercells``,
uniform points on a square of side 3, labelled by the cell of a power diagram of 12 random sites with
random weights, coloured site index mod 3; ``gammamix``, three classes (shares 0.4, 0.35, 0.25) of
five gamma-distributed features with random shapes (1-4) and scales (0.5-2) per class (overlapping
classes); ``archbands``, Gaussian points (std 1.2), labelled by the tercile of ``x1 - 0.6 |x0|^1.5``
(V-shaped arches); ``bumpridge``, Gaussian points (std 1.3), labelled by the tercile of
``x1 - 1.4 exp(-x0^2)`` (bands over a single ridge); ``cellquad``, uniform points on a square of side
3, labelled by the nearest of 20 random sites, coloured site index mod 4. Each planar task has two
noise features.
"""

from __future__ import annotations

import numpy as np

FRESH_56 = ("powercells", "gammamix", "archbands", "bumpridge", "cellquad")  # s20f, before round 35


def _quantile_classes(score: np.ndarray, classes: int) -> np.ndarray:
    """The quantile class (``classes`` equal shares) of each score."""
    return np.searchsorted(np.quantile(score, np.arange(1, classes) / classes), score).astype(np.int64)


def _powercells() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(561)
    points = rng.uniform(0, 3, (1000, 2))
    sites, weights = rng.uniform(0, 3, (12, 2)), rng.uniform(0, 0.4, 12)
    power = ((points[:, None, :] - sites[None]) ** 2).sum(axis=2) - weights[None]
    label = (np.arange(12) % 3)[power.argmin(axis=1)]
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


def _gammamix() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(562)
    y = rng.choice(3, 1000, p=[0.4, 0.35, 0.25])
    shapes, scales = rng.uniform(1.0, 4.0, (3, 5)), rng.uniform(0.5, 2.0, (3, 5))
    return scales[y] * rng.gamma(shapes[y]), y.astype(np.int64)


def _archbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(563)
    points = 1.2 * rng.standard_normal((1000, 2))
    score = points[:, 1] - 0.6 * np.abs(points[:, 0]) ** 1.5
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 3)


def _bumpridge() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(564)
    points = 1.3 * rng.standard_normal((1000, 2))
    score = points[:, 1] - 1.4 * np.exp(-(points[:, 0] ** 2))
    return np.c_[points, rng.standard_normal((1000, 2))], _quantile_classes(score, 3)


def _cellquad() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(565)
    points = rng.uniform(0, 3, (1000, 2))
    sites = rng.uniform(0, 3, (20, 2))
    nearest = ((points[:, None, :] - sites[None]) ** 2).sum(axis=2).argmin(axis=1)
    return np.c_[points, rng.standard_normal((1000, 2))], (np.arange(20) % 4)[nearest].astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_56}  # the generators of the tasks above, by name
