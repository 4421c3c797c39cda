"""The data of the doctor corpus's second session-13 group (``_doctor_tasks.py``): an eighth fresh
group, ``fresh8``, written on 2026-12-04 at 20:27 UTC, after session 13's first change (the
catapult rule) was evaluated on every other group and reverted, and before a second change was
fitted or any run of the group was trained. None of the variants tried on the earlier groups
lowered their false alarms + quiet unhealthy runs (the rule pre-registered in the commit that
added this group); it was then read once, the same day, as the clean test of session 13's
second change (a veto of "too small" where the late steps land at or past the line minimum,
Cockpit's alpha, on full-batch and zero-curvature runs), which it did not move: that change was
reverted.
None of its tasks shares a generator, a data set and a model with a task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH8 = "fresh8"


@functools.cache
def rotated_gaussians() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points in 8-d, 5 classes of 120, each an anisotropic normal (axis sd 0.3 to 3, a
    random rotation per class) around its own centre (sd 2), standardised: for a softmax."""
    rng = np.random.default_rng(14)
    parts = []
    for _ in range(5):
        rotation, _ = np.linalg.qr(rng.normal(size=(8, 8)))
        parts.append(rng.normal(0.0, 2.0, 8) + (rng.normal(size=(120, 8)) * np.geomspace(0.3, 3.0, 8)) @ rotation)
    y = np.repeat(np.arange(5, dtype=np.int64), 120)
    return _tensors(_standardised(np.concatenate(parts)), y)


@functools.cache
def glyphs() -> tuple[torch.Tensor, torch.Tensor]:
    """450 noisy 10 x 10 one-channel images (pixel noise sd 0.6) of a plus, a ring or an X,
    each shifted by up to 2 pixels, flattened: image classes for a GELU MLP."""
    rng = np.random.default_rng(14)
    r, c = np.meshgrid(np.arange(10) - 4.5, np.arange(10) - 4.5, indexing="ij")
    shapes = [
        (np.abs(r) < 1) | (np.abs(c) < 1),
        np.abs(np.hypot(r, c) - 3.0) < 0.8,
        (np.abs(r - c) < 1) | (np.abs(r + c) < 1),
    ]
    y = np.repeat(np.arange(3, dtype=np.int64), 150)
    X = rng.normal(0.0, 0.6, (450, 10, 10))
    for i, label in enumerate(y):
        dr, dc = rng.integers(-2, 3, 2)
        X[i] += np.roll(shapes[label], (dr, dc), axis=(0, 1))
    order = rng.permutation(450)
    return _tensors(X.reshape(450, -1)[order], y[order])


@functools.cache
def ridge() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform in [-1, 1]^3, target ``|x1 + x2| - x3^2 + sin(4 x1 x3)`` plus
    heavy-tailed noise (Student t, 2 degrees of freedom, scale 0.1), standardised: a regression
    on the Huber loss for a deep GELU MLP."""
    rng = np.random.default_rng(14)
    X = rng.uniform(-1.0, 1.0, (500, 3))
    f = np.abs(X[:, 0] + X[:, 1]) - X[:, 2] ** 2 + np.sin(4 * X[:, 0] * X[:, 2])
    return _tensors(X, _standardised(f + 0.1 * rng.standard_t(2, 500)))


@functools.cache
def lognormal_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points of 6 log-normal features (log-sd 1, raw: heavy right tails, means from 1 to
    1000 by column), the class whether a noisy linear score of their logs is positive: a badly
    scaled logistic regression."""
    rng = np.random.default_rng(14)
    logs = rng.normal(0.0, 1.0, (500, 6))
    score = logs @ np.array([1.0, -1.0, 0.5, 0.0, -0.5, 0.0]) + rng.normal(0.0, 0.5, 500)
    X = np.exp(logs) * 10 ** np.linspace(0.0, 3.0, 6)
    return _tensors(X, (score > 0).astype(np.int64))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("rotated gaussians softmax", FRESH8, "classification", rotated_gaussians, "softmax", "cross_entropy"),
    ("glyphs gelu mlp", FRESH8, "classification", glyphs, "mlp", "cross_entropy", {"hidden": (64,), "activation": "gelu"}, False, True),
    ("ridge huber deep gelu mlp", FRESH8, "regression", ridge, "mlp", "huber", {"hidden": (32, 32, 32), "activation": "gelu"}),
    ("lognormal raw logistic", FRESH8, "classification", lognormal_raw, "logistic", "bce", {}, True),
)  # fmt: skip
