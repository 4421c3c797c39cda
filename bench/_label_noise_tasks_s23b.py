"""Bench ``label_noise``: the seventy-third fresh group (s23b), committed on 2026-12-06 by session 23's
helper label15 before its second round (round 54) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, as fresh-72: four runs of three to five classes with unequal class sizes whose 20%
runs fit about 0.65-0.8 of their labels (where step (3)'s count and its class-probability cuts both
act), and one ordinary run of four equal classes (its 20% runs fit about 0.75 of the 0.8 a clean fit
keeps), where a longer list can only harm. Every task is read at 5%, 10% and 20%, uniform and
class-conditional, as every group is. The generators' sizes were set from a pilot on other random draws of the same generators (their fits and class sizes
only; no list, no F1). From generators used nowhere else in this bench: ``conering3``, a 3-D Gaussian
labelled by unequal bins (0.2 / 0.35 / 0.45) of ``r + 0.5 sin(2 theta) + 0.3 x2`` (``r``, ``theta`` of
``x0, x1``); ``argmax4``, a 4-D Gaussian labelled by the largest of four fixed linear scores plus
``0.8 x0 x1`` on the first; ``spokes5``, a 2-D Gaussian (scale 1.1) labelled by five angular sectors of
unequal widths turned by ``0.4 r``, with one noise feature; ``capsule3``, a 3-D Gaussian labelled 0
inside ``|x0| < 0.8, |x1| < 1.5`` and otherwise by the sign of ``x2 + 0.3 x0``; ``planes4``, the
ordinary one, a 5-D Gaussian labelled by quartiles of ``x0 + 0.5 x1 - 0.5 x2 + 0.3 x4``.
"""

from __future__ import annotations

import numpy as np

FRESH_73 = ("conering3", "argmax4", "spokes5", "capsule3", "planes4")  # s23b, before round 54


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _conering3(seed: int = 731) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    return X, _bins(r + 0.5 * np.sin(2 * theta) + 0.3 * X[:, 2], (0.2, 0.35, 0.45))


def _argmax4(seed: int = 732) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    W = np.array([[1.0, 0.2, -0.5, 0.3], [-0.6, 1.0, 0.4, 0.0], [0.3, -0.7, 1.0, 0.5], [-0.2, -0.3, -0.4, 1.2]])
    scores = X @ W.T
    scores[:, 0] += 0.8 * X[:, 0] * X[:, 1]
    return X, scores.argmax(1).astype(np.int64)


def _spokes5(seed: int = 733) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.1 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    turned = (theta + np.pi + 0.4 * r) % (2 * np.pi)
    return X, np.searchsorted(np.pi * np.cumsum([0.25, 0.35, 0.4, 0.45]), turned).astype(np.int64)


def _capsule3(seed: int = 734) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    inside = (np.abs(X[:, 0]) < 0.8) & (np.abs(X[:, 1]) < 1.5)
    return X, np.where(inside, 0, 1 + (X[:, 2] + 0.3 * X[:, 0] > 0)).astype(np.int64)


def _planes4(seed: int = 735) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 5))
    return X, _bins(X[:, 0] + 0.5 * X[:, 1] - 0.5 * X[:, 2] + 0.3 * X[:, 4], (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_73}  # the generators of the tasks above, by name
