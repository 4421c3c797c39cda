"""The data of the doctor corpus's session-15 group (``_doctor_tasks.py``): a sixteenth fresh
group, ``fresh16``, written on 2026-12-05 at 01:50 UTC, before session 15's change ("too small"
recall on runs still falling) was designed and before any run of the group was trained. It is
read once, as the clean test of that change, by the rule pre-registered in the commit that
freezes it. None of its tasks shares a generator, a data set and a model with a task of an
earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH16 = "fresh16"


@functools.cache
def blob_widths() -> tuple[torch.Tensor, torch.Tensor]:
    """420 10 x 10 one-channel images of one Gaussian blob at a random centre with a width
    (sd 0.8-2.5 pixels) and a brightness (0.5-1.5) of its own, plus normal pixel noise (sd
    0.2), the target the blob's width, standardised: a regression for a CNN."""
    rng = np.random.default_rng(44)
    n, side = 420, 10
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    width = rng.uniform(0.8, 2.5, n)
    X = rng.normal(0.0, 0.2, (n, side, side))
    for i in range(n):
        cy, cx = rng.uniform(2.0, side - 3.0, 2)
        X[i] += rng.uniform(0.5, 1.5) * np.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * width[i] ** 2))
    return _tensors(X.reshape(n, -1).astype(np.float32), _standardised(width).astype(np.float32))


@functools.cache
def loans_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """460 loan applications in their own units (an income near 52000, sd 18000; an age near
    41, sd 12; a debt ratio 0-0.9; a count of open accounts near 6, sd 3; years employed 0-30),
    the class (2) a default drawn from a logistic of a standardised linear score, left
    unscaled: a logistic model on features four orders of magnitude apart."""
    rng = np.random.default_rng(44)
    n = 460
    X = np.stack(
        [
            rng.normal(52000.0, 18000.0, n),
            rng.normal(41.0, 12.0, n),
            rng.uniform(0.0, 0.9, n),
            rng.normal(6.0, 3.0, n),
            rng.uniform(0.0, 30.0, n),
        ],
        axis=1,
    )
    score = _standardised(X) @ np.array([-1.2, -0.4, 1.8, 0.6, -0.7])
    y = (rng.uniform(0.0, 1.0, n) < 1 / (1 + np.exp(-score))).astype(np.int64)
    return _tensors(X.astype(np.float32), y)


@functools.cache
def collinear_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """400 rows of 10 features built from 3 latent factors plus a little independent noise (sd
    0.05), each column standardised (so the columns are strongly correlated, the Gram matrix
    ill-conditioned), the target a fixed linear map of the features plus noise (sd 0.3),
    standardised: an ill-conditioned least-squares problem for a linear model."""
    rng = np.random.default_rng(44)
    latent = rng.normal(0.0, 1.0, (400, 3))
    X = _standardised(latent @ rng.normal(0.0, 1.0, (3, 10)) + rng.normal(0.0, 0.05, (400, 10)))
    y = X @ rng.normal(0.0, 1.0, 10) + rng.normal(0.0, 0.3, 400)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def skewed_median() -> tuple[torch.Tensor, torch.Tensor]:
    """440 rows of 3 uniform features in [-2, 2], the target ``x0^2 - x1 + 0.5 sin(3 x2)`` plus
    exponential noise (scale 0.8, right-skewed), standardised: a conditional median under the
    absolute error for a one-hidden-layer tanh MLP."""
    rng = np.random.default_rng(44)
    X = rng.uniform(-2.0, 2.0, (440, 3))
    y = X[:, 0] ** 2 - X[:, 1] + 0.5 * np.sin(3 * X[:, 2]) + rng.exponential(0.8, 440)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def overlapping_classes() -> tuple[torch.Tensor, torch.Tensor]:
    """500 rows of 12 features, 6 classes whose means sit on a random 12-d simplex-like set at
    distance about 2 with unit normal scatter (the classes overlap: the best accuracy is well
    under 1), features standardised: a noisy six-class problem for a deep GELU MLP."""
    rng = np.random.default_rng(44)
    means = rng.normal(0.0, 1.4, (6, 12))
    y = rng.permutation(np.repeat(np.arange(6, dtype=np.int64), 84)[:500])
    X = means[y] + rng.normal(0.0, 1.0, (500, 12))
    return _tensors(_standardised(X).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("blob widths cnn regression", FRESH16, "regression", blob_widths, "cnn", "mse", {"channels": (4, 8)}, False, True),
    ("loans raw logistic", FRESH16, "classification", loans_raw, "logistic", "bce", {}, True),
    ("collinear linear", FRESH16, "regression", collinear_regression, "linear", "mse", {}),
    ("skewed mae tanh mlp", FRESH16, "regression", skewed_median, "mlp", "mae", {"hidden": (32,), "activation": "tanh"}),
    ("overlapping classes deep gelu mlp", FRESH16, "classification", overlapping_classes, "mlp", "cross_entropy", {"hidden": (32, 32, 32), "activation": "gelu"}),
)  # fmt: skip
