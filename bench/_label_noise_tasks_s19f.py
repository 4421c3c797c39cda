"""Bench ``label_noise``: the forty-fourth fresh group (s19f), committed on 2026-12-05 by session
19's helper label4 after its round 22 (``decisive_share``) was reverted on fresh-43, where it never
acted, and before the round is frozen again (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand: coarse partitions with three or four classes, written so that their 5% runs
fit 0.80-0.90 of their labels in 20 epochs, the runs round 22 acts on (fresh-43 held none: its
5% runs fit 0.92-0.98 or below 0.65); at least two of the four should. From generators used
nowhere else in this bench: ``hexbands``, Gaussian points in the plane with two noise features,
labelled by the quartile of their hexagonal norm (the largest of ``|<p, u_k>|`` over three unit
directions 60 degrees apart: four nested hexagonal bands); ``logspiral``, uniform points in a disc
of radius 2 with two noise features, labelled by which of three arms of a logarithmic spiral
(``theta - 2.5 log r``) holds them; ``cosprod``, six Gaussian features, labelled by the quartile
of ``cos(1.5 x0) x1 + 0.5 x2^2 - 0.4 x3`` (a curved score in a few dimensions);
``limacon``, uniform points in a 3x3 square with two noise features, labelled by the tercile of
their radius over ``1 + 0.6 cos(theta)`` about the square's centre (three nested limacon-shaped
bands).
"""

from __future__ import annotations

import numpy as np

FRESH_44 = ("hexbands", "logspiral", "cosprod", "limacon")  # s19f, before label4's change is frozen again


def _hexbands() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(441)
    points = rng.standard_normal((1000, 2))
    angles = np.pi / 3 * np.arange(3)
    norm = np.abs(points @ np.c_[np.cos(angles), np.sin(angles)].T).max(axis=1)
    label = np.searchsorted(np.quantile(norm, [0.25, 0.5, 0.75]), norm, side="right")
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


def _logspiral() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(442)
    radius = 2.0 * np.sqrt(rng.uniform(0.01, 1, 1000))
    theta = rng.uniform(0, 2 * np.pi, 1000)
    points = np.c_[radius * np.cos(theta), radius * np.sin(theta)]
    label = np.floor(((theta - 2.5 * np.log(radius)) % (2 * np.pi)) / (2 * np.pi / 3)).astype(np.int64) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], label


def _cosprod() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(443).standard_normal((1000, 6))
    score = np.cos(1.5 * X[:, 0]) * X[:, 1] + 0.5 * X[:, 2] ** 2 - 0.4 * X[:, 3]
    return X, np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score, side="right").astype(np.int64)


def _limacon() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(444)
    points = rng.uniform(0, 3, (1000, 2))
    d = points - 1.5
    ratio = np.hypot(d[:, 0], d[:, 1]) / (1 + 0.6 * np.cos(np.arctan2(d[:, 1], d[:, 0])))
    label = np.searchsorted(np.quantile(ratio, [1 / 3, 2 / 3]), ratio, side="right")
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_44}  # the generators of the tasks above, by name
