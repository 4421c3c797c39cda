"""The data of the doctor corpus's fourth session-14 group (``_doctor_tasks.py``): a thirteenth
fresh group, ``fresh13``, written on 2026-12-04 at 23:58 UTC, before session 14's fourth
change (quiet "too large" runs) was designed and before any run of the group was trained. It
is read once, as the clean test of that change, by the rule pre-registered in the commit that
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

FRESH13 = "fresh13"


@functools.cache
def chaotic_lags() -> tuple[torch.Tensor, torch.Tensor]:
    """480 windows of 6 consecutive values of the logistic map ``x' = 3.9 x (1 - x)`` (each
    value observed with normal noise, sd 0.02), the target the value after the window,
    features and target standardised: one-step forecasting of a chaotic series by a ReLU MLP."""
    rng = np.random.default_rng(37)
    x = np.empty(486)
    x[0] = 0.3141
    for t in range(485):
        x[t + 1] = 3.9 * x[t] * (1.0 - x[t])
    seen = x + rng.normal(0.0, 0.02, 486)
    X = np.stack([seen[i : i + 480] for i in range(6)], axis=1)
    return _tensors(_standardised(X).astype(np.float32), _standardised(seen[6:486]).astype(np.float32))


@functools.cache
def dose_response() -> tuple[torch.Tensor, torch.Tensor]:
    """450 patients with raw covariates in their units (dose 0-500 mg, age 20-80 years, weight
    50-110 kg, a 0/1 sex flag), the class (2) whether the response ``sigmoid(dose / weight - 3 +
    (age - 50) / 15)`` fires (Bernoulli), left unscaled: a ReLU MLP on clinical units."""
    rng = np.random.default_rng(37)
    dose, age = rng.uniform(0, 500, 450), rng.uniform(20, 80, 450)
    weight, sex = rng.uniform(50, 110, 450), rng.integers(0, 2, 450)
    p = 1.0 / (1.0 + np.exp(-(dose / weight - 3.0 + (age - 50.0) / 15.0)))
    X = np.stack([dose, age, weight, sex], axis=1).astype(np.float32)
    return _tensors(X, (rng.uniform(size=450) < p).astype(np.int64))


@functools.cache
def mirror_patterns() -> tuple[torch.Tensor, torch.Tensor]:
    """450 10 x 10 one-channel images of random 0/1 pixels (plus normal noise, sd 0.3), the
    class (3) their symmetry: mirrored left-right, mirrored top-bottom, or neither, flattened:
    image classes by symmetry for a CNN."""
    rng = np.random.default_rng(37)
    y = np.repeat(np.arange(3, dtype=np.int64), 150)
    X = (rng.uniform(size=(450, 10, 10)) < 0.5).astype(float)
    X[y == 0, :, 5:] = X[y == 0, :, 4::-1]
    X[y == 1, 5:, :] = X[y == 1, 4::-1, :]
    X += rng.normal(0.0, 0.3, X.shape)
    order = rng.permutation(450)
    return _tensors(X[order].reshape(450, -1).astype(np.float32), y[order])


@functools.cache
def bernoulli_mixture() -> tuple[torch.Tensor, torch.Tensor]:
    """500 rows of 30 0/1 features, each class (5, 100 rows each) drawing feature ``j`` on with
    its own probability (Beta(0.5, 0.5): most near 0 or 1): a softmax on binary attributes."""
    rng = np.random.default_rng(37)
    prob = rng.beta(0.5, 0.5, (5, 30))
    y = rng.permutation(np.repeat(np.arange(5, dtype=np.int64), 100))
    X = (rng.uniform(size=(500, 30)) < prob[y]).astype(np.float32)
    return _tensors(X, y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("chaotic lags relu mlp", FRESH13, "regression", chaotic_lags, "mlp", "mse", {"hidden": (24,)}),
    ("dose response raw mlp", FRESH13, "classification", dose_response, "mlp", "cross_entropy", {"hidden": (16,)}, True),
    ("mirror patterns cnn", FRESH13, "classification", mirror_patterns, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
    ("bernoulli mixture softmax", FRESH13, "classification", bernoulli_mixture, "softmax", "cross_entropy", {}),
)  # fmt: skip
