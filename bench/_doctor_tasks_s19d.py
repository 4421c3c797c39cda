"""The data of the doctor corpus's fourth session-19 group (``_doctor_tasks.py``): a thirty-second
fresh group, ``fresh32``, written on 2026-12-05 at 15:12 UTC, before session 19's third doctor
helper re-fitted e16bf35 (exploding_gradients reads an adaptive rule's steps from its update
ratios, past the optimizer's first step), and before any run of this group was trained.
Written to hold multi-layer Adam runs whose raw inputs or raw target give large gradients: raw
tide gauge readings for a ReLU MLP (the group's badly scaled task: hours, kelvin, pascals,
metres per second), raw exam scores as the target of a GELU MLP (standardised features), raw
bird counts (one scale, counts near 200) for a two-layer ReLU MLP; and, as the corpus's other
kinds, a small CNN regressing an image's intensity centroid, a linear model on random Fourier
features and a tanh MLP on concentric square bands. Every training set has at most 256 rows, so
the runs' probe is all of them (``descend.instruments.run_probe.probe_size``). None of its tasks
shares a generator, a data set and a model with a task of an earlier group, fresh31 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH32 = "fresh32"


@functools.cache
def raw_tide_gauge() -> tuple[torch.Tensor, torch.Tensor]:
    """240 readings: hour (uniform 0-24), water temperature in kelvin (uniform 280-300), air
    pressure in pascals (uniform 98000-104000) and wind speed in m/s (uniform 0-20), given raw
    (the group's badly scaled task: scales from 20 to 104000); the target
    ``sin(2 pi hour / 12.4) + 0.3 (101300 - pressure) / 1000 + 0.05 wind`` plus normal noise
    (sd 0.1), standardised: a regression for a ReLU MLP."""
    rng = np.random.default_rng(320)
    n = 240
    hour, temp = rng.uniform(0.0, 24.0, n), rng.uniform(280.0, 300.0, n)
    pressure, wind = rng.uniform(98000.0, 104000.0, n), rng.uniform(0.0, 20.0, n)
    y = np.sin(2 * np.pi * hour / 12.4) + 0.3 * (101300.0 - pressure) / 1000.0 + 0.05 * wind
    y = y + rng.normal(0.0, 0.1, n)
    X = np.column_stack([hour, temp, pressure, wind])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_exam_scores() -> tuple[torch.Tensor, torch.Tensor]:
    """230 students, 3 standardised features (normal); the target an exam score left raw
    (``65 + 10 x0 - 6 x1^2 + 5 x2`` plus normal noise, sd 3: mean near 59, sd near 14): a raw
    target for a GELU MLP, whose loss starts near 3500."""
    rng = np.random.default_rng(321)
    X = rng.normal(0.0, 1.0, (230, 3))
    y = 65.0 + 10.0 * X[:, 0] - 6.0 * X[:, 1] ** 2 + 5.0 * X[:, 2] + rng.normal(0.0, 3.0, 230)
    return _tensors(X.astype(np.float32), y.astype(np.float32))


@functools.cache
def raw_bird_counts() -> tuple[torch.Tensor, torch.Tensor]:
    """240 sites, 4 raw bird counts (Poisson, means 150, 180, 200 and 220: one scale, not badly
    scaled); the class (2) whether the first two counts sum to more than the last two minus 90,
    labels flipped at random for 3%: a two-layer ReLU MLP on raw counts."""
    rng = np.random.default_rng(322)
    X = rng.poisson([150.0, 180.0, 200.0, 220.0], (240, 4)).astype(np.float64)
    y = (X[:, 0] + X[:, 1] > X[:, 2] + X[:, 3] - 90.0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 240) < 0.03
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


@functools.cache
def intensity_centroid() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images: 6 bright pixels (value uniform 0.5-1.5) at random places
    over normal pixel noise (sd 0.1); the target the column of the images' intensity centroid
    (of the bright pixels), standardised: a regression for a small CNN."""
    rng = np.random.default_rng(323)
    n, side = 240, 8
    X = rng.normal(0.0, 0.1, (n, side * side))
    target = np.empty(n)
    for i in range(n):
        where = rng.choice(side * side, 6, replace=False)
        value = rng.uniform(0.5, 1.5, 6)
        X[i, where] += value
        target[i] = np.sum(value * (where % side)) / np.sum(value)
    return _tensors(X.astype(np.float32), _standardised(target).astype(np.float32))


@functools.cache
def fourier_features() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points uniform in [-1, 1]^2 mapped to 24 random Fourier features ``cos(w . x + b)``
    (w normal with sd 2, b uniform in [0, 2 pi]), standardised; the target
    ``sin(3 x0) cos(2 x1)`` plus normal noise (sd 0.1), standardised: a linear regression."""
    rng = np.random.default_rng(324)
    P = rng.uniform(-1.0, 1.0, (220, 2))
    W, b = rng.normal(0.0, 2.0, (2, 24)), rng.uniform(0.0, 2 * np.pi, 24)
    X = np.cos(P @ W + b)
    y = np.sin(3.0 * P[:, 0]) * np.cos(2.0 * P[:, 1]) + rng.normal(0.0, 0.1, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def concentric_squares() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points uniform in [-2, 2]^2 plus one unused normal feature, the class (3) the band of
    ``max(|x0|, |x1|)``: below 0.8, 0.8-1.45, above 1.45; labels flipped at random for 3%:
    square rings for a two-layer tanh MLP."""
    rng = np.random.default_rng(325)
    P = rng.uniform(-2.0, 2.0, (250, 2))
    r = np.max(np.abs(P), axis=1)
    y = np.digitize(r, [0.8, 1.45]).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 250) < 0.03
    y[flip] = rng.integers(0, 3, int(flip.sum()))
    X = np.column_stack([P, rng.normal(0.0, 1.0, 250)])
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw tide gauge relu mlp", FRESH32, "regression", raw_tide_gauge, "mlp", "mse", {"hidden": (24, 24)}, True),
    ("raw exam scores gelu mlp", FRESH32, "regression", raw_exam_scores, "mlp", "mse", {"hidden": (24,), "activation": "gelu"}),
    ("raw bird counts relu mlp", FRESH32, "classification", raw_bird_counts, "mlp", "cross_entropy", {"hidden": (16, 16)}),
    ("intensity centroid cnn regression", FRESH32, "regression", intensity_centroid, "cnn", "mse", {"channels": (4, 6)}, False, True),
    ("fourier features linear", FRESH32, "regression", fourier_features, "linear", "mse", {}),
    ("concentric squares tanh mlp", FRESH32, "classification", concentric_squares, "mlp", "cross_entropy", {"hidden": (24, 24), "activation": "tanh"}),
)  # fmt: skip
