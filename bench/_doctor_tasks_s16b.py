"""The data of the doctor corpus's second pair of session-16 groups (``_doctor_tasks.py``): a
nineteenth and a twentieth fresh group, ``fresh19`` and ``fresh20``, written on 2026-12-05 at
06:40 UTC, before session 16's second doctor change was designed and before any run of either
group was trained. They are read once, as the clean test of that change, by the rule
pre-registered in the commit that freezes it. None of their tasks shares a generator, a data set
and a model with a task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH19 = "fresh19"
FRESH20 = "fresh20"


# ---- fresh19 ---------------------------------------------------------------------------------


@functools.cache
def quadrant_blob() -> tuple[torch.Tensor, torch.Tensor]:
    """400 10 x 10 one-channel images of one Gaussian blob (sd 1.0-1.8 pixels, brightness 0.5-1.5)
    centred at a random point of one of the four quadrants, plus normal pixel noise (sd 0.35),
    the class the quadrant: a four-class problem for a CNN."""
    rng = np.random.default_rng(190)
    n, side = 400, 10
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    y = rng.permutation(np.repeat(np.arange(4, dtype=np.int64), n // 4))
    X = rng.normal(0.0, 0.35, (n, side, side))
    for i in range(n):
        cy = rng.uniform(0.5, 4.0) + 5.0 * (y[i] // 2)
        cx = rng.uniform(0.5, 4.0) + 5.0 * (y[i] % 2)
        sd = rng.uniform(1.0, 1.8)
        X[i] += rng.uniform(0.5, 1.5) * np.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * sd**2))
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def log_counts() -> tuple[torch.Tensor, torch.Tensor]:
    """460 rows of 7 normal features, a Poisson count with log-mean ``0.8 x0 - 0.5 x1 x2 + 0.3
    sin(2 x3)`` (plus 1), the target ``log1p`` of the count, standardised: a regression for a
    two-layer GELU MLP."""
    rng = np.random.default_rng(191)
    X = rng.normal(0.0, 1.0, (460, 7))
    rate = np.exp(1.0 + 0.8 * X[:, 0] - 0.5 * X[:, 1] * X[:, 2] + 0.3 * np.sin(2 * X[:, 3]))
    y = np.log1p(rng.poisson(rate))
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def lognormal_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """420 rows of 5 positive, heavy-tailed features (log-normal with log-sd 0.4-1.2 and medians
    1-300), 3 classes from a linear score on their logarithms plus Gumbel noise, features left
    raw (the group's badly scaled task): a multinomial logistic regression on skewed columns of
    very different sizes."""
    rng = np.random.default_rng(192)
    logs = rng.normal(0.0, 1.0, (420, 5)) * rng.uniform(0.4, 1.2, 5) + np.log(np.array([1.0, 5.0, 20.0, 80.0, 300.0]))
    W = rng.normal(0.0, 1.5, (5, 3))
    logits = (logs - logs.mean(0)) @ W + rng.gumbel(0.0, 1.0, (420, 3))
    y = logits.argmax(1).astype(np.int64)
    return _tensors(np.exp(logs).astype(np.float32), y)


@functools.cache
def correlated_huber() -> tuple[torch.Tensor, torch.Tensor]:
    """380 rows of 10 features with AR(1) correlation 0.95 between neighbours (an ill-conditioned
    design), the target a fixed linear map plus Student-t noise (3 degrees of freedom, scale 0.3),
    standardised: a robust (Huber) linear regression."""
    rng = np.random.default_rng(193)
    Z = rng.normal(0.0, 1.0, (380, 10))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    for j in range(1, 10):
        X[:, j] = 0.95 * X[:, j - 1] + np.sqrt(1 - 0.95**2) * Z[:, j]
    y = X @ rng.normal(0.0, 1.0, 10) + 0.3 * rng.standard_t(3, 380)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def torus_wave() -> tuple[torch.Tensor, torch.Tensor]:
    """440 rows of 2 uniform features in [-pi, pi], the target ``sin(2 x0) cos(x1)`` plus noise
    (sd 0.1), standardised: a regression under the absolute error for a two-layer tanh MLP."""
    rng = np.random.default_rng(194)
    X = rng.uniform(-np.pi, np.pi, (440, 2))
    y = np.sin(2 * X[:, 0]) * np.cos(X[:, 1]) + rng.normal(0.0, 0.1, 440)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


# ---- fresh20 ---------------------------------------------------------------------------------


@functools.cache
def edge_angle() -> tuple[torch.Tensor, torch.Tensor]:
    """400 12 x 12 one-channel images of a soft edge (a logistic ramp of width 0.8 pixels) through
    a random point near the centre at a random angle, plus normal pixel noise (sd 0.3), the
    target the cosine of twice the angle, standardised: a regression for a CNN."""
    rng = np.random.default_rng(200)
    n, side = 400, 12
    r, c = np.meshgrid(np.arange(side) - 5.5, np.arange(side) - 5.5, indexing="ij")
    angle = rng.uniform(0.0, np.pi, n)
    X = rng.normal(0.0, 0.3, (n, side, side))
    for i in range(n):
        offset = rng.uniform(-2.0, 2.0)
        d = np.cos(angle[i]) * c + np.sin(angle[i]) * r - offset
        X[i] += 1 / (1 + np.exp(-d / 0.8))
    return _tensors(X.reshape(n, -1).astype(np.float32), _standardised(np.cos(2 * angle)).astype(np.float32))


@functools.cache
def three_spirals() -> tuple[torch.Tensor, torch.Tensor]:
    """450 points on three interleaved spiral arms (radius 0.2-1, 1.2 turns), with normal noise
    (sd 0.06), standardised: a three-class problem for a two-layer ReLU MLP."""
    rng = np.random.default_rng(201)
    y = rng.permutation(np.repeat(np.arange(3, dtype=np.int64), 150))
    t = rng.uniform(0.2, 1.0, 450)
    theta = 2 * np.pi * (1.2 * t + y / 3)
    X = np.stack([t * np.cos(theta), t * np.sin(theta)], 1) + rng.normal(0.0, 0.06, (450, 2))
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def uncentred_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 rows of 5 features with means 20-200 and sds 1-10 (far from zero, left raw: the
    group's badly scaled task), the target ``tanh(z0) + z1 z2 / 2 - 0.4 z3`` of their
    standardised values plus noise (sd 0.2), standardised: a regression for a one-layer ReLU
    MLP."""
    rng = np.random.default_rng(202)
    Z = rng.normal(0.0, 1.0, (400, 5))
    y = np.tanh(Z[:, 0]) + Z[:, 1] * Z[:, 2] / 2 - 0.4 * Z[:, 3] + rng.normal(0.0, 0.2, 400)
    X = Z * np.array([1.0, 3.0, 5.0, 8.0, 10.0]) + np.array([20.0, 50.0, 100.0, 150.0, 200.0])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def noisy_labels() -> tuple[torch.Tensor, torch.Tensor]:
    """480 rows of 12 normal features, the class (2) the sign of a dense linear score, then 20%
    of the labels flipped at random, standardised: a binary logistic regression with label
    noise."""
    rng = np.random.default_rng(203)
    X = rng.normal(0.0, 1.0, (480, 12))
    y = (X @ rng.normal(0.0, 1.0, 12) > 0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 480) < 0.2
    y[flip] = 1 - y[flip]
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def radial_shells() -> tuple[torch.Tensor, torch.Tensor]:
    """450 rows of 5 features, points on three concentric shells (radii 1, 2, 3, radial noise sd
    0.3) in random directions, the class the shell, standardised: a three-class problem for a
    two-layer sigmoid MLP."""
    rng = np.random.default_rng(204)
    y = rng.permutation(np.repeat(np.arange(3, dtype=np.int64), 150))
    d = rng.normal(0.0, 1.0, (450, 5))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    X = d * (1.0 + y + rng.normal(0.0, 0.3, 450))[:, None]
    return _tensors(_standardised(X).astype(np.float32), y)


# The groups' tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("quadrant blob cnn", FRESH19, "classification", quadrant_blob, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("log counts gelu mlp", FRESH19, "regression", log_counts, "mlp", "mse", {"hidden": (32, 32), "activation": "gelu"}),
    ("lognormal raw softmax", FRESH19, "classification", lognormal_raw, "softmax", "cross_entropy", {}, True),
    ("correlated huber linear", FRESH19, "regression", correlated_huber, "linear", "huber", {}),
    ("torus wave mae tanh mlp", FRESH19, "regression", torus_wave, "mlp", "mae", {"hidden": (48, 48), "activation": "tanh"}),
    ("edge angle cnn", FRESH20, "regression", edge_angle, "cnn", "mse", {"channels": (4, 8)}, False, True),
    ("three spirals relu mlp", FRESH20, "classification", three_spirals, "mlp", "cross_entropy", {"hidden": (64, 64)}),
    ("uncentred raw relu mlp", FRESH20, "regression", uncentred_raw, "mlp", "mse", {"hidden": (32,)}, True),
    ("noisy labels logistic", FRESH20, "classification", noisy_labels, "logistic", "bce", {}),
    ("radial shells sigmoid mlp", FRESH20, "classification", radial_shells, "mlp", "cross_entropy", {"hidden": (32, 32), "activation": "sigmoid"}),
)  # fmt: skip
