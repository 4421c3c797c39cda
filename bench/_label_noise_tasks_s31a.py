"""Bench ``label_noise``: the ninetieth fresh group (s31a), committed on 2026-12-06 by session 31's
helper label19 before any candidate is conceived or declared (``_label_noise_tasks.py`` registers it).

Written for the regime of the mini-batch settings below cleanlab in session 30's map of all 4452
headline settings (``bench/LABEL_S30_prereg.md``): MINI-BATCH runs (the bench's default ``train``)
of two to five classes that end short of their labels, most of the losers 3-4 classes with
class-conditional flips. Five sets, 1000 examples each, one per count of classes and kind of
boundary: ``sinmargin2``, two classes on either side of a sine curve in 2-D with a jitter and two
noise features; ``cosmix3``, three classes by the argmax of three random cosine features of a
4-D Gaussian (curved boundaries); ``ellipsoidbins3``, three classes by terciles of an anisotropic
quadratic form in 5-D (nested shells); ``gaussgrid4``, four Gaussian classes at the corners of a
square 2.2 sd wide in 2-D with two noise features (overlapping classes); ``netargmax5``, five
classes by the argmax of a random two-layer tanh network on 8-D inputs (a teacher the MLP can
represent). Every task is read clean and at 5%, 10% and 20%, uniform and class-conditional, as
every group is. Checked beforehand on the runs alone (training accuracy of the tracked run and
the test accuracy of the model, clean and 10% flipped; cleanlab's 5-fold out-of-sample accuracy
on the clean labels; no truth, no F1, no list scored), see the commit. The generators are used
nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_90 = ("sinmargin2", "cosmix3", "ellipsoidbins3", "gaussgrid4", "netargmax5")  # s31a


def _sinmargin2(seed: int = 901) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (1000, 2))
    y = (X[:, 1] + 0.3 * rng.standard_normal(1000) > 1.2 * np.sin(1.5 * X[:, 0])).astype(np.int64)
    return np.c_[X, rng.standard_normal((1000, 2))], y


def _cosmix3(seed: int = 902) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 4))
    w, b = rng.standard_normal((3, 4)), rng.uniform(0, 2 * np.pi, 3)
    return X, np.cos(X @ w.T + b).argmax(1).astype(np.int64)


def _ellipsoidbins3(seed: int = 903) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 5))
    score = (X**2 * np.array([2.0, 1.0, 0.5, 0.25, 0.1])).sum(1)
    return X, np.digitize(score, np.quantile(score, [1 / 3, 2 / 3])).astype(np.int64)


def _gaussgrid4(seed: int = 904) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, 1000)
    corners = 2.2 * np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    return np.c_[corners[y] + rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))], y.astype(np.int64)


def _netargmax5(seed: int = 905) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 8))
    hidden = np.tanh(X @ rng.standard_normal((8, 16)) / np.sqrt(8) * 2)
    return X, (hidden @ rng.standard_normal((16, 5))).argmax(1).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_90}  # the generators of the tasks above, by name
