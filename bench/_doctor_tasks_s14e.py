"""The data of the doctor corpus's fifth session-14 group (``_doctor_tasks.py``): a fourteenth
fresh group, ``fresh14``, written on 2026-12-05 at 00:25 UTC, before session 14's fifth
change (quiet "too small" runs that are still falling) was designed and before any run of the
group was trained. It is read once, as the clean test of that change, by the rule
pre-registered in the commit that freezes it. None of its tasks shares a generator, a data set
and a model with a task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH14 = "fresh14"


@functools.cache
def damped_oscillator() -> tuple[torch.Tensor, torch.Tensor]:
    """400 damped oscillations ``exp(-d t) cos(w t)`` sampled at 8 times (normal noise, sd
    0.05), the target the damping ``d`` (0.1-1) from the samples, features and target
    standardised: a parameter read off a signal by a tanh MLP."""
    rng = np.random.default_rng(41)
    d, w = rng.uniform(0.1, 1.0, 400), rng.uniform(1.0, 3.0, 400)
    t = np.linspace(0.0, 3.5, 8)
    X = np.exp(-d[:, None] * t) * np.cos(w[:, None] * t) + rng.normal(0.0, 0.05, (400, 8))
    return _tensors(_standardised(X).astype(np.float32), _standardised(d).astype(np.float32))


@functools.cache
def salaries_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """420 employees with raw covariates in their units (years of service 0-40, hours per week
    20-60, a 1-5 grade), the target the yearly salary in dollars (``20000 + 900 years + 8000
    grade + 300 hours`` plus normal noise, sd 4000), left unscaled: a linear model under a
    Huber loss on dollar-sized targets."""
    rng = np.random.default_rng(41)
    years, hours = rng.uniform(0, 40, 420), rng.uniform(20, 60, 420)
    grade = rng.integers(1, 6, 420).astype(float)
    salary = 20000 + 900 * years + 8000 * grade + 300 * hours + rng.normal(0.0, 4000.0, 420)
    X = np.stack([years, hours, grade], axis=1).astype(np.float32)
    return _tensors(X, (salary / 1000.0).astype(np.float32))


@functools.cache
def crosses() -> tuple[torch.Tensor, torch.Tensor]:
    """450 12 x 12 one-channel images with one shape at a random place (normal noise, sd 0.35):
    a plus sign, a diagonal cross or a hollow 3 x 3 ring, the class (3) its kind, flattened:
    shape kinds for a CNN."""
    rng = np.random.default_rng(41)
    y = rng.permutation(np.repeat(np.arange(3, dtype=np.int64), 150))
    X = rng.normal(0.0, 0.35, (450, 12, 12))
    for i, c in enumerate(y):
        r, s = rng.integers(1, 11, 2)
        if c == 0:
            X[i, r, s - 1 : s + 2] += 1.0
            X[i, r - 1 : r + 2, s] += 1.0
        elif c == 1:
            for k in (-1, 0, 1):
                X[i, r + k, s + k] += 1.0
                X[i, r + k, s - k] += 1.0
        else:
            X[i, r - 1 : r + 2, s - 1 : s + 2] += 1.0
            X[i, r, s] -= 1.0
    return _tensors(X.reshape(450, -1).astype(np.float32), y)


@functools.cache
def majority_vote() -> tuple[torch.Tensor, torch.Tensor]:
    """500 rows of 15 features in {-1, +1}, the class (2) whether the first 7 vote +1 by
    majority, 8 features pure noise: a threshold function for a logistic model."""
    rng = np.random.default_rng(41)
    X = rng.choice([-1.0, 1.0], size=(500, 15))
    y = (X[:, :7].sum(axis=1) > 0).astype(np.int64)
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("damped oscillator tanh mlp", FRESH14, "regression", damped_oscillator, "mlp", "mse", {"hidden": (48,), "activation": "tanh"}),
    ("salaries raw huber linear", FRESH14, "regression", salaries_raw, "linear", "huber", {}, True),
    ("crosses cnn", FRESH14, "classification", crosses, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("majority vote logistic", FRESH14, "classification", majority_vote, "logistic", "bce"),
)  # fmt: skip
