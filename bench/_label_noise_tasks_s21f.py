"""Bench ``label_noise``: the sixty-seventh fresh group (s21f), committed on 2026-12-05 by session 21's
helper label9 before its round 46 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the misses left in heavily mislabelled runs: runs of three classes whose
20% runs fit about 0.65-0.8 of their labels. The generators' sizes were set from a pilot on other
random draws of the same generators (their fits only; no list, no F1). From generators used
nowhere else in this bench: ``bilinearmix``, a 4-D Gaussian labelled by terciles of
``x0 x1 + x2 x3``; ``absridges``, a 3-D Gaussian (scale 1.3) labelled by terciles of
``|x0| - |x1| + 0.5 x2``, with one noise feature; ``cosgrid``, the cube [-2, 2]^3 labelled by
terciles of ``cos 0.8x0 cos 0.8x1 + 0.3 x2``; ``spherewaves``, a 3-D Gaussian (scale 1.2) labelled by
terciles of ``sin 1.3r + 0.5 x0``, r the distance to the origin; ``maxminfold``, a 3-D Gaussian labelled
by terciles of ``max(x0, x1) - min(x1, x2)``.
"""

from __future__ import annotations

import numpy as np

FRESH_67 = ("bilinearmix", "absridges", "cosgrid", "spherewaves", "maxminfold")  # s21f, before round 46


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _bilinearmix(seed: int = 671) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _quantile_classes(X[:, 0] * X[:, 1] + X[:, 2] * X[:, 3], 3)


def _absridges(seed: int = 672) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.3 * rng.standard_normal((1000, 3)), rng.standard_normal(1000)])
    return X, _quantile_classes(np.abs(X[:, 0]) - np.abs(X[:, 1]) + 0.5 * X[:, 2], 3)


def _cosgrid(seed: int = 673) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, (1000, 3))
    return x, _quantile_classes(np.cos(0.8 * x[:, 0]) * np.cos(0.8 * x[:, 1]) + 0.3 * x[:, 2], 3)


def _spherewaves(seed: int = 674) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.2 * rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.sin(1.3 * np.linalg.norm(X, axis=1)) + 0.5 * X[:, 0], 3)


def _maxminfold(seed: int = 675) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.maximum(X[:, 0], X[:, 1]) - np.minimum(X[:, 1], X[:, 2]), 3)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_67}  # the generators of the tasks above, by name
