"""The data of the doctor corpus's fourth session-17 group (``_doctor_tasks.py``): a twenty-fourth
fresh group, ``fresh24``, written on 2026-12-05 at 10:09 UTC, before session 17's fourth doctor
change was designed and before any run of the group was trained. The gap that change is to be
about was chosen first: "too small" recall where the model has at least as many trainable
parameters as its probe has outputs (an overparameterised linear classifier), so the group has
two tasks meant as such (their runs' probes turned out larger than assumed: see each) (a softmax on many count features, a logistic model on many features with few
rows) among a generic mix. None of its tasks shares a generator, a data set and a model with a
task of an earlier group, fresh21 to fresh23 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH24 = "fresh24"


@functools.cache
def stripe_directions() -> tuple[torch.Tensor, torch.Tensor]:
    """300 8 x 8 one-channel images of a sine grating (period 3-5 pixels, random phase) running
    horizontally, vertically, along the diagonal or the anti-diagonal, plus normal pixel noise
    (sd 0.6), the class its direction (4): a texture-orientation problem for a small CNN."""
    rng = np.random.default_rng(240)
    n, side = 300, 8
    y = rng.permutation(np.resize(np.arange(4, dtype=np.int64), n))
    r, c = np.mgrid[0:side, 0:side].astype(np.float64)
    coords = (c, r, (r + c) / np.sqrt(2.0), (r - c) / np.sqrt(2.0))
    X = rng.normal(0.0, 0.6, (n, side, side))
    for i in range(n):
        period, phase = rng.uniform(3.0, 5.0), rng.uniform(0.0, 2.0 * np.pi)
        X[i] += np.sin(2.0 * np.pi * coords[int(y[i])] / period + phase)
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def topic_counts() -> tuple[torch.Tensor, torch.Tensor]:
    """210 rows of 100 word counts (Poisson, each topic (3) raising the rates of its own 15
    words 2.5-fold over a base rate 0.2-1.0), log1p-transformed and standardised: a three-class
    bag-of-words problem for a softmax model with many parameters (303) for its rows. (Written
    for a 64-example probe, 192 outputs; the runs' probe turned out to be all 210 rows, 630
    outputs, so the model cannot fit it: noted after the one read of the group.)"""
    rng = np.random.default_rng(241)
    base = rng.uniform(0.2, 1.0, 100)
    y = rng.permutation(np.resize(np.arange(3, dtype=np.int64), 210))
    words = rng.permutation(100)[:45].reshape(3, 15)
    rates = np.tile(base, (210, 1))
    for k in range(3):
        rates[np.ix_(y == k, words[k])] *= 2.5
    X = np.log1p(rng.poisson(rates))
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def few_rows_many_features() -> tuple[torch.Tensor, torch.Tensor]:
    """160 rows of 90 normal features, standardised, the class (2) drawn from a logistic of a
    dense linear score (weights normal, sd 0.25): a binary problem for a logistic model with many
    parameters (91) for its rows. (Written for a 64-example probe; the runs' probe turned out to be
    all 160 rows, so the model cannot fit it: noted after the one read of the group.)"""
    rng = np.random.default_rng(242)
    X = rng.normal(0.0, 1.0, (160, 90))
    score = X @ rng.normal(0.0, 0.25, 90)
    y = (rng.uniform(0.0, 1.0, 160) < 1 / (1 + np.exp(-score))).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def raw_exponential_scales() -> tuple[torch.Tensor, torch.Tensor]:
    """320 rows of 5 exponential features (means 0.05, 0.5, 5, 50, 500) left raw and uncentred
    (the group's badly scaled task), the target a fixed linear map of the features divided by
    their means, plus normal noise (sd 0.3) and 5% gross errors (sd 4), standardised: a Huber
    regression for a linear model."""
    rng = np.random.default_rng(243)
    scale = 0.05 * 10.0 ** np.arange(5)
    X = rng.exponential(1.0, (320, 5)) * scale
    y = (X / scale) @ rng.normal(0.0, 1.0, 5) + rng.normal(0.0, 0.3, 320)
    bad = rng.uniform(0.0, 1.0, 320) < 0.05
    y[bad] += rng.normal(0.0, 4.0, bad.sum())
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def product_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """300 points uniform in [-2, 2]^3, the target ``x0 * x1 + sin(x2)`` plus normal noise (sd
    0.1), features and target standardised: a smooth regression for a two-layer GELU MLP."""
    rng = np.random.default_rng(244)
    X = rng.uniform(-2.0, 2.0, (300, 3))
    y = X[:, 0] * X[:, 1] + np.sin(X[:, 2]) + rng.normal(0.0, 0.1, 300)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def quadrant_checks() -> tuple[torch.Tensor, torch.Tensor]:
    """360 points uniform in [-1, 1]^2, the class (4) the cell of a 3 x 3 checkerboard they fall
    in, coloured ``(row + column) mod 4`` (labels flipped at random for 5%), standardised: a
    four-class problem for a one-layer ReLU MLP."""
    rng = np.random.default_rng(245)
    X = rng.uniform(-1.0, 1.0, (360, 2))
    cells = np.minimum(((X + 1.0) * 1.5).astype(np.int64), 2)
    y = (cells[:, 0] + cells[:, 1]) % 4
    flip = rng.uniform(0.0, 1.0, 360) < 0.05
    y[flip] = rng.integers(0, 4, flip.sum())
    return _tensors(_standardised(X).astype(np.float32), y.astype(np.int64))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("stripe directions cnn", FRESH24, "classification", stripe_directions, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("topic counts softmax", FRESH24, "classification", topic_counts, "softmax", "cross_entropy", {}),
    ("few rows many features logistic", FRESH24, "classification", few_rows_many_features, "logistic", "bce", {}),
    ("raw exponential scales huber linear", FRESH24, "regression", raw_exponential_scales, "linear", "huber", {}, True),
    ("product surface gelu mlp", FRESH24, "regression", product_surface, "mlp", "mse", {"hidden": (24, 24), "activation": "gelu"}),
    ("quadrant checks relu mlp", FRESH24, "classification", quadrant_checks, "mlp", "cross_entropy", {"hidden": (32,)}),
)  # fmt: skip
