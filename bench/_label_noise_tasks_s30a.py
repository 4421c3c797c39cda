"""Bench ``label_noise``: the eighty-ninth fresh group (s30a), committed on 2026-12-06 by session 30's
helper label18 before its candidates are declared (``_label_noise_tasks.py`` registers it).

Written for one regime, named before the group (caveat: written after label18's map of the
mini-batch settings below cleanlab and after its candidate was conceived from it): MINI-BATCH runs
(the bench's default ``train``) with no memorisation onset whose list is shorter than the count of
given labels the last epoch still predicts wrong, of the two kinds side by side: curved low-dimensional
boundaries whose clean examples near the boundary are learnt late (they join the list), and
overlapping classes whose runs fit part of their flips by their end (a flip the last epoch predicts
as labelled). Five sets, 1000 examples each: ``petalwarp3``, three classes by the angle in 2-D
twisted by ``sin(3 r)``; ``bumpmax4``, four classes by the argmax of four sums of random Gaussian
bumps in 2-D; ``tanhscore5``, five classes by quintiles of ``tanh(a.x) + 0.6 tanh(b.x)`` in 6-D;
``overlap3d``, three Gaussian classes 1.6 sd apart in 3-D with three noise features; ``logit10``, two
classes drawn from a logistic model on a random 10-D direction (their overlap is the model's own).
Every task is read clean and at 5%, 10% and 20%, uniform and class-conditional, as every group is.
Checked beforehand on the runs alone (training accuracy of the clean and the 10%-flipped mini-batch
runs, the labels the last epoch gets wrong, the memorisation onset and the list's length; no truth,
no F1, no cleanlab flag), see the commit. The generators are used nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_89 = ("petalwarp3", "bumpmax4", "tanhscore5", "overlap3d", "logit10")  # s30a


def _petalwarp3(seed: int = 891) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    radius = np.sqrt(rng.uniform(0.03, 1, 1000))
    angle = rng.uniform(0, 2 * np.pi, 1000)
    twisted = (angle + 0.9 * np.sin(3 * np.pi * radius)) % (2 * np.pi)
    y = np.floor(3 * twisted / (2 * np.pi)).astype(np.int64) % 3
    return np.c_[radius * np.cos(angle), radius * np.sin(angle)] + 0.02 * rng.standard_normal((1000, 2)), y


def _bumpmax4(seed: int = 892) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (1000, 2))
    centres = rng.uniform(-2, 2, (4, 5, 2))  # five bumps per class
    score = np.exp(-((X[:, None, None, :] - centres) ** 2).sum(-1) / 0.5).sum(-1)
    return X, score.argmax(1).astype(np.int64)


def _tanhscore5(seed: int = 893) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 6))
    a, b = rng.standard_normal((2, 6))
    score = np.tanh(X @ a / 2) + 0.6 * np.tanh(X @ b)
    return X, np.digitize(score, np.quantile(score, [0.2, 0.4, 0.6, 0.8])).astype(np.int64)


def _overlap3d(seed: int = 894) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 1000)
    centres = 1.6 * np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.87, 0.0]])
    return np.c_[centres[y] + rng.standard_normal((1000, 3)), rng.standard_normal((1000, 3))], y.astype(np.int64)


def _logit10(seed: int = 895) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 10))
    w = rng.standard_normal(10)
    p = 1 / (1 + np.exp(-2.5 * X @ w / np.linalg.norm(w)))
    return X, (rng.uniform(size=1000) < p).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_89}  # the generators of the tasks above, by name
