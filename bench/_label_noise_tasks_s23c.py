"""Bench ``label_noise``: the seventy-fourth fresh group (s23c), committed on 2026-12-06 by session 23's
helper label16 before its round (round 55) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, as fresh-72 and fresh-73: four runs of three to five classes with unequal class sizes
whose 20% runs fit about 0.65-0.77 of their labels (where step (3)'s count and its class-probability cuts
both act), and one ordinary run of four equal classes, where a longer list can only harm. Every task is
read at 5%, 10% and 20%, uniform and class-conditional, as every group is. The generators' sizes were set
from a pilot on other random draws of the same generators (their fits and class sizes only; no list, no
F1). From generators used nowhere else in this bench: ``torus3``, a 3-D Gaussian labelled by unequal bins
(0.25 / 0.3 / 0.45) of the distance of ``(x0, x1)`` to the unit circle plus ``0.8 x2``; ``hyper4``, a
3-D Gaussian labelled by unequal bins (0.15 / 0.25 / 0.3 / 0.3) of ``x0 x1 + 0.5 x2``; ``petals5``, a 2-D
Gaussian labelled by five unequal bins of ``x0 + 0.3 r cos(3 theta)``, with one noise feature;
``shells3``, a 4-D Gaussian labelled by unequal bins (0.5 / 0.3 / 0.2) of ``|x| + 0.6 sin(2 x3)``;
``tilt4``, the ordinary one, a 4-D Gaussian labelled by quartiles of ``x0 - 0.7 x1 + 0.4 x2 x3``.
"""

from __future__ import annotations

import numpy as np

FRESH_74 = ("torus3", "hyper4", "petals5", "shells3", "tilt4")  # s23c, before round 55


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _torus3(seed: int = 741) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(np.abs(np.hypot(X[:, 0], X[:, 1]) - 1.0) + 0.8 * X[:, 2], (0.25, 0.3, 0.45))


def _hyper4(seed: int = 742) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(X[:, 0] * X[:, 1] + 0.5 * X[:, 2], (0.15, 0.25, 0.3, 0.3))


def _petals5(seed: int = 743) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    return X, _bins(X[:, 0] + 0.3 * r * np.cos(3 * theta), (0.12, 0.18, 0.25, 0.25, 0.2))


def _shells3(seed: int = 744) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(np.linalg.norm(X, axis=1) + 0.6 * np.sin(2 * X[:, 3]), (0.5, 0.3, 0.2))


def _tilt4(seed: int = 745) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] - 0.7 * X[:, 1] + 0.4 * X[:, 2] * X[:, 3], (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_74}  # the generators of the tasks above, by name
