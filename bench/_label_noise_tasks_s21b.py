"""Bench ``label_noise``: the sixty-third fresh group (s21b), committed on 2026-12-05 by session 21's
helper label7 before its round 42 is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of round 41 (read once on fresh-62 and reverted): runs of three or
more classes on curved partitions whose 5-10% runs fit about 0.8-0.93 of their labels and whose lists
overrun their decisive count with split boundary examples while staying within the examples the run
misfits. The generators' sizes were set from a pilot on other random draws of the same generators
(their fits only; no list, no F1). From generators used nowhere else in this bench: ``cassini``, the
square [-2.2, 2.2]^2 labelled by terciles of the product of the distances to the foci (+-1, 0)
(Cassini ovals), with one noise feature; ``focalarcs``, a 2-D Gaussian (scale 1.5) labelled by
quartiles of the angle the foci (+-1, 0) subtend (circular arcs through both foci), with two noise
features; ``lemniscates``, the square [-2, 2]^2 labelled by terciles of ``(x0^2 + x1^2)^2 -
2 (x0^2 - x1^2)``, with one noise feature; ``kernelvotes``, a 3-D Gaussian labelled by which of four
classes of three random Gaussian bumps each (width 0.8) sums the most; ``conicshells``, a 3-D
Gaussian labelled by terciles of ``sqrt(x0^2 + x1^2) - 0.8 x2`` (nested cones).
"""

from __future__ import annotations

import numpy as np

FRESH_63 = ("cassini", "focalarcs", "lemniscates", "kernelvotes", "conicshells")  # s21b, before round 42


def _quantile_classes(score: np.ndarray, k: int) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.arange(1, k) / k), score).astype(np.int64)


def _cassini(seed: int = 631) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.2, 2.2, (1000, 2))
    score = np.linalg.norm(X - [1.0, 0.0], axis=1) * np.linalg.norm(X + [1.0, 0.0], axis=1)
    return np.c_[X, rng.standard_normal(1000)], _quantile_classes(score, 3)


def _focalarcs(seed: int = 632) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = 1.5 * rng.standard_normal((1000, 2))
    z = X[:, 0] + 1j * X[:, 1]
    return np.c_[X, rng.standard_normal((1000, 2))], _quantile_classes(np.angle((z - 1) / (z + 1)), 4)


def _lemniscates(seed: int = 633) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (1000, 2))
    score = (X[:, 0] ** 2 + X[:, 1] ** 2) ** 2 - 2 * (X[:, 0] ** 2 - X[:, 1] ** 2)
    return np.c_[X, rng.standard_normal(1000)], _quantile_classes(score, 3)


def _kernelvotes(seed: int = 634) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    centres = 1.2 * rng.standard_normal((4, 3, 3))  # class, bump, coordinate
    d2 = ((X[:, None, None, :] - centres[None]) ** 2).sum(axis=3)
    return X, np.exp(-d2 / (2 * 0.8**2)).sum(axis=2).argmax(axis=1).astype(np.int64)


def _conicshells(seed: int = 635) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _quantile_classes(np.hypot(X[:, 0], X[:, 1]) - 0.8 * X[:, 2], 3)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_63}  # the generators of the tasks above, by name
