"""Bench ``label_noise``: the seventy-sixth fresh group (s24a), committed on 2026-12-06 by session 24's
helper label18 before its round (round 57) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand: the round looks at light noise (5%), so the group mixes runs where a 5% list is
easy to over-fill and runs where it is hard to fill. Three runs of three to five classes with unequal
class sizes whose 20% runs fit about 0.65-0.8 of their labels (where step (3)'s count, its
class-probability cuts and the recalls all act), one run with a noisy target (a score plus Gaussian noise
cut in terciles: clean overlap that a light-noise list can mistake for flips), and one ordinary run of
four equal classes. Every task is read at 5%, 10% and 20%, uniform and class-conditional, as every group
is. The generators' sizes were set from a pilot on other random draws of the same generators (their fits
and class sizes only; no list, no F1). From generators used nowhere else in this bench: ``sinc3``, a 3-D
Gaussian labelled by unequal bins (0.25 / 0.35 / 0.4) of ``sin(2 r) / r + 0.4 x2`` with r the radius of
(x0, x1); ``rosen4``, a 3-D Gaussian labelled by unequal bins (0.15 / 0.25 / 0.3 / 0.3) of
``log(1 + (1 - x0)^2 + 2 (x1 - x0^2)^2) - 0.5 x2``; ``stair5``, a 2-D Gaussian labelled by five unequal
bins of ``x0 + 0.5 floor(2 x1)``, with two noise features; ``noisyproj3``, a 6-D Gaussian labelled by
unequal terciles (0.3 / 0.3 / 0.4) of a fixed random projection plus Gaussian noise of standard deviation
0.5 (the target's own noise); ``hinge4``, the ordinary one, a 4-D Gaussian labelled by quartiles of
``relu(x0) - relu(x1) + 0.5 x2 x3``.
"""

from __future__ import annotations

import numpy as np

FRESH_76 = ("sinc3", "rosen4", "stair5", "noisyproj3", "hinge4")  # s24a, before round 57


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _sinc3(seed: int = 761) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    r = np.hypot(X[:, 0], X[:, 1]) + 1e-9
    return X, _bins(np.sin(2 * r) / r + 0.4 * X[:, 2], (0.25, 0.35, 0.4))


def _rosen4(seed: int = 762) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    score = np.log1p((1 - X[:, 0]) ** 2 + 2 * (X[:, 1] - X[:, 0] ** 2) ** 2) - 0.5 * X[:, 2]
    return X, _bins(score, (0.15, 0.25, 0.3, 0.3))


def _stair5(seed: int = 763) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] + 0.5 * np.floor(2 * X[:, 1]), (0.1, 0.2, 0.3, 0.25, 0.15))


def _noisyproj3(seed: int = 764) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 6))
    w = np.random.default_rng(7640).standard_normal(6)
    score = X @ (w / np.linalg.norm(w)) + 0.5 * rng.standard_normal(1000)
    return X, _bins(score, (0.3, 0.3, 0.4))


def _hinge4(seed: int = 765) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    score = np.maximum(X[:, 0], 0) - np.maximum(X[:, 1], 0) + 0.5 * X[:, 2] * X[:, 3]
    return X, _bins(score, (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_76}  # the generators of the tasks above, by name
