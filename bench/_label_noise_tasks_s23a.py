"""Bench ``label_noise``: the seventy-second fresh group (s23a), committed on 2026-12-06 by session 23's
helper label15 before its round is designed (``_label_noise_tasks.py`` registers it).

Decided beforehand, so that a held-out read tests a change to step (3)'s count on more than one list:
four runs of three to five classes with unequal class sizes whose 20% runs fit about 0.65-0.75 of
their labels, and one ordinary run (three equal classes, fitting well) where a longer list can only
harm. Every task is read at 5%, 10% and 20%, uniform and class-conditional, as every group is. The
generators' sizes were set from a pilot on other random draws of the same generators (their fits and
class sizes only; no list, no F1). From generators used nowhere else in this bench: ``sectors3``, a
2-D Gaussian (scale 1.2) labelled by angular sectors of widths 0.5, 0.65 and 0.85 pi, turned by
``0.7 r``, with one noise feature; ``bowl4``, a 3-D Gaussian labelled by unequal bins (shares about
0.15 / 0.25 / 0.3 / 0.3) of ``0.5 x0^2 + x1 - 0.6 x2``; ``sinbins5``, a 3-D Gaussian labelled by
unequal bins (0.1 / 0.2 / 0.25 / 0.25 / 0.2) of ``sin(1.5 x0) + 1.2 x1 + 0.2 x2^2``; ``crossprod3``,
a 3-D Gaussian labelled 2 where ``|x0 x1| > 0.35`` (half the
examples) and otherwise by the sign of ``x2 - 0.5 x0``;
``slab3``, the ordinary one, a 4-D Gaussian labelled by terciles of ``x0 + 0.7 x1 - 0.3 x3``.
"""

from __future__ import annotations

import numpy as np

FRESH_72 = ("sectors3", "bowl4", "sinbins5", "crossprod3", "slab3")  # s23a, before round 53


def _bins(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.quantile(score, np.cumsum(shares)[:-1]), score).astype(np.int64)


def _sectors3(seed: int = 721) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([1.2 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)])
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    turned = (theta + np.pi + 0.7 * r) % (2 * np.pi)
    return X, np.searchsorted(np.pi * np.array([0.5, 1.15]), turned).astype(np.int64)


def _bowl4(seed: int = 722) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(0.5 * X[:, 0] ** 2 + X[:, 1] - 0.6 * X[:, 2], (0.15, 0.25, 0.3, 0.3))


def _sinbins5(seed: int = 723) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    return X, _bins(np.sin(1.5 * X[:, 0]) + 1.2 * X[:, 1] + 0.2 * X[:, 2] ** 2, (0.1, 0.2, 0.25, 0.25, 0.2))


def _crossprod3(seed: int = 724) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    outer = np.abs(X[:, 0] * X[:, 1]) > 0.35
    return X, np.where(outer, 2, (X[:, 2] - 0.5 * X[:, 0] > 0).astype(np.int64)).astype(np.int64)


def _slab3(seed: int = 725) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    return X, _bins(X[:, 0] + 0.7 * X[:, 1] - 0.3 * X[:, 3], (1 / 3, 1 / 3, 1 / 3))


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_72}  # the generators of the tasks above, by name
