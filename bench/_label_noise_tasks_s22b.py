"""Bench ``label_noise``: the sixty-ninth fresh group (s22b), committed on 2026-12-05 by session 22's
helper label12 before its round 50 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the precision and count losses left in heavily mislabelled runs: runs of
three to five classes, some of them imbalanced or annular, whose 20% runs fit about 0.65-0.85 of
their labels. The generators' sizes were set from a pilot on other random draws of the same
generators (their fits only; no list, no F1). From generators used nowhere else in this bench:
``cubicroots3``, a 3-D Gaussian labelled by terciles of ``x0^3 / 3 - x0 x1 + 0.5 x2``;
``hyperbola4``, a 2-D Gaussian (scale 1.3) labelled by quartiles of ``x0 x1 + 0.3 x0^2``, with one
noise feature; ``tanhvotes4``, a 4-D Gaussian labelled by the largest of four scores of a random
one-hidden-layer tanh network (imbalanced classes); ``shellsectors3``, a 2-D Gaussian (scale 1.4)
labelled by radius shells at 1 and 2 (three annular classes of unequal size), with one noise
feature; ``normratio5``, a 3-D Gaussian labelled by quintiles of ``|x|_1 / |x|_2 + x2``.
"""

from __future__ import annotations

import numpy as np

FRESH_69 = ("cubicroots3", "hyperbola4", "tanhvotes4", "shellsectors3", "normratio5")  # s22b, before round 50


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _cubicroots3(seed: int = 691) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(X[:, 0] ** 3 / 3 - X[:, 0] * X[:, 1] + 0.5 * X[:, 2], 3)


def _hyperbola4(seed: int = 692) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.3 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    return X, _quantile_classes(X[:, 0] * X[:, 1] + 0.3 * X[:, 0] ** 2, 4)


def _tanhvotes4(seed: int = 693) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    W = rng.standard_normal((4, 8))
    V = rng.standard_normal((8, 4))
    return X, (np.tanh(X @ W) @ V).argmax(1).astype(np.int64)


def _shellsectors3(seed: int = 694) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.4 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    r = np.hypot(X[:, 0], X[:, 1])
    return X, np.searchsorted(np.array([1.0, 2.0]), r).astype(np.int64)


def _normratio5(seed: int = 695) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.abs(X).sum(1) / np.linalg.norm(X, axis=1) + X[:, 2], 5)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_69}  # the generators of the tasks above, by name
