"""Bench ``label_noise``: the forty-second fresh group (s19d), committed on 2026-12-05 by session
19's helper label3 before its change was designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand: at least two of its tasks (``latin5`` and ``ringcycle``, and perhaps
``eggcrate``) are partitions with three to five classes, fine enough that their 20-epoch runs
should fit below 0.8 of their labels (the runs a count read from several classes' probabilities is
meant for), beside a real-data view and a control the MLP should fit, from generators and inputs
used nowhere else in this bench: ``latin5``, uniform points in a 3x3 square with two noise
features, labelled by the colour ``(i + 2 j) mod 5`` of their cell ``(i, j)`` in a 5x5 grid of
side 0.6 (a Latin-square colouring: every row and column holds all five classes);
``ringcycle``, uniform points in a disc of radius 3 with two noise features, labelled by their
ring (width 0.375, its radius wobbled by ``0.15 sin(3 theta)``) taken modulo four (eight nested
rings whose four classes repeat outwards); ``eggcrate``, uniform points in a 3x3 square with two
noise features, labelled by the tercile of ``sin(2.2 x) cos(2.2 y) + 0.5 sin(3.1 (x + y))``
(level sets of an egg-crate surface: three classes, many islands); ``digitscross``,
``load_digits``' ten classes from how many times each of the eight rows and eight columns of the
image crosses from blank to ink (16 stroke counts: real images, a discrete summary); ``trimodes``,
five classes of six features drawn from triangular distributions whose modes are class-specific
(bounded, skewed features; a control).
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

FRESH_42 = ("latin5", "ringcycle", "eggcrate", "digitscross", "trimodes")  # s19d, before label3's change was designed


def _latin5() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(421)
    points = rng.uniform(0, 3, (1000, 2))
    cell = np.minimum(np.floor(points / 0.6), 4).astype(np.int64)
    label = (cell[:, 0] + 2 * cell[:, 1]) % 5
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


def _ringcycle() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(422)
    radius = 3 * np.sqrt(rng.uniform(0, 1, 1000))
    theta = rng.uniform(0, 2 * np.pi, 1000)
    points = np.c_[radius * np.cos(theta), radius * np.sin(theta)]
    ring = np.floor(np.maximum(radius + 0.15 * np.sin(3 * theta), 0) / 0.375).astype(np.int64)
    return np.c_[points, rng.standard_normal((1000, 2))], ring % 4


def _eggcrate() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(423)
    points = rng.uniform(0, 3, (1000, 2))
    x, y = points[:, 0], points[:, 1]
    height = np.sin(2.2 * x) * np.cos(2.2 * y) + 0.5 * np.sin(3.1 * (x + y))
    label = np.searchsorted(np.quantile(height, [1 / 3, 2 / 3]), height)
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


def _digitscross() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    ink = X.reshape(-1, 8, 8) > 4
    rows = (~ink[:, :, :-1] & ink[:, :, 1:]).sum(axis=2) + ink[:, :, 0]
    cols = (~ink[:, :-1, :] & ink[:, 1:, :]).sum(axis=1) + ink[:, 0, :]
    return np.c_[rows, cols].astype(np.float64), y.astype(np.int64)


def _trimodes() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(425)
    y = rng.integers(0, 5, 1000)
    modes = rng.uniform(0.1, 0.9, (5, 6))
    return rng.triangular(0.0, modes[y], 1.0), y.astype(np.int64)


GENERATED = {
    name: globals()[f"_{name}"] for name in ("latin5", "ringcycle", "eggcrate", "digitscross", "trimodes")
}  # the generators of the tasks above, by name
