"""The data of the doctor corpus's third session-17 group (``_doctor_tasks.py``): a twenty-third
fresh group, ``fresh23``, written on 2026-12-05 at 10:02 UTC, before any run of the group was
trained. It is read once, as the clean test of session 17's second doctor change (36b7723: the
zero-curvature, piecewise-linear-loss case of "too small") re-applied unchanged, by the rule
pre-registered in the commit that re-applies it. Four of its tasks have a loss piecewise linear
in the weights (absolute error through a linear model), the only kind of loss that change can
act on. None of its tasks shares a generator, a data set and a model with a task of an earlier
group, fresh21 and fresh22 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH23 = "fresh23"


@functools.cache
def bar_lengths() -> tuple[torch.Tensor, torch.Tensor]:
    """320 8 x 8 one-channel images of one bar (horizontal or vertical at random, brightness
    0.8-1.2) 2 to 5 pixels long at a random place, plus normal pixel noise (sd 0.35), the class
    the bar's length less two (4): a four-class length-counting problem for a small CNN."""
    rng = np.random.default_rng(230)
    n, side = 320, 8
    y = rng.permutation(np.repeat(np.arange(4, dtype=np.int64), n // 4))
    X = rng.normal(0.0, 0.35, (n, side, side))
    for i in range(n):
        length = int(y[i]) + 2
        along, across = int(rng.integers(0, side - length + 1)), int(rng.integers(0, side))
        level = rng.uniform(0.8, 1.2)
        if rng.uniform() < 0.5:
            X[i, across, along : along + length] += level
        else:
            X[i, along : along + length, across] += level
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def laplace_noise() -> tuple[torch.Tensor, torch.Tensor]:
    """300 rows of 6 normal features, standardised, the target a fixed linear map plus Laplace
    noise (scale 0.5), standardised: a median regression (absolute error) for a linear model."""
    rng = np.random.default_rng(231)
    X = rng.normal(0.0, 1.0, (300, 6))
    y = X @ rng.normal(0.0, 1.0, 6) + rng.laplace(0.0, 0.5, 300)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def correlated_features() -> tuple[torch.Tensor, torch.Tensor]:
    """340 rows of 8 features sharing one normal factor (pairwise correlation about 0.85),
    standardised, the target a fixed linear map plus Student-t noise (2 degrees of freedom, scale
    0.2), standardised: an ill-conditioned absolute-error regression for a linear model."""
    rng = np.random.default_rng(232)
    X = rng.normal(0.0, 1.0, (340, 1)) * 2.4 + rng.normal(0.0, 1.0, (340, 8))
    y = X @ rng.normal(0.0, 1.0, 8) + 0.2 * rng.standard_t(2.0, 340)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_uniform_scales() -> tuple[torch.Tensor, torch.Tensor]:
    """360 rows of 4 uniform features in [0, 1] multiplied by ``10**linspace(-1, 2, 4)`` and left
    raw (the group's badly scaled task), the target a fixed linear map of the unscaled features
    plus normal noise (sd 0.2), standardised: an absolute-error regression for a linear model."""
    rng = np.random.default_rng(233)
    U = rng.uniform(0.0, 1.0, (360, 4))
    y = U @ rng.normal(0.0, 2.0, 4) + rng.normal(0.0, 0.2, 360)
    X = U * 10 ** np.linspace(-1.0, 2.0, 4)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def sparse_outliers() -> tuple[torch.Tensor, torch.Tensor]:
    """280 rows of 12 normal features, standardised, the target a linear map of 3 of them plus
    normal noise (sd 0.3), 15% of the targets shifted by draws with sd 5, standardised: an
    absolute-error regression with gross outliers for a linear model."""
    rng = np.random.default_rng(234)
    X = rng.normal(0.0, 1.0, (280, 12))
    y = X[:, :3] @ np.array([1.5, -1.0, 0.7]) + rng.normal(0.0, 0.3, 280)
    bad = rng.uniform(0.0, 1.0, 280) < 0.15
    y[bad] += rng.normal(0.0, 5.0, bad.sum())
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def annulus_classes() -> tuple[torch.Tensor, torch.Tensor]:
    """360 points in the plane, the class (3) the ring their radius falls in (inner disc, middle
    ring, outer ring, radii uniform in [0, 3]) with normal noise (sd 0.1) on each coordinate,
    standardised: a three-class problem for a one-layer tanh MLP."""
    rng = np.random.default_rng(235)
    r = rng.uniform(0.0, 3.0, 360)
    a = rng.uniform(0.0, 2.0 * np.pi, 360)
    y = np.minimum(r.astype(np.int64), 2)
    X = np.stack([r * np.cos(a), r * np.sin(a)], 1) + rng.normal(0.0, 0.1, (360, 2))
    return _tensors(_standardised(X).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("bar lengths cnn", FRESH23, "classification", bar_lengths, "cnn", "cross_entropy", {"channels": (4, 4)}, False, True),
    ("laplace noise mae linear", FRESH23, "regression", laplace_noise, "linear", "mae", {}),
    ("correlated features mae linear", FRESH23, "regression", correlated_features, "linear", "mae", {}),
    ("raw uniform scales mae linear", FRESH23, "regression", raw_uniform_scales, "linear", "mae", {}, True),
    ("sparse outliers mae linear", FRESH23, "regression", sparse_outliers, "linear", "mae", {}),
    ("annulus classes tanh mlp", FRESH23, "classification", annulus_classes, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}),
)  # fmt: skip
