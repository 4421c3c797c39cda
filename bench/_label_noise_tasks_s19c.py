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

The forty-third fresh group (s19e), committed on 2026-12-05 by label3 after round 20 was kept and
before round 21 was designed (its only look: the shapes and class counts). Decided beforehand: at
least two of its tasks (``hilbert`` and ``tartan``, three and four classes) are fine partitions whose
20-epoch runs should fit below 0.8 of their labels, beside a real-data view and a control that should
fit above 0.9 of its clean labels (fresh-42's ``trimodes`` turned out to be no control: its classes
overlap), from generators and inputs used nowhere else in this bench: ``hilbert``, uniform points in
a 3x3 square with two noise features, labelled by which quarter of an order-3 Hilbert curve through
the 8x8 grid of cells holds their cell (four connected, winding regions of 16 cells each);
``tartan``, uniform points in a 3x3 square with two noise features, labelled ``(a + b) mod 3`` where
``a`` and ``b`` are the indices, modulo 3, of their stripe along each axis, the stripes cut at nine
random points per axis (an irregular three-colour plaid); ``digitsrank``, ``load_digits``' ten
classes from the within-image rank of each of the 64 pixels (real images, only the order of their
ink); ``tclusters``, four classes of five Student-t (3 degrees of freedom) features around centres 8
apart (heavy tails, well separated: a control).
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets

FRESH_42 = ("latin5", "ringcycle", "eggcrate", "digitscross", "trimodes")  # s19d, before label3's change was designed
FRESH_43 = ("hilbert", "tartan", "digitsrank", "tclusters")  # s19e, before label3's second change was designed


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


def _hilbert_index(order: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The position along a Hilbert curve through a ``2**order`` square grid of the cells ``(x, y)``."""
    side, d = 2**order, np.zeros_like(x)
    x, y = x.copy(), y.copy()
    s = side // 2
    while s > 0:
        rx, ry = (x & s) > 0, (y & s) > 0
        d += s * s * ((3 * rx) ^ ry)
        flip = ~ry & rx
        x = np.where(flip, side - 1 - x, x)
        y = np.where(flip, side - 1 - y, y)
        x, y = np.where(~ry, y, x), np.where(~ry, x, y)
        s //= 2
    return d


def _hilbert() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(431)
    points = rng.uniform(0, 3, (1000, 2))
    cell = np.minimum(np.floor(points / 0.375), 7).astype(np.int64)
    label = _hilbert_index(3, cell[:, 0], cell[:, 1]) // 16
    return np.c_[points, rng.standard_normal((1000, 2))], label.astype(np.int64)


def _tartan() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(432)
    points = rng.uniform(0, 3, (1000, 2))
    cuts = np.sort(rng.uniform(0, 3, (2, 9)), axis=1)
    a = np.searchsorted(cuts[0], points[:, 0]) % 3
    b = np.searchsorted(cuts[1], points[:, 1]) % 3
    return np.c_[points, rng.standard_normal((1000, 2))], ((a + b) % 3).astype(np.int64)


def _digitsrank() -> tuple[np.ndarray, np.ndarray]:
    X, y = datasets.load_digits(return_X_y=True)
    order = np.argsort(np.argsort(X + 1e-3 * np.arange(64), axis=1, kind="stable"), axis=1, kind="stable")
    return order.astype(np.float64), y.astype(np.int64)


def _tclusters() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(434)
    y = rng.integers(0, 4, 1000)
    centres = 8.0 * np.eye(4, 5)
    return centres[y] + rng.standard_t(3, (1000, 5)), y.astype(np.int64)


GENERATED = {
    name: globals()[f"_{name}"]
    for name in (
        "latin5",
        "ringcycle",
        "eggcrate",
        "digitscross",
        "trimodes",
        "hilbert",
        "tartan",
        "digitsrank",
        "tclusters",
    )
}  # the generators of the tasks above, by name
