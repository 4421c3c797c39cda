"""Bench ``label_noise``: the sixty-eighth fresh group (s22a), committed on 2026-12-05 by session 22's
helper label11 before its round 49 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the precision and count losses left in heavily mislabelled runs: runs of
three to five classes whose 20% runs fit about 0.65-0.85 of their labels. The generators' sizes were
set from a pilot on other random draws of the same generators (their fits only; no list, no F1).
From generators used nowhere else in this bench: ``tanhsum4``, a 4-D Gaussian (scale 1.2) labelled
by quartiles of ``tanh 2x0 + tanh 2x1 + 0.5 x2 x3``; ``prodexp3``, a 3-D Gaussian labelled by
terciles of ``x0 exp(0.5 x1) + 0.3 x2``; ``quadvotes5``, a 3-D Gaussian labelled by the largest of
five random quadratic scores; ``rotbands3``, a 2-D Gaussian (scale 1.5) labelled by terciles of
``x0 cos 0.5r + x1 sin 0.5r`` (r the distance to the origin), with one noise feature; ``logratios4``,
the box [0.2, 3]^3 labelled by quartiles of ``log(x0 / x1) + 0.5 sin 2x2``.
"""

from __future__ import annotations

import numpy as np

FRESH_68 = ("tanhsum4", "prodexp3", "quadvotes5", "rotbands3", "logratios4")  # s22a, before round 49


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _tanhsum4(seed: int = 681) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.2 * rng.standard_normal((1000, 4))
    return X, _quantile_classes(np.tanh(2 * X[:, 0]) + np.tanh(2 * X[:, 1]) + 0.5 * X[:, 2] * X[:, 3], 4)


def _prodexp3(seed: int = 682) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(X[:, 0] * np.exp(0.5 * X[:, 1]) + 0.3 * X[:, 2], 3)


def _quadvotes5(seed: int = 683) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    A = rng.standard_normal((5, 3, 3)) * 0.5
    b = rng.standard_normal((5, 3))
    scores = np.einsum("ni,kij,nj->nk", X, A, X) + X @ b.T
    return X, scores.argmax(1).astype(np.int64)


def _rotbands3(seed: int = 684) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.5 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    r = np.hypot(X[:, 0], X[:, 1])
    return X, _quantile_classes(X[:, 0] * np.cos(0.5 * r) + X[:, 1] * np.sin(0.5 * r), 3)


def _logratios4(seed: int = 685) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.2, 3.0, (1000, 3))
    return x, _quantile_classes(np.log(x[:, 0] / x[:, 1]) + 0.5 * np.sin(2 * x[:, 2]), 4)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_68}  # the generators of the tasks above, by name
