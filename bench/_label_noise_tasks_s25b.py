"""Bench ``label_noise``: the eighty-third fresh group (s25b), committed on 2026-12-06 by session 25's
helper labelclean2 before its round is designed (``_label_noise_tasks.py`` registers it).

Written for one regime (caveat: the regime was named before the group, by labelclean's round): clean
runs that fit their labels only after a few epochs and then memorise (step (0)'s onset at epoch 3 or
later), where descend flags more clean examples than cleanlab (``xor``, ``swissroll``, ``hastie``,
``synthetic-a``). Five noise-free boundaries an MLP learns late but fits almost entirely: ``xorpair``,
the 2-D XOR of two features among three nuisance ones; ``spiral2``, two interleaved 2-D spirals with
little noise; ``rollfifths``, the position along a thin swiss roll cut into fifths; ``shell5``, inside
or outside the median radius of a 5-D Gaussian; ``rings3``, three concentric 2-D rings.
Every task is read clean and at 5%, 10% and 20%, uniform and class-conditional, as every group is.
Checked beforehand on the recorded clean runs themselves (training accuracy, test accuracy and step
(0)'s onset only; no list read, no count, no F1): a first draft's ``xor3`` (3-D parity, fits 0.91),
``rollthirds`` (onset 2) and ``checker3`` (no onset, fits 0.955) missed the regime and were replaced;
the five clean runs here have onsets 5, 6, 3, 8 and 3 (training accuracy 0.98-1.00, test 0.96-1.00).
The generators are used nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

FRESH_83 = ("xorpair", "spiral2", "rollfifths", "shell5", "rings3")  # s25b


def _xorpair(seed: int = 831) -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(seed).standard_normal((1000, 5))
    return X, (X[:, 0] * X[:, 1] > 0).astype(np.int64)


def _spiral2(seed: int = 832) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 900)
    t = rng.uniform(0.2, 1.0, 900)
    angle = 2.5 * np.pi * t + np.pi * y
    return np.c_[t * np.cos(angle), t * np.sin(angle)] + 0.02 * rng.standard_normal((900, 2)), y.astype(np.int64)


def _rollfifths(seed: int = 833) -> tuple[np.ndarray, np.ndarray]:
    X, position = datasets.make_swiss_roll(900, noise=0.2, random_state=seed)
    return X, np.digitize(position, np.quantile(position, [0.2, 0.4, 0.6, 0.8])).astype(np.int64)


def _shell5(seed: int = 834) -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(seed).standard_normal((1000, 5))
    radius = np.linalg.norm(X, axis=1)
    return X, (radius > np.median(radius)).astype(np.int64)


def _rings3(seed: int = 836) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 900)
    radius = 1.0 + y + 0.15 * rng.standard_normal(900)
    angle = rng.uniform(0.0, 2.0 * np.pi, 900)
    return np.c_[radius * np.cos(angle), radius * np.sin(angle)], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_83}  # the generators of the tasks above, by name
