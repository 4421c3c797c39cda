"""Bench ``label_noise``: the eighty-eighth fresh group (s28c), committed on 2026-12-06 by session 28's
helper labelmb before its third round's candidates are declared (``_label_noise_tasks.py``
registers it).

Written for one regime, named before the group (caveat: after the reads of fresh-86 and fresh-87,
where dropping the listed examples a mini-batch run fits at its end lost runs that memorise part
of their flips with no memorisation onset, and after a third candidate was conceived from them):
MINI-BATCH runs (the bench's default ``train``) of the two kinds side by side: runs still fitting
flips at their end (few examples per dimension) and runs on low-dimensional curved boundaries whose
clean examples near the boundary are learnt late and whose accuracy has levelled off. Five sets:
``relumix16``, four classes by the argmax of a random two-layer ReLU network's outputs on 16-D
uniform inputs, 1000 examples; ``modes24``, three classes of four Gaussian modes each in 24
dimensions, 1000 examples; ``cardioid4``, four classes by the angular quadrant twisted by a
cardioid of the radius in 2-D, 1000 examples; ``sinebands4``, four classes by quartiles of
``x2 - 0.8 sin(2.5 x1)`` in 2-D with jitter and one noise feature, 1000 examples; ``lobes3``, three
classes by the largest of three wavy Gaussian lobes in 2-D, 1000 examples. Every task is read clean
and at 5%, 10% and 20%, uniform and class-conditional, as every group is. Checked beforehand on the
runs alone (training accuracy per epoch of the clean and the 10%-flipped mini-batch runs, and how
many given labels the last epoch still gets wrong; no list, no count of flags, no F1), see the
commit. The generators are used nowhere else in this bench.
"""

from __future__ import annotations

import numpy as np

FRESH_88 = ("relumix16", "modes24", "cardioid4", "sinebands4", "lobes3")  # s28c


def _relumix16(seed: int = 881) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.7, 1.7, (1000, 16))
    hidden = np.maximum(X @ rng.standard_normal((16, 24)) / 4, 0)
    return X, (hidden @ rng.standard_normal((24, 4))).argmax(1).astype(np.int64)


def _modes24(seed: int = 882) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(3), [400, 340, 260])
    centres = 0.5 * rng.standard_normal((3, 4, 24))  # four modes per class
    return centres[y, rng.integers(0, 4, 1000)] + rng.standard_normal((1000, 24)), y.astype(np.int64)


def _cardioid4(seed: int = 883) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    radius = np.sqrt(rng.uniform(0.02, 1, 1000))
    angle = rng.uniform(0, 2 * np.pi, 1000)
    twisted = (angle + 1.2 * radius * (1 + np.cos(angle))) % (2 * np.pi)
    y = np.floor(2 * twisted / np.pi).astype(np.int64) % 4
    return np.c_[radius * np.cos(angle), radius * np.sin(angle)] + 0.02 * rng.standard_normal((1000, 2)), y


def _sinebands4(seed: int = 884) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (1000, 2))
    score = X[:, 1] - 0.8 * np.sin(2.5 * X[:, 0])
    y = np.digitize(score, np.quantile(score, [0.25, 0.5, 0.75]))
    return np.c_[X + 0.04 * rng.standard_normal((1000, 2)), rng.standard_normal(1000)], y.astype(np.int64)


def _lobes3(seed: int = 885) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (1000, 2))
    centres = np.array([[-0.8, -0.5], [0.8, -0.5], [0.0, 0.9]])
    density = np.exp(-((X[:, None, :] - centres) ** 2).sum(-1)) * (1 + 0.4 * np.sin(3 * X[:, :1] + np.arange(3)))
    return X, density.argmax(1).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_88}  # the generators of the tasks above, by name
