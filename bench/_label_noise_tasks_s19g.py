"""Bench ``label_noise``: the forty-fifth fresh group (s19g), committed on 2026-12-05 by session
19's helper label5 before its change is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand: two tasks whose classes overlap (clean examples that no boundary separates,
like fresh-11's ``waveforms``, where round 23's ``decisive_share`` cut 10-20% lists and lost F1),
a coarse partition with three classes whose 5% runs should fit 0.80-0.90 of their labels in 20
epochs, and a control whose runs should fit above 0.9. From generators used nowhere else in this
bench: ``chirps``, 32-sample noisy linear chirps (random start frequency and phase) whose class
is the sweep rate (three rates whose signals overlap under the noise); ``peaks``, 40-bin noisy
spectra holding one Gaussian peak of random width and height whose class is where it sits (four
centres 6 bins apart, jittered by 3 bins, so that neighbouring classes overlap); ``trefoil``,
Gaussian points in the plane with two noise features, labelled by which of three unit circles
centred 120 degrees apart their distance to the circle's curve is smallest for (a curved
three-region partition); ``corners``, four Gaussian clusters (std 1) at four corners (+-2.5) of
an 8-dimensional cube (the control).
"""

from __future__ import annotations

import numpy as np

FRESH_45 = ("chirps", "peaks", "trefoil", "corners")  # s19g, before label5's change is designed


def _chirps() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(451)
    y = rng.integers(0, 3, 900)
    t = np.arange(32) / 32
    start = rng.uniform(1.0, 3.0, (900, 1))
    rate = np.array([1.0, 2.5, 4.0])[y][:, None]
    phase = 2 * np.pi * (start * t + 0.5 * rate * t**2 + rng.uniform(0, 1, (900, 1)))
    return np.sin(phase) + 0.6 * rng.standard_normal((900, 32)), y.astype(np.int64)


def _peaks() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(452)
    y = rng.integers(0, 4, 1000)
    centre = 11 + 6 * y + 3 * rng.standard_normal(1000)
    width = rng.uniform(2, 5, 1000)
    height = rng.uniform(0.5, 1.5, 1000)
    bins = np.arange(40)
    spectra = height[:, None] * np.exp(-0.5 * ((bins - centre[:, None]) / width[:, None]) ** 2)
    return spectra + 0.2 * rng.standard_normal((1000, 40)), y.astype(np.int64)


def _trefoil() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(453)
    points = 1.3 * rng.standard_normal((1000, 2))
    angles = 2 * np.pi / 3 * np.arange(3) + np.pi / 2
    centres = np.c_[np.cos(angles), np.sin(angles)]
    gap = np.abs(np.linalg.norm(points[:, None, :] - centres[None], axis=2) - 1.0)
    return np.c_[points, rng.standard_normal((1000, 2))], gap.argmin(axis=1).astype(np.int64)


def _corners() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(454)
    corners = 2.5 * np.where(rng.uniform(size=(4, 8)) < 0.5, -1.0, 1.0)
    y = rng.integers(0, 4, 1000)
    return corners[y] + rng.standard_normal((1000, 8)), y.astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_45}  # the generators of the tasks above, by name
