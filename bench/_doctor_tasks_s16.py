"""The data of the doctor corpus's session-16 groups (``_doctor_tasks.py``): a seventeenth and an
eighteenth fresh group, ``fresh17`` and ``fresh18``, written on 2026-12-05 at 06:05 UTC, before
session 16's doctor change was designed and before any run of either group was trained. They are
read once, as the clean test of that change, by the rule pre-registered in the commit that
freezes it. None of their tasks shares a generator, a data set and a model with a task of an
earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH17 = "fresh17"
FRESH18 = "fresh18"


# ---- fresh17 ---------------------------------------------------------------------------------


@functools.cache
def ring_radii() -> tuple[torch.Tensor, torch.Tensor]:
    """400 12 x 12 one-channel images of one thin ring (a Gaussian profile of sd 0.6 pixels
    around a circle) at a random centre with a radius of 1.5-4.5 pixels, plus normal pixel noise
    (sd 0.3); 5% of the targets replaced by a uniform draw (outliers), the target the radius,
    standardised: a robust (Huber) regression for a CNN."""
    rng = np.random.default_rng(160)
    n, side = 400, 12
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    radius = rng.uniform(1.5, 4.5, n)
    X = rng.normal(0.0, 0.3, (n, side, side))
    for i in range(n):
        cy, cx = rng.uniform(4.5, side - 5.5, 2)
        dist = np.sqrt((r - cy) ** 2 + (c - cx) ** 2)
        X[i] += np.exp(-((dist - radius[i]) ** 2) / (2 * 0.6**2))
    target = radius.copy()
    outliers = rng.uniform(0.0, 1.0, n) < 0.05
    target[outliers] = rng.uniform(0.0, 9.0, outliers.sum())
    return _tensors(X.reshape(n, -1).astype(np.float32), _standardised(target).astype(np.float32))


@functools.cache
def ten_gaussians() -> tuple[torch.Tensor, torch.Tensor]:
    """500 rows of 16 features, 10 classes whose means are normal (sd 1.0) in 16-d, each class
    with its own diagonal scatter (sd 0.5-1.5 per class), features standardised: a ten-class
    problem for a wide one-layer sigmoid MLP."""
    rng = np.random.default_rng(161)
    means = rng.normal(0.0, 1.0, (10, 16))
    scale = rng.uniform(0.5, 1.5, 10)
    y = rng.permutation(np.repeat(np.arange(10, dtype=np.int64), 50))
    X = means[y] + rng.normal(0.0, 1.0, (500, 16)) * scale[y, None]
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def additive_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """450 rows of 5 normal features, the target ``sin(x0) + 0.5 x1^2 + |x2| - x3 x4 / 2`` plus
    noise (sd 0.4), standardised: a regression for a two-layer tanh MLP trained with dropout."""
    rng = np.random.default_rng(162)
    X = rng.normal(0.0, 1.0, (450, 5))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] ** 2 + np.abs(X[:, 2]) - X[:, 3] * X[:, 4] / 2 + rng.normal(0.0, 0.4, 450)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def many_features() -> tuple[torch.Tensor, torch.Tensor]:
    """300 rows of 80 features, 4 classes decided by 5 of them (a linear score each, plus logistic
    noise) and 75 pure noise, standardised: a wide, nearly separable multinomial logistic
    regression (more weights than rows per class)."""
    rng = np.random.default_rng(163)
    X = rng.normal(0.0, 1.0, (300, 80))
    W = rng.normal(0.0, 1.5, (5, 4))
    logits = X[:, :5] @ W + rng.logistic(0.0, 0.5, (300, 4))
    y = logits.argmax(1).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def narrow_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 rows of 4 normal features, the target ``tanh(x0 + x1) - 0.5 x2 + 0.3 x3^2`` plus noise
    (sd 0.2), standardised; the columns then multiplied by ``10**linspace(-1, 2, 4)`` and left
    raw: a deep narrow ReLU MLP on features three orders of magnitude apart."""
    rng = np.random.default_rng(164)
    X = rng.normal(0.0, 1.0, (400, 4))
    y = np.tanh(X[:, 0] + X[:, 1]) - 0.5 * X[:, 2] + 0.3 * X[:, 3] ** 2 + rng.normal(0.0, 0.2, 400)
    X = X * 10 ** np.linspace(-1, 2, 4)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


# ---- fresh18 ---------------------------------------------------------------------------------


@functools.cache
def line_position() -> tuple[torch.Tensor, torch.Tensor]:
    """420 14 x 14 one-channel images of one vertical line (1 pixel wide, brightness 0.6-1.4, a
    random vertical extent of 5-14 pixels) at a random column, plus normal pixel noise (sd 0.4),
    the target the line's column, standardised: a regression under the absolute error for a
    CNN."""
    rng = np.random.default_rng(180)
    n, side = 420, 14
    column = rng.integers(0, side, n)
    X = rng.normal(0.0, 0.4, (n, side, side))
    for i in range(n):
        length = rng.integers(5, side + 1)
        top = rng.integers(0, side - length + 1)
        X[i, top : top + length, column[i]] += rng.uniform(0.6, 1.4)
    return _tensors(X.reshape(n, -1).astype(np.float32), _standardised(column.astype(float)).astype(np.float32))


