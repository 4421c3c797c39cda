"""Bench ``label_noise``: the seventy-first fresh group (s22d), committed on 2026-12-05 by session 22's
helper label14 before its round is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for runs where the count may be short or right at heavy noise: runs of three to
five classes, some with unequal class sizes, whose 20% runs fit about 0.65-0.85 of their labels. The
generators' sizes were set from a pilot on other random draws of the same generators (their fits
only; no list, no F1). From generators used nowhere else in this bench: ``wedgeband4``, a 2-D
Gaussian (scale 1.3) labelled by the quadrant of ``theta + 0.4 r``, with one noise feature;
``cubicsplit3``, a 3-D Gaussian labelled by terciles of ``x0^3 - x1 + 0.5 x2``; ``minabs3``, a 3-D
Gaussian labelled by the smallest of ``|s_i x_i|`` with scales (1, 1.5, 0.7) (unequal classes);
``tanhmix5``, a 4-D Gaussian labelled by quintiles of ``1.5 tanh x0 + 0.3 x1 x3 + x2``;
``ringsign3``, a 2-D Gaussian (scale 1.2) labelled by a radius shell at 1.4 and, inside it, the sign
of ``x0 + x1`` (three classes), with one noise feature.
"""

from __future__ import annotations

import numpy as np

FRESH_71 = ("wedgeband4", "cubicsplit3", "minabs3", "tanhmix5", "ringsign3")  # s22d, before round 52


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _wedgeband4(seed: int = 711) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.3 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    return X, (np.floor((theta + np.pi + 0.4 * r) / (np.pi / 2)) % 4).astype(np.int64)


def _cubicsplit3(seed: int = 712) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(X[:, 0] ** 3 - X[:, 1] + 0.5 * X[:, 2], 3)


def _minabs3(seed: int = 713) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, np.abs(X * np.array([1.0, 1.5, 0.7])).argmin(1).astype(np.int64)


def _tanhmix5(seed: int = 714) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _quantile_classes(1.5 * np.tanh(X[:, 0]) + 0.3 * X[:, 1] * X[:, 3] + X[:, 2], 5)


def _ringsign3(seed: int = 715) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.2 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    outer = np.hypot(X[:, 0], X[:, 1]) > 1.4
    return X, np.where(outer, 2, (X[:, 0] + X[:, 1] > 0).astype(np.int64)).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_71}  # the generators of the tasks above, by name
