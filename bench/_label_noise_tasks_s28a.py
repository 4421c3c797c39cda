"""Bench ``label_noise``: the eighty-sixth fresh group (s28a), committed on 2026-12-06 by session 28's
helper labelmb before its round's candidates are declared (``_label_noise_tasks.py`` registers it).

Written for one regime, named before the group (caveat: after a parent-only map of the mini-batch
lists on groups already read, which showed that most clean tasks where descend flags more than
cleanlab are runs that end short of fitting their labels, at 0.90-0.97 training accuracy, with many
listed examples their last epoch predicts as labelled, and counted how many of those are flips in
noisy runs; the round's candidates were conceived from that map, before this group was written):
MINI-BATCH runs (the bench's default ``train``: MLP, Adam, batch 32, ``EPOCHS`` epochs) on
low-dimensional sets with curved class boundaries, whose boundary examples are learnt late, beside
one set whose runs memorise most flips (few examples per dimension), where dropping the listed
examples a run fits at its end would cost the most. Five sets: ``spiralquad``, four interleaved
spiral arms (one turn each) in 2-D with radial noise and two noise features, 1000 examples;
``moirebands``, three classes by terciles of ``sin(1.2 x1) + cos(1.5 x2) + 0.3 x1 x2`` over a 2-D
square, with Gaussian jitter of the inputs, 1000 examples; ``rosepetals``, five classes by the
petal (angular sector) of a rose curve whose sector edges bend with the radius, 1000 examples;
``widemodes``, four classes of two Gaussian modes each in 24 dimensions, 1000 examples (a
mini-batch run memorises most of its flips by its last epoch, not all); ``tiltrings``, three
classes by terciles of the distance to a tilted, wobbling axis in 3-D, 1000 examples. Every task is
read clean and at 5%, 10% and 20%, uniform and class-conditional, as every group is. Checked
beforehand on the runs alone (training accuracy per epoch of the clean and the 10%-flipped
mini-batch runs, and how many given labels the last epoch still gets wrong; no list, no count of
flags, no F1), see the commit. The generators are used nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_86 = ("spiralquad", "moirebands", "rosepetals", "widemodes", "tiltrings")  # s28a


def _spiralquad(seed: int = 861) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, 1000)
    t = rng.uniform(0.25, 1.0, 1000)
    angle = 2 * np.pi * t + np.pi / 2 * y
    radius = t + 0.05 * rng.standard_normal(1000)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle), rng.standard_normal((1000, 2))]
    return X, y.astype(np.int64)


def _moirebands(seed: int = 862) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (1000, 2))
    score = np.sin(1.2 * X[:, 0]) + np.cos(1.5 * X[:, 1]) + 0.3 * X[:, 0] * X[:, 1]
    y = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
    return X + 0.03 * rng.standard_normal((1000, 2)), y.astype(np.int64)


def _rosepetals(seed: int = 863) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    radius = np.sqrt(rng.uniform(0.05, 1, 1000))
    angle = rng.uniform(0, 2 * np.pi, 1000)
    bent = (angle + radius + 0.2 * np.sin(4 * np.pi * radius)) % (2 * np.pi)
    y = np.floor(5 * bent / (2 * np.pi)).astype(np.int64) % 5
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + 0.02 * rng.standard_normal((1000, 2))
    return X, y


def _widemodes(seed: int = 864) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(4), [340, 280, 220, 160])
    centres = 0.45 * rng.standard_normal((4, 2, 24))  # two modes per class
    return centres[y, rng.integers(0, 2, 1000)] + rng.standard_normal((1000, 24)), y.astype(np.int64)


def _tiltrings(seed: int = 865) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((1000, 3))
    along = X @ np.array([0.6, 0.64, 0.48])
    axis = np.outer(along, [0.6, 0.64, 0.48]) + 0.4 * np.c_[np.sin(2 * along), np.cos(2 * along), np.zeros(1000)]
    distance = np.linalg.norm(X - axis, axis=1)
    y = np.digitize(distance, np.quantile(distance, [1 / 3, 2 / 3]))
    return X, y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_86}  # the generators of the tasks above, by name
