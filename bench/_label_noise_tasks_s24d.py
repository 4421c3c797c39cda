"""Bench ``label_noise``: the seventy-ninth fresh group (s24d), committed on 2026-12-06 by session 24's
helper label21 before its round (round 60) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand: the round looks at fresh-78's ``trefoil3`` shape, whose 10% runs gave lists far
longer than their flips with no confident joint to cap them, so three of the five runs are of that
kind: uniform features on a box labelled by unequal bins of a smooth periodic score whose middle class
is the largest (where a 10% run's step (3) count and the probability cuts may read the clean boundary
as flips). One run has a noisy target on uniform features (clean overlap) and one is ordinary (four
equal classes). Every task is read at 5%, 10% and 20%, uniform and class-conditional, as every group
is. The sizes were set from a pilot on other random draws of the same generators (their fits and
class sizes only; no list, no F1). From generators used nowhere else in this bench: ``ripple3``,
uniform on [-2.5, 2.5]^3, unequal bins (0.2 / 0.5 / 0.3) of ``sin(x0 + x1) + 0.4 x2``;
``sinprod4``, uniform on [-2, 2]^4, unequal bins (0.2 / 0.4 / 0.25 / 0.15) of
``sin(x0) sin(x1) + 0.3 x2 - 0.2 x3``; ``boxwave3``, uniform on [-2, 2]^3, unequal bins
(0.3 / 0.45 / 0.25) of ``cos(x0) x1 + 0.3 x2``; ``unifblur3`` (noisy target), uniform on [0, 1]^5,
unequal bins (0.4 / 0.35 / 0.25) of a fixed random projection plus Gaussian noise of standard
deviation 0.25 (the target's own noise); ``boxsum4``, the ordinary one, uniform on [-2, 2]^4 labelled
by quartiles of ``sin(2 x0) + x1 x2 + 0.3 x3``.
"""

from __future__ import annotations

import numpy as np

FRESH_79 = ("ripple3", "sinprod4", "boxwave3", "unifblur3", "boxsum4")  # s24d, before round 60


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _ripple3(seed: int = 791) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.5, 2.5, size=(1000, 3))
    score = np.sin(X[:, 0] + X[:, 1]) + 0.4 * X[:, 2]
    return X, _bins(score, (0.2, 0.5, 0.3))


def _sinprod4(seed: int = 792) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(1000, 4))
    score = np.sin(X[:, 0]) * np.sin(X[:, 1]) + 0.3 * X[:, 2] - 0.2 * X[:, 3]
    return X, _bins(score, (0.2, 0.4, 0.25, 0.15))


def _boxwave3(seed: int = 793) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(1000, 3))
    score = np.cos(X[:, 0]) * X[:, 1] + 0.3 * X[:, 2]
    return X, _bins(score, (0.3, 0.45, 0.25))


def _unifblur3(seed: int = 794) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(1000, 5))
    w = np.random.default_rng(7940).standard_normal(5)
    score = X @ (w / np.linalg.norm(w)) + 0.25 * rng.standard_normal(1000)
    return X, _bins(score, (0.4, 0.35, 0.25))


def _boxsum4(seed: int = 795) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(1000, 4))
    score = np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2] + 0.3 * X[:, 3]
    return X, _bins(score, (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_79}  # the generators of the tasks above, by name
