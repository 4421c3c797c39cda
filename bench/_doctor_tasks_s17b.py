"""The data of the doctor corpus's second session-17 group (``_doctor_tasks.py``): a
twenty-second fresh group, ``fresh22``, written on 2026-12-05 at 09:46 UTC, before the second
session-17 doctor change was designed and before any run of the group was trained. It is read
once, as the clean test of that change, by the rule pre-registered in the commit that freezes
it. None of its tasks shares a generator, a data set and a model with a task of an earlier
group, fresh21 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH22 = "fresh22"


@functools.cache
def dot_counts() -> tuple[torch.Tensor, torch.Tensor]:
    """320 8 x 8 one-channel images with 1 to 4 bright dots (brightness 0.9-1.3) at distinct
    random pixels, plus normal pixel noise (sd 0.3), the class the number of dots less one (4):
    a four-class counting problem for a small CNN."""
    rng = np.random.default_rng(220)
    n, side = 320, 8
    y = rng.permutation(np.repeat(np.arange(4, dtype=np.int64), n // 4))
    X = rng.normal(0.0, 0.3, (n, side * side))
    for i in range(n):
        X[i, rng.choice(side * side, int(y[i]) + 1, replace=False)] += rng.uniform(0.9, 1.3)
    return _tensors(X.astype(np.float32), y)


@functools.cache
def two_spirals() -> tuple[torch.Tensor, torch.Tensor]:
    """360 points on two interleaved spirals (one and a half turns each) with normal noise
    (sd 0.15), the class (2) the spiral: a two-class problem for a two-layer sigmoid MLP."""
    rng = np.random.default_rng(221)
    n = 360
    t = rng.uniform(0.25, 3.0 * np.pi, n)
    y = rng.integers(0, 2, n).astype(np.int64)
    sign = np.where(y == 1, -1.0, 1.0)
    X = np.stack([sign * t * np.cos(t), sign * t * np.sin(t)], 1) / np.pi + rng.normal(0.0, 0.15, (n, 2))
    return _tensors(X.astype(np.float32), y)


@functools.cache
def lognormal_scales_huber() -> tuple[torch.Tensor, torch.Tensor]:
    """380 rows of 5 log-normal features (sigma 0.5) multiplied by ``10**linspace(-1.5, 1.5, 5)``
    and left raw (the group's badly scaled task), the target a fixed linear map of the unscaled
    logs plus Student-t noise (3 degrees of freedom, scale 0.3), standardised: a linear
    regression under the Huber loss."""
    rng = np.random.default_rng(222)
    L = rng.normal(0.0, 0.5, (380, 5))
    y = L @ rng.normal(0.0, 1.0, 5) + 0.3 * rng.standard_t(3.0, 380)
    X = np.exp(L) * 10 ** np.linspace(-1.5, 1.5, 5)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def wide_blobs() -> tuple[torch.Tensor, torch.Tensor]:
    """150 rows of 24 features around 5 class centres (normal, sd 1.2 about centres drawn with
    sd 1), standardised: a five-class problem for multinomial logistic regression with fewer
    rows than weights."""
    rng = np.random.default_rng(223)
    centres = rng.normal(0.0, 1.0, (5, 24))
    y = rng.integers(0, 5, 150).astype(np.int64)
    X = centres[y] + rng.normal(0.0, 1.2, (150, 24))
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def saddle_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """400 rows of 3 uniform features in [-1.5, 1.5], the target ``x0 x1 + sin(2 x2)`` plus
    normal noise (sd 0.1), standardised: a squared-error regression for a one-layer tanh MLP."""
    rng = np.random.default_rng(224)
    X = rng.uniform(-1.5, 1.5, (400, 3))
    y = X[:, 0] * X[:, 1] + np.sin(2.0 * X[:, 2]) + rng.normal(0.0, 0.1, 400)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def contaminated_steps() -> tuple[torch.Tensor, torch.Tensor]:
    """360 rows of 4 normal features, the target a step function of the first two
    (``sign(x0) + 0.5 [x1 > 0.5]``) plus normal noise (sd 0.1), 10% of the targets replaced by
    draws with sd 4, standardised: an absolute-error regression for a one-layer ReLU MLP."""
    rng = np.random.default_rng(225)
    X = rng.normal(0.0, 1.0, (360, 4))
    y = np.sign(X[:, 0]) + 0.5 * (X[:, 1] > 0.5) + rng.normal(0.0, 0.1, 360)
    bad = rng.uniform(0.0, 1.0, 360) < 0.1
    y[bad] = rng.normal(0.0, 4.0, bad.sum())
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("dot counts cnn", FRESH22, "classification", dot_counts, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
    ("two spirals sigmoid mlp", FRESH22, "classification", two_spirals, "mlp", "cross_entropy", {"hidden": (24, 24), "activation": "sigmoid"}),
    ("lognormal scales huber linear", FRESH22, "regression", lognormal_scales_huber, "linear", "huber", {}, True),
    ("wide blobs softmax", FRESH22, "classification", wide_blobs, "softmax", "cross_entropy", {}),
    ("saddle surface tanh mlp", FRESH22, "regression", saddle_surface, "mlp", "mse", {"hidden": (32,), "activation": "tanh"}),
    ("contaminated steps mae relu mlp", FRESH22, "regression", contaminated_steps, "mlp", "mae", {"hidden": (16,)}),
)  # fmt: skip
