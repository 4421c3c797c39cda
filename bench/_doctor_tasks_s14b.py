"""The data of the doctor corpus's second session-14 group (``_doctor_tasks.py``): an eleventh
fresh group, ``fresh11``, written after session 14's first change was evaluated and reverted,
before a second change was designed and before any run of the group was trained. It is read
once, as the clean test of that second change, by the rule pre-registered in the commit that
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

FRESH11 = "fresh11"


@functools.cache
def square_bands() -> tuple[torch.Tensor, torch.Tensor]:
    """450 points uniform in [-3, 3]^2, the class the band of their largest coordinate
    (``max(|x1|, |x2|)`` below 1, 1 to 2, above 2), jittered by normal noise (sd 0.1) after
    labelling: three nested square bands."""
    rng = np.random.default_rng(29)
    X = rng.uniform(-3.0, 3.0, (450, 2))
    y = np.minimum(np.floor(np.abs(X).max(1)), 2).astype(np.int64)
    return _tensors((X + rng.normal(0.0, 0.1, X.shape)).astype(np.float32), y)


@functools.cache
def products() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points normal in 5-d, target ``x1 x2 + sin(2 x3) x4 - x5 |x1|`` plus normal noise
    (sd 0.2), standardised: interactions for a sigmoid MLP."""
    rng = np.random.default_rng(29)
    X = rng.normal(size=(400, 5))
    f = X[:, 0] * X[:, 1] + np.sin(2 * X[:, 2]) * X[:, 3] - X[:, 4] * np.abs(X[:, 0])
    return _tensors(X.astype(np.float32), _standardised(f + 0.2 * rng.normal(size=400)))


@functools.cache
def corners() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel images (pixel noise sd 0.7) holding one L-shaped corner
    (two arms of 4 pixels, intensity 1) at a random place, the class its orientation (4),
    flattened: image classes for a CNN."""
    rng = np.random.default_rng(29)
    y = rng.integers(0, 4, 400).astype(np.int64)
    X = rng.normal(0.0, 0.7, (400, 12, 12))
    for i, (label, (cy, cx)) in enumerate(zip(y, rng.integers(4, 8, (400, 2)))):
        sy, sx = (1, 1) if label == 0 else (1, -1) if label == 1 else (-1, 1) if label == 2 else (-1, -1)
        for k in range(4):
            X[i, cy + sy * k, cx] += 1.0
            X[i, cy, cx + sx * k] += 1.0
        X[i, cy, cx] -= 1.0  # the corner pixel once
    return _tensors(X.reshape(400, -1), y)


@functools.cache
def offset_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """450 points of three Gaussian classes in 5-d (unit spread, means 1.5 apart along random
    directions), every feature then shifted by +50 and left uncentred: a softmax whose inputs
    carry a large common offset (an ill-conditioned Hessian from the mean, not the scales)."""
    rng = np.random.default_rng(29)
    y = np.repeat(np.arange(3, dtype=np.int64), 150)
    means = rng.normal(size=(3, 5))
    means *= 1.5 / np.linalg.norm(means, axis=1, keepdims=True)
    X = means[y] + rng.normal(size=(450, 5)) + 50.0
    order = rng.permutation(450)
    return _tensors(X[order].astype(np.float32), y[order])


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("square bands gelu mlp", FRESH11, "classification", square_bands, "mlp", "cross_entropy", {"hidden": (32, 32), "activation": "gelu"}),
    ("products sigmoid mlp", FRESH11, "regression", products, "mlp", "mse", {"hidden": (32,), "activation": "sigmoid"}),
    ("corners cnn", FRESH11, "classification", corners, "cnn", "cross_entropy", {"channels": (4, 4)}, False, True),
    ("offset raw softmax", FRESH11, "classification", offset_raw, "softmax", "cross_entropy", {}, True),
)  # fmt: skip
