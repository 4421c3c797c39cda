"""The data of the doctor corpus's session-17 group (``_doctor_tasks.py``): a twenty-first fresh
group, ``fresh21``, written on 2026-12-05 at 08:52 UTC, before session 17's doctor change was
designed and before any run of the group was trained. It is read once, as the clean test of
that change, by the rule pre-registered in the commit that freezes it. None of its tasks shares
a generator, a data set and a model with a task of an earlier group. Its one image task (a small
CNN on corner shapes) was added at 09:36 UTC, after the change was designed and before it was
frozen, still before any run of the group was trained: the bench's tests ask every group to mix
image and tabular data.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH21 = "fresh21"


@functools.cache
def corner_shapes() -> tuple[torch.Tensor, torch.Tensor]:
    """360 10 x 10 one-channel images of an L-shaped corner (two bars of 3-5 pixels meeting at a
    right angle, brightness 0.8-1.2) at a random place, plus normal pixel noise (sd 0.4), the class
    the corner's orientation (4): a four-class problem for a small CNN."""
    rng = np.random.default_rng(215)
    n, side = 360, 10
    y = rng.permutation(np.repeat(np.arange(4, dtype=np.int64), n // 4))
    X = rng.normal(0.0, 0.4, (n, side, side))
    for i in range(n):
        length = int(rng.integers(3, 6))
        r0, c0 = (int(v) for v in rng.integers(length - 1, side - length + 1, 2))
        dr, dc = (1, 1) if y[i] == 0 else (1, -1) if y[i] == 1 else (-1, 1) if y[i] == 2 else (-1, -1)
        level = rng.uniform(0.8, 1.2)
        for k in range(length):
            X[i, r0 + dr * k, c0] += level
            X[i, r0, c0 + dc * k] += level if k else 0.0
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def sector_classes() -> tuple[torch.Tensor, torch.Tensor]:
    """440 rows of 3 normal features, the class (4) the quarter of the plane that the angle of
    ``(x0 + 0.3 x2, x1)`` falls in, with 8% of the labels redrawn at random, standardised: a
    four-class problem for a one-layer ReLU MLP."""
    rng = np.random.default_rng(210)
    X = rng.normal(0.0, 1.0, (440, 3))
    angle = np.arctan2(X[:, 1], X[:, 0] + 0.3 * X[:, 2])
    y = (np.floor((angle + np.pi) / (np.pi / 2)).astype(np.int64)) % 4
    redraw = rng.uniform(0.0, 1.0, 440) < 0.08
    y[redraw] = rng.integers(0, 4, redraw.sum())
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def spread_scales_mae() -> tuple[torch.Tensor, torch.Tensor]:
    """400 rows of 6 uniform features in [0, 1], multiplied by ``10**linspace(-2, 2, 6)`` and
    left raw (the group's badly scaled task), the target a fixed linear map of the unscaled
    features plus Laplace noise (scale 0.2), standardised: a linear regression under the
    absolute error."""
    rng = np.random.default_rng(211)
    U = rng.uniform(0.0, 1.0, (400, 6))
    y = U @ rng.normal(0.0, 1.0, 6) + rng.laplace(0.0, 0.2, 400)
    X = U * 10 ** np.linspace(-2.0, 2.0, 6)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def noisy_parity() -> tuple[torch.Tensor, torch.Tensor]:
    """480 rows of 6 features: the first 3 are random signs plus normal noise (sd 0.35), the
    other 3 pure noise; the class (2) the parity of the first 3 signs: a two-class problem for
    a two-layer tanh MLP."""
    rng = np.random.default_rng(212)
    signs = rng.choice([-1.0, 1.0], (480, 3))
    X = np.concatenate([signs + rng.normal(0.0, 0.35, (480, 3)), rng.normal(0.0, 1.0, (480, 3))], 1)
    y = (signs.prod(1) > 0).astype(np.int64)
    return _tensors(X.astype(np.float32), y)


@functools.cache
def heavy_tailed_logistic() -> tuple[torch.Tensor, torch.Tensor]:
    """460 rows of 15 features, Student-t with 2.5 degrees of freedom (occasional large values),
    the class (2) drawn from a logistic model on a sparse score (4 nonzero weights); features
    standardised: a binary logistic regression on heavy-tailed inputs."""
    rng = np.random.default_rng(213)
    X = rng.standard_t(2.5, (460, 15))
    w = np.zeros(15)
    w[[0, 3, 7, 11]] = rng.normal(0.0, 1.5, 4)
    y = (rng.uniform(0.0, 1.0, 460) < 1 / (1 + np.exp(-X @ w))).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def radial_ripple() -> tuple[torch.Tensor, torch.Tensor]:
    """420 rows of 4 uniform features in [-2, 2], the target ``cos(3 r) exp(-r / 2)`` of their
    radius ``r`` plus normal noise (sd 0.1), standardised: a regression under the Huber loss for
    a two-layer GELU MLP."""
    rng = np.random.default_rng(214)
    X = rng.uniform(-2.0, 2.0, (420, 4))
    r = np.linalg.norm(X, axis=1)
    y = np.cos(3 * r) * np.exp(-r / 2) + rng.normal(0.0, 0.1, 420)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("corner shapes cnn", FRESH21, "classification", corner_shapes, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("sector classes relu mlp", FRESH21, "classification", sector_classes, "mlp", "cross_entropy", {"hidden": (32,)}),
    ("spread scales mae linear", FRESH21, "regression", spread_scales_mae, "linear", "mae", {}, True),
    ("noisy parity tanh mlp", FRESH21, "classification", noisy_parity, "mlp", "cross_entropy", {"hidden": (32, 32), "activation": "tanh"}),
    ("heavy tailed logistic", FRESH21, "classification", heavy_tailed_logistic, "logistic", "bce", {}),
    ("radial ripple huber gelu mlp", FRESH21, "regression", radial_ripple, "mlp", "huber", {"hidden": (32, 32), "activation": "gelu"}),
)  # fmt: skip
