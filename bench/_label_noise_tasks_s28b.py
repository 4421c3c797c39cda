"""Bench ``label_noise``: the eighty-seventh fresh group (s28b), committed on 2026-12-06 by session 28's
helper labelmb before its second round's candidates are declared (``_label_noise_tasks.py``
registers it).

Written for one regime, named before the group (caveat: after the round-1 read of fresh-86, where
dropping the listed examples a mini-batch run fits at its end, gated on step (0) finding no
memorisation onset, lost a set whose runs memorise most flips below 0.98 training accuracy
(``widemodes``), and after the round-2 candidates were conceived from that read): MINI-BATCH runs
(the bench's default ``train``) of two kinds side by side: runs that memorise most of their flips
by the last epoch without reaching 0.98 (few examples per dimension), and runs on low-dimensional
curved boundaries whose clean examples near the boundary are learnt late. Five sets:
``teacher20``, four classes by the argmax of a random two-layer tanh network's outputs on 20-D
Gaussian inputs, 1000 examples; ``blobs20``, five classes of three Gaussian modes each in 20
dimensions, 1000 examples; ``wavyannulus``, three classes by bands of the radius against a
boundary that wobbles with the angle in 2-D, 1000 examples; ``twistquads``, four classes by the
quadrant of the angle twisted by the radius in 2-D, with one noise feature, 1000 examples;
``bumpsaddle``, three classes by terciles of ``x1^2 - x2^2 + 0.5 sin(2 x1 x2)`` in 2-D with one
noise feature, 1000 examples. Every task is read clean and at 5%, 10% and 20%, uniform and
class-conditional, as every group is. Checked beforehand on the runs alone (training accuracy per
epoch of the clean and the 10%-flipped mini-batch runs, and how many given labels the last epoch
still gets wrong; no list, no count of flags, no F1), see the commit. The generators are used
nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_87 = ("teacher20", "blobs20", "wavyannulus", "twistquads", "bumpsaddle")  # s28b


def _teacher20(seed: int = 871) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 20))
    hidden = np.tanh(X @ rng.standard_normal((20, 16)) / np.sqrt(20))
    return X, (hidden @ rng.standard_normal((16, 4))).argmax(1).astype(np.int64)


def _blobs20(seed: int = 872) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(5), [280, 240, 200, 160, 120])
    centres = 0.5 * rng.standard_normal((5, 3, 20))  # three modes per class
    return centres[y, rng.integers(0, 3, 1000)] + rng.standard_normal((1000, 20)), y.astype(np.int64)


def _wavyannulus(seed: int = 873) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    radius = np.sqrt(rng.uniform(0.04, 1, 1000))
    angle = rng.uniform(0, 2 * np.pi, 1000)
    scaled = radius / (1 + 0.15 * np.sin(4 * angle))
    y = np.digitize(scaled, np.quantile(scaled, [1 / 3, 2 / 3]))
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + 0.02 * rng.standard_normal((1000, 2))
    return X, y.astype(np.int64)


def _twistquads(seed: int = 874) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    radius = np.sqrt(rng.uniform(0.02, 1, 1000))
    angle = rng.uniform(0, 2 * np.pi, 1000)
    y = np.floor(2 * ((angle + 2.5 * radius) % (2 * np.pi)) / np.pi).astype(np.int64) % 4
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle), rng.standard_normal(1000)]
    return X + 0.02 * rng.standard_normal((1000, 3)), y


def _bumpsaddle(seed: int = 875) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.5, 1.5, (1000, 2))
    score = X[:, 0] ** 2 - X[:, 1] ** 2 + 0.5 * np.sin(2 * X[:, 0] * X[:, 1])
    y = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
    return np.c_[X, rng.standard_normal(1000)], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_87}  # the generators of the tasks above, by name
