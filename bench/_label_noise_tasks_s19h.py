"""Bench ``label_noise``: the forty-sixth fresh group (s19h), committed on 2026-12-05 by session
19's helper label5 after its round 24 (``split_joint``) never acted on fresh-45 and was reverted,
and before the round is re-fitted and frozen again (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand: two coarse partitions with three classes whose 5-10% runs should fit
0.70-0.80 of their labels in 20 epochs (fresh-45's ``trefoil`` did, and round 24 was gated
above them), and a task of six Gaussian clusters whose 5% runs are fitted and whose 20% runs
should fit 0.7-0.8 with lists that are mostly decisive (fitted noisy runs, where the confident
joint undercounts: a re-fitted round must leave them alone). From generators used nowhere else in
this bench: ``nearestline``, Gaussian points in the plane (std 1.5) with two noise features,
labelled by the nearest of three fixed lines (a partition whose boundaries are the lines'
angle bisectors, wedges meeting away from the data's centre); ``nearparab``, uniform points in
[-2, 2]^2 with two noise features, labelled by the nearest (vertical distance) of three
parabolas ``y = a x^2 + b`` (curved bands that cross); ``ringclusters``, six Gaussian clusters
(std 0.9) on a circle of radius 3 in the plane, with three noise features.
"""

from __future__ import annotations

import numpy as np

FRESH_46 = ("nearestline", "nearparab", "ringclusters")  # s19h, before label5's round 25 is frozen


def _nearestline() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(461)
    points = 1.5 * rng.standard_normal((1000, 2))
    angles = np.array([0.3, 1.4, 2.5])
    normals = np.c_[-np.sin(angles), np.cos(angles)]
    offsets = np.array([0.8, -0.6, 0.4])
    distance = np.abs(points @ normals.T - offsets)
    return np.c_[points, rng.standard_normal((1000, 2))], distance.argmin(axis=1).astype(np.int64)


def _nearparab() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(462)
    points = rng.uniform(-2, 2, (1000, 2))
    a, b = np.array([0.6, -0.5, 0.1]), np.array([-1.2, 1.0, 0.0])
    gap = np.abs(points[:, 1:2] - (a * points[:, :1] ** 2 + b))
    return np.c_[points, rng.standard_normal((1000, 2))], gap.argmin(axis=1).astype(np.int64)


def _ringclusters() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(463)
    y = rng.integers(0, 6, 1000)
    angle = np.pi / 3 * y
    centres = 3.0 * np.c_[np.cos(angle), np.sin(angle)]
    points = centres + 0.9 * rng.standard_normal((1000, 2))
    return np.c_[points, rng.standard_normal((1000, 3))], y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_46}  # the generators of the tasks above, by name
