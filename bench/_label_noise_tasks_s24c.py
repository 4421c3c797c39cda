"""Bench ``label_noise``: the seventy-eighth fresh group (s24c), committed on 2026-12-06 by session 24's
helper label20 before its round (round 59) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand: the round looks at 20% lists that may already be as long as their flips and at
light noise, so the group has three runs of three to five unequal classes whose 20% runs fit about
0.6-0.75 of their labels (where step (3)'s count, its class-probability cuts and the recalls all act),
one run with a noisy target on skewed features (clean overlap that a light-noise list can mistake for
flips), and one ordinary run of four equal classes. Every task is read at 5%, 10% and 20%, uniform and
class-conditional, as every group is. The generators' sizes were set from a pilot on other random draws
of the same generators (their fits and class sizes only; no list, no F1). From generators used nowhere
else in this bench: ``maxmin4``, a 4-D Gaussian labelled by unequal bins (0.2 / 0.3 / 0.3 / 0.2) of
``max(x0, x1) - 0.5 min(x2, x3)``; ``rose5``, a 3-D Gaussian labelled by five unequal bins
(0.1 / 0.2 / 0.3 / 0.25 / 0.15) of ``r + 0.3 sin(3 theta) + 0.15 x2`` (r, theta the polar
coordinates of x0, x1); ``trefoil3``, uniform features on [-2, 2]^3 labelled by
unequal bins (0.25 / 0.45 / 0.3) of ``sin(x0) cos(x1) + 0.3 x2``; ``expblur4``, 4-D standard
exponential features labelled by unequal bins (0.35 / 0.3 / 0.2 / 0.15) of a fixed random
projection of ``log(1 + x)`` plus Gaussian noise of standard deviation 0.3 (the target's own noise);
``saddle4``, the ordinary one, a 4-D Gaussian labelled by quartiles of ``x0^2 - x1^2 + 0.5 x2 x3``.
"""

from __future__ import annotations

import numpy as np

FRESH_78 = ("maxmin4", "rose5", "trefoil3", "expblur4", "saddle4")  # s24c, before round 59


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _maxmin4(seed: int = 781) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    score = np.maximum(X[:, 0], X[:, 1]) - 0.5 * np.minimum(X[:, 2], X[:, 3])
    return X, _bins(score, (0.2, 0.3, 0.3, 0.2))


def _rose5(seed: int = 782) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    score = r + 0.3 * np.sin(3 * theta) + 0.15 * X[:, 2]
    return X, _bins(score, (0.1, 0.2, 0.3, 0.25, 0.15))


def _trefoil3(seed: int = 783) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(1000, 3))
    score = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.3 * X[:, 2]
    return X, _bins(score, (0.25, 0.45, 0.3))


def _expblur4(seed: int = 784) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_exponential((1000, 4))
    w = np.random.default_rng(7840).standard_normal(4)
    score = np.log1p(X) @ (w / np.linalg.norm(w)) + 0.3 * rng.standard_normal(1000)
    return X, _bins(score, (0.35, 0.3, 0.2, 0.15))


def _saddle4(seed: int = 785) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] ** 2 - X[:, 1] ** 2 + 0.5 * X[:, 2] * X[:, 3], (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_78}  # the generators of the tasks above, by name
