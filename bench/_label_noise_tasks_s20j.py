"""Bench ``label_noise``: the sixtieth fresh group (s20j), committed on 2026-12-05 by session 20's
helper label5 before its round 39 is designed (its only look: the shapes and class counts)
(``_label_noise_tasks.py`` registers it).

Decided beforehand, for the regime of label4's what-next 5 (runs of three or more classes that fit
0.9 of their labels or more, 62 settings under cleanlab's, many with lists not all decisive:
``venn``, ``fanquart``, ``mixture``, ``imbalanced``): classes a network fits nearly whole, with
imbalance, multimodal classes or sharp straight boundaries. From generators used nowhere else in
this bench: ``skewfour``, four Gaussian classes of shares 0.5/0.25/0.15/0.1 with means 3.5 along
the four axes of 4-D (spread 1); ``ringsectors``, an annulus of radii 1.5-3 cut into five equal
angular sectors, with two noise features; ``mixpairs``, three classes in 5-D, each a mixture of two
Gaussians (spread 0.9) at means 3.1 times standard normal vectors; ``stripes4``, four classes by
``floor(x0)`` for ``x0`` uniform on [0, 4), with two uniform noise features; ``spherecaps``, points
on the unit sphere in 3-D scaled by radii 1-2, labelled by the nearest of a regular tetrahedron's
four vertices.
"""

from __future__ import annotations

import numpy as np

FRESH_60 = ("skewfour", "ringsectors", "mixpairs", "stripes4", "spherecaps")  # s20j, before round 39


def _skewfour() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(601)
    y = rng.choice(4, 1000, p=[0.5, 0.25, 0.15, 0.1])
    return 3.5 * np.eye(4)[y] + rng.standard_normal((1000, 4)), y.astype(np.int64)


def _ringsectors() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(602)
    r, angle = np.sqrt(rng.uniform(1.5**2, 3.0**2, 1000)), rng.uniform(0, 2 * np.pi, 1000)
    y = np.floor(5 * angle / (2 * np.pi)).astype(np.int64)
    return np.c_[r * np.cos(angle), r * np.sin(angle), rng.standard_normal((1000, 2))], y


def _mixpairs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(603)
    means = 3.1 * rng.standard_normal((6, 5))
    component = rng.integers(0, 6, 1000)
    return means[component] + 0.9 * rng.standard_normal((1000, 5)), (component // 2).astype(np.int64)


def _stripes4() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(604)
    X = rng.uniform(0, 4, (1000, 3))
    return X, np.floor(X[:, 0]).astype(np.int64)


def _spherecaps() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(605)
    u = rng.standard_normal((1000, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    vertices = np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]]) / np.sqrt(3)
    return u * rng.uniform(1, 2, (1000, 1)), np.argmax(u @ vertices.T, axis=1).astype(np.int64)


GENERATED = {name: globals()[f"_{name}"] for name in FRESH_60}  # the generators of the tasks above, by name
