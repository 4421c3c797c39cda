"""Bench ``label_noise``: the sixty-sixth fresh group (s21e), committed on 2026-12-05 by session 21's
helper label9 before its round 45 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the largest block of misses left after round 42: runs of three classes
whose 20% runs fit about 0.7-0.9 of their labels (where the network memorises flips). The
generators' sizes were set from a pilot on other random draws of the same generators (their fits
only; no list, no F1). From generators used nowhere else in this bench: ``rosettebands``, the disc
of radius 3 labelled by terciles of ``r (1 + 0.1 cos 3 theta)``, with one noise feature;
``helicoid``, a 3-D Gaussian (scale 1.3) labelled by terciles of ``sin(theta - 0.5 x2)``, theta the
angle in the (x0, x1) plane; ``tanhsaddle``, a 3-D Gaussian (scale 1.5) labelled by terciles of
``tanh x0 tanh x1 + 0.4 x2``; ``ripplesum``, a 4-D Gaussian (scale 1.3) labelled by terciles of
``sin x0 + sin x1 + 0.5 x2 x3``; ``quadsaddle``, a 3-D Gaussian labelled by terciles of
``x0 x1 + 0.7 x2``.
"""

from __future__ import annotations

import numpy as np

FRESH_66 = ("rosettebands", "helicoid", "tanhsaddle", "ripplesum", "quadsaddle")  # s21e, before round 45


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _rosettebands(seed: int = 661) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    r = 3.0 * np.sqrt(rng.uniform(0, 1, 1000))
    theta = rng.uniform(-np.pi, np.pi, 1000)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta), rng.standard_normal(1000)])
    return X, _quantile_classes(r * (1 + 0.1 * np.cos(3 * theta)), 3)


def _helicoid(seed: int = 662) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.3 * rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.sin(np.arctan2(X[:, 1], X[:, 0]) - 0.5 * X[:, 2]), 3)


def _tanhsaddle(seed: int = 663) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.5 * rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.tanh(X[:, 0]) * np.tanh(X[:, 1]) + 0.4 * X[:, 2], 3)


def _ripplesum(seed: int = 664) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.3 * rng.standard_normal((1000, 4))
    return X, _quantile_classes(np.sin(X[:, 0]) + np.sin(X[:, 1]) + 0.5 * X[:, 2] * X[:, 3], 3)


def _quadsaddle(seed: int = 665) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(X[:, 0] * X[:, 1] + 0.7 * X[:, 2], 3)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_66}  # the generators of the tasks above, by name
