"""Bench ``label_noise``: the seventy-fifth fresh group (s23d), committed on 2026-12-06 by session 23's
helper label17 before its round (round 56) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, as fresh-72 to fresh-74: four runs of three to five classes with unequal class sizes
whose 20% runs fit about 0.65-0.77 of their labels (where step (3)'s count and its class-probability cuts
both act), and one ordinary run of four equal classes, where a longer list can only harm. Every task is
read at 5%, 10% and 20%, uniform and class-conditional, as every group is. The generators' sizes were set
from a pilot on other random draws of the same generators (their fits and class sizes only; no list, no
F1). From generators used nowhere else in this bench: ``saddle3``, a 3-D Gaussian labelled by unequal bins
(0.2 / 0.35 / 0.45) of ``x0^2 - x1^2 + 0.7 x2``; ``ridge4``, a 3-D Gaussian labelled by unequal bins
(0.15 / 0.2 / 0.3 / 0.35) of ``max(x0, x1) + 0.5 x2``; ``wave5``, a 2-D Gaussian labelled by five unequal
bins of ``x1 + 0.8 sin(2 x0)``, with one noise feature; ``cubic3``, a 4-D Gaussian labelled by unequal bins
(0.45 / 0.35 / 0.2) of ``x0^3 / 3 + x1 - 0.5 x2 x3``; ``skew4``, the ordinary one, a 4-D Gaussian labelled
by quartiles of ``x0 + 0.6 x1 - 0.5 |x2|``.
"""

from __future__ import annotations

import numpy as np

FRESH_75 = ("saddle3", "ridge4", "wave5", "cubic3", "skew4")  # s23d, before round 56


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _saddle3(seed: int = 751) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(X[:, 0] ** 2 - X[:, 1] ** 2 + 0.7 * X[:, 2], (0.2, 0.35, 0.45))


def _ridge4(seed: int = 752) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(np.maximum(X[:, 0], X[:, 1]) + 0.5 * X[:, 2], (0.15, 0.2, 0.3, 0.35))


def _wave5(seed: int = 753) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(X[:, 1] + 0.8 * np.sin(2 * X[:, 0]), (0.1, 0.2, 0.3, 0.25, 0.15))


def _cubic3(seed: int = 754) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] ** 3 / 3 + X[:, 1] - 0.5 * X[:, 2] * X[:, 3], (0.45, 0.35, 0.2))


def _skew4(seed: int = 755) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] + 0.6 * X[:, 1] - 0.5 * np.abs(X[:, 2]), (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_75}  # the generators of the tasks above, by name
