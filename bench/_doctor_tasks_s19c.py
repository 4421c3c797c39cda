"""The data of the doctor corpus's third session-19 group (``_doctor_tasks.py``): a thirty-first
fresh group, ``fresh31``, written on 2026-12-05 at 15:00 UTC, before session 19's second doctor
helper designed its change on "too small" recall, and before any run of this group was trained.
A mix of the corpus's kinds: a small CNN regressing the contrast between two quadrants of an
image, a softmax model on raw, badly scaled soil readings (the group's badly scaled task), a
ReLU MLP under the Huber loss on a staircase target, a GELU MLP on the inside of a rotated
ellipse, a linear model on a seasonal series and a sigmoid MLP on the sign of a sum of sines.
Every training set has at most 256 rows, so the runs' probe is all of them
(``descend.instruments.run_probe.probe_size``). None of its tasks shares a generator, a data set
and a model with a task of an earlier group, fresh30 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH31 = "fresh31"


@functools.cache
def quadrant_contrast() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images: normal pixel noise (sd 0.4), the top-left 4 x 4 quadrant
    raised by ``a`` and the bottom-right one by ``b`` (each uniform 0-1); the target ``a - b``,
    standardised: a regression for a small CNN."""
    rng = np.random.default_rng(310)
    n, side = 240, 8
    X = rng.normal(0.0, 0.4, (n, side, side))
    a, b = rng.uniform(0.0, 1.0, n), rng.uniform(0.0, 1.0, n)
    X[:, :4, :4] += a[:, None, None]
    X[:, 4:, 4:] += b[:, None, None]
    return _tensors(X.reshape(n, -1).astype(np.float32), _standardised(a - b).astype(np.float32))


@functools.cache
def raw_soil_samples() -> tuple[torch.Tensor, torch.Tensor]:
    """240 soil samples: pH (uniform 4-9), nitrogen in mg/kg (uniform 0-3000), moisture in
    percent (uniform 5-60) and depth in centimetres (uniform 0-100), given raw (the group's badly
    scaled task: scales from 5 to 3000); the class (3) the tercile of ``-abs(pH - 6.5) + 0.0006
    nitrogen + 0.02 moisture - 0.005 depth`` plus normal noise (sd 0.2): a softmax model."""
    rng = np.random.default_rng(311)
    n = 240
    ph, nitrogen = rng.uniform(4.0, 9.0, n), rng.uniform(0.0, 3000.0, n)
    moisture, depth = rng.uniform(5.0, 60.0, n), rng.uniform(0.0, 100.0, n)
    score = -np.abs(ph - 6.5) + 0.0006 * nitrogen + 0.02 * moisture - 0.005 * depth + rng.normal(0.0, 0.2, n)
    y = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3])).astype(np.int64)
    X = np.column_stack([ph, nitrogen, moisture, depth])
    return _tensors(X.astype(np.float32), y)


@functools.cache
def staircase() -> tuple[torch.Tensor, torch.Tensor]:
    """230 rows of 3 uniform features in [0, 1], the target ``floor(4 x0) + 0.5 x1`` plus normal
    noise (sd 0.1) and, for 5% of the rows, an outlier (plus or minus 3); features and target
    standardised: steps for a two-layer ReLU MLP under the Huber loss."""
    rng = np.random.default_rng(312)
    X = rng.uniform(0.0, 1.0, (230, 3))
    y = np.floor(4.0 * X[:, 0]) + 0.5 * X[:, 1] + rng.normal(0.0, 0.1, 230)
    out = rng.uniform(0.0, 1.0, 230) < 0.05
    y[out] += rng.choice([-3.0, 3.0], int(out.sum()))
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def rotated_ellipse() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points normal in 4 dimensions, the class (2) whether the first two lie inside the
    ellipse with semi-axes 1.6 and 0.6 turned by 30 degrees (the other two unused), labels
    flipped at random for 3%: a one-layer GELU MLP."""
    rng = np.random.default_rng(313)
    X = rng.normal(0.0, 1.0, (250, 4))
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    u, v = c * X[:, 0] + s * X[:, 1], -s * X[:, 0] + c * X[:, 1]
    y = ((u / 1.6) ** 2 + (v / 0.6) ** 2 < 1.0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 250) < 0.03
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


@functools.cache
def seasonal_series() -> tuple[torch.Tensor, torch.Tensor]:
    """220 days, features the day's sine and cosine at periods of 7, 30 and 365 days and a
    linear trend (7 features, standardised), the target ``2 sin_365 + 0.8 cos_7 + 0.5 trend``
    plus normal noise (sd 0.5), standardised: a linear regression."""
    rng = np.random.default_rng(314)
    day = np.sort(rng.uniform(0.0, 730.0, 220))
    cols = [f(2 * np.pi * day / p) for p in (7.0, 30.0, 365.0) for f in (np.sin, np.cos)] + [day / 730.0]
    X = np.column_stack(cols)
    y = 2.0 * X[:, 4] + 0.8 * X[:, 1] + 0.5 * X[:, 6] + rng.normal(0.0, 0.5, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def sine_sum_sign() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^2, the class (2) the sign of ``sin(2 x0) + sin(2 x1)``,
    labels flipped at random for 3%; coordinates standardised: wavy boundaries for a one-layer
    sigmoid MLP."""
    rng = np.random.default_rng(315)
    X = rng.uniform(-2.0, 2.0, (240, 2))
    y = (np.sin(2.0 * X[:, 0]) + np.sin(2.0 * X[:, 1]) > 0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 240) < 0.03
    y[flip] = 1 - y[flip]
    return _tensors(_standardised(X).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("quadrant contrast cnn regression", FRESH31, "regression", quadrant_contrast, "cnn", "mse", {"channels": (4, 6)}, False, True),
    ("raw soil samples softmax", FRESH31, "classification", raw_soil_samples, "softmax", "cross_entropy", {}, True),
    ("staircase huber relu mlp", FRESH31, "regression", staircase, "mlp", "huber", {"hidden": (24, 24)}),
    ("rotated ellipse gelu mlp", FRESH31, "classification", rotated_ellipse, "mlp", "cross_entropy", {"hidden": (16,), "activation": "gelu"}),
    ("seasonal series linear", FRESH31, "regression", seasonal_series, "linear", "mse", {}),
    ("sine sum sign sigmoid mlp", FRESH31, "classification", sine_sum_sign, "mlp", "cross_entropy", {"hidden": (24,), "activation": "sigmoid"}),
)  # fmt: skip
