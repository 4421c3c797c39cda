"""The data of the doctor corpus's session-19 group (``_doctor_tasks.py``): a twenty-ninth fresh
group, ``fresh29``, written on 2026-12-05 at 13:50 UTC, before session 19's doctor change was
designed and before any run of this group was trained. A mix of the corpus's kinds: a small image
regression (the distance between two dots), a ReLU MLP on raw, badly scaled household readings
(the group's badly scaled task), a GELU MLP whose regression target is left in raw units (rents
in euros, the features standardised: every rate meets a large raw gradient, which Adam's step
does not follow), a sigmoid MLP on three triangular regions, a logistic model on a count
threshold and a tanh MLP on a disc XOR a half-plane. Every training set has at most 256 rows, so
the runs' probe is all of them (``descend.instruments.run_probe.probe_size``). None of its tasks
shares a generator, a data set and a model with a task of an earlier group, fresh28 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH29 = "fresh29"


@functools.cache
def dot_distance() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images, each holding two bright dots (0.8-1.2) on distinct random
    pixels, with normal pixel noise (sd 0.3); the target the Euclidean distance between the
    dots, standardised: a regression for a small CNN."""
    rng = np.random.default_rng(290)
    n, side = 240, 8
    X = rng.normal(0.0, 0.3, (n, side * side))
    y = np.empty(n)
    for i in range(n):
        a, b = rng.choice(side * side, 2, replace=False)
        X[i, a] += rng.uniform(0.8, 1.2)
        X[i, b] += rng.uniform(0.8, 1.2)
        y[i] = np.hypot(a // side - b // side, a % side - b % side)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_household_energy() -> tuple[torch.Tensor, torch.Tensor]:
    """220 households: floor area in square metres (uniform 30-300), occupants (1-6), mean
    outdoor temperature in degrees Celsius (uniform -10 to 25) and year built (uniform
    1900-2020), given raw (the group's badly scaled task: uncentred, scales from 1 to 2000);
    the target a log consumption ``0.004 area + 0.1 occupants - 0.03 temperature - 0.004
    (year - 1900)`` plus normal noise (sd 0.1), standardised: a regression for a one-layer ReLU
    MLP."""
    rng = np.random.default_rng(291)
    n = 220
    area, occupants = rng.uniform(30.0, 300.0, n), rng.integers(1, 7, n).astype(np.float64)
    temperature, year = rng.uniform(-10.0, 25.0, n), rng.uniform(1900.0, 2020.0, n)
    y = 0.004 * area + 0.1 * occupants - 0.03 * temperature - 0.004 * (year - 1900.0) + rng.normal(0.0, 0.1, n)
    X = np.column_stack([area, occupants, temperature, year])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_rents() -> tuple[torch.Tensor, torch.Tensor]:
    """230 flats, 5 normal features (standardised), the target a monthly rent in euros left raw:
    ``900 + 250 x0 + 120 x1 - 80 x2 + 60 x0 x3`` plus normal noise (sd 40), so the loss starts
    near 1e6 and its gradient is large at any rate, while Adam's step is not: a regression for a
    one-layer GELU MLP."""
    rng = np.random.default_rng(292)
    X = rng.normal(0.0, 1.0, (230, 5))
    y = 900.0 + 250.0 * X[:, 0] + 120.0 * X[:, 1] - 80.0 * X[:, 2] + 60.0 * X[:, 0] * X[:, 3]
    y = y + rng.normal(0.0, 40.0, 230)
    return _tensors(_standardised(X).astype(np.float32), y.astype(np.float32))


@functools.cache
def triangle_regions() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-1, 1]^2, the class (3) the region cut by the lines ``x1 = 0.5
    x0`` and ``x1 = -1.5 x0 + 0.3`` (below both, above both, between), labels changed at random
    for 4%; coordinates standardised: piecewise-linear boundaries for a sigmoid MLP."""
    rng = np.random.default_rng(293)
    X = rng.uniform(-1.0, 1.0, (240, 2))
    above_a = X[:, 1] > 0.5 * X[:, 0]
    above_b = X[:, 1] > -1.5 * X[:, 0] + 0.3
    y = above_a.astype(np.int64) + above_b.astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 240) < 0.04
    y[flip] = rng.integers(0, 3, int(flip.sum()))
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def count_threshold() -> tuple[torch.Tensor, torch.Tensor]:
    """250 rows of 8 uniform features in [0, 1], the class (2) whether at least 4 of them exceed
    0.6, labels flipped at random for 8%; standardised: a logistic model sees the sum of smooth
    proxies, not the count, so its loss has a finite minimum."""
    rng = np.random.default_rng(294)
    X = rng.uniform(0.0, 1.0, (250, 8))
    y = ((X > 0.6).sum(1) >= 4).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 250) < 0.08
    y[flip] = 1 - y[flip]
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def disc_xor_halfplane() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points normal in 2 dimensions (sd 1.2), the class (2) ``(|x| < 1.3) XOR (x0 + 0.4 x1 >
    0)``, labels flipped at random for 3%: a disc cut in two, for a one-layer tanh MLP."""
    rng = np.random.default_rng(295)
    X = rng.normal(0.0, 1.2, (240, 2))
    inside = np.hypot(X[:, 0], X[:, 1]) < 1.3
    right = X[:, 0] + 0.4 * X[:, 1] > 0
    y = (inside ^ right).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 240) < 0.03
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("dot distance cnn regression", FRESH29, "regression", dot_distance, "cnn", "mse", {"channels": (4, 6)}, False, True),
    ("raw household energy relu mlp", FRESH29, "regression", raw_household_energy, "mlp", "mse", {"hidden": (16,)}, True),
    ("raw rents gelu mlp", FRESH29, "regression", raw_rents, "mlp", "mse", {"hidden": (16,), "activation": "gelu"}),
    ("triangle regions sigmoid mlp", FRESH29, "classification", triangle_regions, "mlp", "cross_entropy", {"hidden": (16,), "activation": "sigmoid"}),
    ("count threshold logistic", FRESH29, "classification", count_threshold, "logistic", "bce", {}),
    ("disc xor halfplane tanh mlp", FRESH29, "classification", disc_xor_halfplane, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}),
)  # fmt: skip
