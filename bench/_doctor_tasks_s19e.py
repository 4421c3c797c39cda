"""The data of the doctor corpus's fifth session-19 group (``_doctor_tasks.py``): a thirty-third
fresh group, ``fresh33``, written on 2026-12-05 at 15:25 UTC, before session 19's fourth doctor
helper designs a change on too-small raw-input Adam runs that get no finding, and before any
run of this group was trained. Written to hold multi-layer Adam runs on raw inputs, which may
be too small: raw greenhouse sensors for a ReLU MLP (the group's badly scaled task: lux, ppm,
percent, volume fraction), raw delivery minutes as the target of a GELU MLP (standardised
features), raw heart rates (one scale, 50-190 beats a minute) for a two-layer ReLU MLP; and, as
the corpus's other kinds, a small CNN classifying a stripe pattern's orientation in an image, a
linear model on Legendre polynomial features and a tanh MLP on an XOR of two thresholds. Every
training set has at most 256 rows. None of its tasks shares a generator, a data set and a model
with a task of an earlier group, fresh32 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH33 = "fresh33"


@functools.cache
def raw_greenhouse() -> tuple[torch.Tensor, torch.Tensor]:
    """230 readings: light in lux (uniform 0-50000), CO2 in ppm (uniform 350-1500), relative
    humidity in percent (uniform 30-90) and soil moisture as a volume fraction (uniform
    0.05-0.45), given raw (the group's badly scaled task: scales from 0.4 to 50000); the target
    (plant growth) ``tanh(lux / 20000) + 0.4 log(co2 / 400) - 2 (moisture - 0.25)^2 * 10`` plus
    normal noise (sd 0.05), standardised: a regression for a ReLU MLP."""
    rng = np.random.default_rng(330)
    n = 230
    lux, co2 = rng.uniform(0.0, 50000.0, n), rng.uniform(350.0, 1500.0, n)
    hum, moist = rng.uniform(30.0, 90.0, n), rng.uniform(0.05, 0.45, n)
    y = np.tanh(lux / 20000.0) + 0.4 * np.log(co2 / 400.0) - 20.0 * (moist - 0.25) ** 2
    y = y + rng.normal(0.0, 0.05, n)
    X = np.column_stack([lux, co2, hum, moist])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_delivery_minutes() -> tuple[torch.Tensor, torch.Tensor]:
    """220 deliveries, 4 standardised features (normal); the target a delivery time in minutes
    left raw (``38 + 9 x0 + 4 |x1| - 3 x2 x3`` plus normal noise, sd 2: mean near 41, sd near
    10): a raw target for a GELU MLP, whose loss starts near 1700."""
    rng = np.random.default_rng(331)
    X = rng.normal(0.0, 1.0, (220, 4))
    y = 38.0 + 9.0 * X[:, 0] + 4.0 * np.abs(X[:, 1]) - 3.0 * X[:, 2] * X[:, 3] + rng.normal(0.0, 2.0, 220)
    return _tensors(X.astype(np.float32), y.astype(np.float32))


@functools.cache
def raw_heart_rates() -> tuple[torch.Tensor, torch.Tensor]:
    """240 patients, 3 raw heart rates in beats a minute (resting normal 70 sd 10, walking
    normal 100 sd 15, peak normal 160 sd 15: one scale, not badly scaled); the class (2)
    whether the recovery gap (peak - walking) exceeds the resting rate minus 10, labels flipped
    at random for 3%: a two-layer ReLU MLP on raw rates."""
    rng = np.random.default_rng(332)
    rest = rng.normal(70.0, 10.0, 240)
    walk = rng.normal(100.0, 15.0, 240)
    peak = rng.normal(160.0, 15.0, 240)
    y = (peak - walk > rest - 10.0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 240) < 0.03
    y[flip] = 1 - y[flip]
    X = np.column_stack([rest, walk, peak])
    return _tensors(X.astype(np.float32), y)


@functools.cache
def stripe_orientation() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images of a sine grating (period 3-5 pixels, random phase) at one
    of three orientations (horizontal, vertical, diagonal: the class), contrast uniform
    0.3-1, over normal pixel noise (sd 0.3): a classification for a small CNN."""
    rng = np.random.default_rng(333)
    n, side = 240, 8
    r, c = np.mgrid[0:side, 0:side]
    X = np.empty((n, side * side))
    y = rng.integers(0, 3, n).astype(np.int64)
    for i in range(n):
        coord = (r, c, (r + c) / np.sqrt(2.0))[y[i]]
        period, phase = rng.uniform(3.0, 5.0), rng.uniform(0.0, 2 * np.pi)
        img = rng.uniform(0.3, 1.0) * np.sin(2 * np.pi * coord / period + phase)
        X[i] = (img + rng.normal(0.0, 0.3, (side, side))).ravel()
    return _tensors(X.astype(np.float32), y)


@functools.cache
def legendre_features() -> tuple[torch.Tensor, torch.Tensor]:
    """210 points uniform in [-1, 1]^2 mapped to the products of Legendre polynomials
    ``P_i(x0) P_j(x1)`` with ``1 <= i + j <= 5`` (20 features), standardised;
    the target ``exp(-2 |x - (0.3, -0.2)|^2)`` plus normal noise (sd 0.05), standardised: a
    linear regression."""
    rng = np.random.default_rng(334)
    P = rng.uniform(-1.0, 1.0, (210, 2))
    L0 = np.polynomial.legendre.legvander(P[:, 0], 5)
    L1 = np.polynomial.legendre.legvander(P[:, 1], 5)
    X = np.column_stack([L0[:, i] * L1[:, j] for i in range(6) for j in range(6) if 0 < i + j <= 5])
    y = np.exp(-2.0 * ((P[:, 0] - 0.3) ** 2 + (P[:, 1] + 0.2) ** 2)) + rng.normal(0.0, 0.05, 210)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def threshold_xor() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points, 4 standardised normal features; the class (2) the XOR of ``x0 > 0.3`` and
    ``x1 + 0.5 x2 < 0``, labels flipped at random for 3%: a two-layer tanh MLP."""
    rng = np.random.default_rng(335)
    X = rng.normal(0.0, 1.0, (240, 4))
    y = ((X[:, 0] > 0.3) ^ (X[:, 1] + 0.5 * X[:, 2] < 0.0)).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 240) < 0.03
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw greenhouse relu mlp", FRESH33, "regression", raw_greenhouse, "mlp", "mse", {"hidden": (24, 24)}, True),
    ("raw delivery minutes gelu mlp", FRESH33, "regression", raw_delivery_minutes, "mlp", "mse", {"hidden": (24,), "activation": "gelu"}),
    ("raw heart rates relu mlp", FRESH33, "classification", raw_heart_rates, "mlp", "cross_entropy", {"hidden": (16, 16)}),
    ("stripe orientation cnn", FRESH33, "classification", stripe_orientation, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("legendre features linear", FRESH33, "regression", legendre_features, "linear", "mse", {}),
    ("threshold xor tanh mlp", FRESH33, "classification", threshold_xor, "mlp", "cross_entropy", {"hidden": (24, 24), "activation": "tanh"}),
)  # fmt: skip