@functools.cache
def heteroscedastic() -> tuple[torch.Tensor, torch.Tensor]:
    """480 rows of 2 uniform features in [-2, 2], the target ``x0 - x1^2 / 2`` plus normal noise
    whose sd grows from 0.05 to 1.5 with ``x0``, standardised: a Huber regression for a one-layer
    ReLU MLP."""
    rng = np.random.default_rng(181)
    X = rng.uniform(-2.0, 2.0, (480, 2))
    sd = 0.05 + (X[:, 0] + 2.0) / 4.0 * 1.45
    y = X[:, 0] - X[:, 1] ** 2 / 2 + rng.normal(0.0, 1.0, 480) * sd
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def imbalanced_five() -> tuple[torch.Tensor, torch.Tensor]:
    """500 rows of 6 features, 5 classes in the proportions 60/20/10/6/4 %, each class a Gaussian
    around its own mean (normal, sd 1.2) with unit scatter, features standardised: an imbalanced
    five-class problem for a two-layer GELU MLP."""
    rng = np.random.default_rng(182)
    counts = np.array([300, 100, 50, 30, 20])
    y = rng.permutation(np.repeat(np.arange(5, dtype=np.int64), counts))
    means = rng.normal(0.0, 1.2, (5, 6))
    X = means[y] + rng.normal(0.0, 1.0, (500, 6))
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def gross_outliers() -> tuple[torch.Tensor, torch.Tensor]:
    """400 rows of 6 normal features, the target a fixed linear map plus noise (sd 0.2), with 4%
    of the targets shifted by +-8 (gross outliers), standardised: a least-squares fit the outliers
    dominate, for a linear model."""
    rng = np.random.default_rng(183)
    X = rng.normal(0.0, 1.0, (400, 6))
    y = X @ rng.normal(0.0, 1.0, 6) + rng.normal(0.0, 0.2, 400)
    outliers = rng.uniform(0.0, 1.0, 400) < 0.04
    y[outliers] += rng.choice([-8.0, 8.0], outliers.sum())
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def sparse_binary() -> tuple[torch.Tensor, torch.Tensor]:
    """440 rows of 60 binary features (each 1 with probability 0.03-0.3, so most are rare), the
    class (2) drawn from a logistic of a sparse linear score (12 features with a weight), left as
    raw 0/1 indicators (unstandardised and uncentred: means 0.03-0.3, sds 0.17-0.46, the group's
    badly scaled task): a logistic model on sparse binary indicators."""
    rng = np.random.default_rng(184)
    rate = rng.uniform(0.03, 0.3, 60)
    X = (rng.uniform(0.0, 1.0, (440, 60)) < rate).astype(np.float64)
    w = np.zeros(60)
    w[rng.choice(60, 12, replace=False)] = rng.normal(0.0, 2.0, 12)
    score = X @ w - (rate * w).sum()
    y = (rng.uniform(0.0, 1.0, 440) < 1 / (1 + np.exp(-score))).astype(np.int64)
    return _tensors(X.astype(np.float32), y)


# The groups' tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("ring radii huber cnn", FRESH17, "regression", ring_radii, "cnn", "huber", {"channels": (3, 6)}, False, True),
    ("ten gaussians wide sigmoid mlp", FRESH17, "classification", ten_gaussians, "mlp", "cross_entropy", {"hidden": (128,), "activation": "sigmoid"}),
    ("additive dropout tanh mlp", FRESH17, "regression", additive_regression, "mlp", "mse", {"hidden": (64, 64), "activation": "tanh", "dropout": 0.1}),
    ("many features softmax", FRESH17, "classification", many_features, "softmax", "cross_entropy", {}),
    ("narrow raw deep relu mlp", FRESH17, "regression", narrow_raw, "mlp", "mse", {"hidden": (8, 8, 8, 8, 8)}, True),
    ("line position mae cnn", FRESH18, "regression", line_position, "cnn", "mae", {"channels": (4, 4)}, False, True),
    ("heteroscedastic huber relu mlp", FRESH18, "regression", heteroscedastic, "mlp", "huber", {"hidden": (48,)}),
    ("imbalanced five classes gelu mlp", FRESH18, "classification", imbalanced_five, "mlp", "cross_entropy", {"hidden": (24, 24), "activation": "gelu"}),
    ("gross outliers linear", FRESH18, "regression", gross_outliers, "linear", "mse", {}),
    ("sparse binary logistic", FRESH18, "classification", sparse_binary, "logistic", "bce", {}, True),
)  # fmt: skip
