"""Bench ``label_noise``: the seventy-seventh fresh group (s24b), committed on 2026-12-06 by session 24's
helper label19 before its round (round 58) is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand: the round looks at 20% lists that the decisive cuts leave short and at light noise,
so the group has three runs of three to five unequal classes whose 20% runs fit about 0.65-0.75 of their
labels (where step (3)'s count, its class-probability cuts and the recalls all act), one run with a noisy
target on heavy-tailed features (clean overlap that a light-noise list can mistake for flips), and one
ordinary run of four equal classes. Every task is read at 5%, 10% and 20%, uniform and
class-conditional, as every group is. The generators' sizes were set from a pilot on other random draws
of the same generators (their fits and class sizes only; no list, no F1). From generators used nowhere
else in this bench: ``absprod3``, a 3-D Gaussian labelled by unequal bins (0.2 / 0.35 / 0.45) of
``|x0| x1 + 0.4 x2``; ``tentlap4``, 4-D Laplace features labelled by unequal
bins (0.15 / 0.3 / 0.35 / 0.2) of ``|x0 - x1| - 0.5 |x2| + 0.2 x3``; ``quadform5``, a 3-D Gaussian
labelled by five unequal bins (0.1 / 0.15 / 0.25 / 0.3 / 0.2) of ``x0^2 + 0.5 x1^2 + 0.8 x0 x1 + 0.3 x2``;
``tblur3``, 5-D Student-t (5 degrees of freedom) features labelled by unequal terciles (0.4 / 0.35 /
0.25) of a fixed random projection plus ``0.3 x0^2`` plus Gaussian noise of standard deviation 0.6 (the
target's own noise); ``prodsum4``, the ordinary one, a 4-D Gaussian labelled by quartiles of
``x0 x1 + 0.5 (x2 + x3)``.
"""

from __future__ import annotations

import numpy as np

FRESH_77 = ("absprod3", "tentlap4", "quadform5", "tblur3", "prodsum4")  # s24b, before round 58


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _absprod3(seed: int = 771) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    score = np.abs(X[:, 0]) * X[:, 1] + 0.4 * X[:, 2]
    return X, _bins(score, (0.2, 0.35, 0.45))


def _tentlap4(seed: int = 772) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.laplace(size=(1000, 4))
    score = np.abs(X[:, 0] - X[:, 1]) - 0.5 * np.abs(X[:, 2]) + 0.2 * X[:, 3]
    return X, _bins(score, (0.15, 0.3, 0.35, 0.2))


def _quadform5(seed: int = 773) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    score = X[:, 0] ** 2 + 0.5 * X[:, 1] ** 2 + 0.8 * X[:, 0] * X[:, 1] + 0.3 * X[:, 2]
    return X, _bins(score, (0.1, 0.15, 0.25, 0.3, 0.2))


def _tblur3(seed: int = 774) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_t(5, size=(1000, 5))
    w = np.random.default_rng(7740).standard_normal(5)
    score = X @ (w / np.linalg.norm(w)) + 0.3 * X[:, 0] ** 2 + 0.6 * rng.standard_normal(1000)
    return X, _bins(score, (0.4, 0.35, 0.25))


def _prodsum4(seed: int = 775) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] * X[:, 1] + 0.5 * (X[:, 2] + X[:, 3]), (0.25, 0.25, 0.25, 0.25))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_77}  # the generators of the tasks above, by name
