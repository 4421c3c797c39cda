"""The data of the doctor corpus's session-10 group (``_doctor_tasks.py``): a fifth fresh group,
``fresh5``, written on 2026-12-04 at 14:02 UTC, after that session's only doctor change (the
exploding-gradients gate, frozen at 13:23) and before any run of the group was trained. Its
figures are read once, as the clean estimate of the doctor that lands in session 10.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import sklearn.datasets
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH5 = "fresh5"


@functools.cache
def peaks() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform in [-3, 3]^2, target MATLAB's ``peaks`` surface plus noise (sd 0.2),
    standardised: a bumpy smooth regression for a ReLU MLP."""
    rng = np.random.default_rng(11)
    X = rng.uniform(-3.0, 3.0, (500, 2))
    x, y = X[:, 0], X[:, 1]
    z = (
        3 * (1 - x) ** 2 * np.exp(-(x**2) - (y + 1) ** 2)
        - 10 * (x / 5 - x**3 - y**5) * np.exp(-(x**2) - y**2)
        - np.exp(-((x + 1) ** 2) - y**2) / 3
    )
    return _tensors(X / 3, _standardised(z + rng.normal(0.0, 0.2, 500)))


@functools.cache
def blobs_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_blobs``: 500 points in 6-d around 5 centres (cluster sd 1.5), the columns
    multiplied by ``10**linspace(-1, 2, 6)`` (unstandardised): a badly scaled classification."""
    X, y = sklearn.datasets.make_blobs(n_samples=500, n_features=6, centers=5, cluster_std=1.5, random_state=11)
    return _tensors(X * 10 ** np.linspace(-1.0, 2.0, 6), y.astype(np.int64))


@functools.cache
def stripes() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 16 x 16 one-channel images of stripes, 3 classes by direction (horizontal,
    vertical, diagonal; period 4, random phase, amplitude 0.8), pixel noise sd 1.0, flattened."""
    rng = np.random.default_rng(11)
    side, n = 16, 400
    y = rng.integers(0, 3, n)
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    X = rng.normal(0.0, 1.0, (n, side, side))
    for i, label in enumerate(y):
        coordinate = (r, c, r + c)[label]
        X[i] += 0.8 * np.sin(2 * np.pi * (coordinate / 4 + rng.uniform()))
    return _tensors(X.reshape(n, -1), y.astype(np.int64))


@functools.cache
def checkerboard() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform in [-1, 1]^2, the class the colour of a 4 x 4 checkerboard square,
    5% of the labels flipped: for a deep tanh MLP."""
    rng = np.random.default_rng(11)
    X = rng.uniform(-1.0, 1.0, (600, 2))
    y = ((np.floor((X[:, 0] + 1) * 2) + np.floor((X[:, 1] + 1) * 2)) % 2).astype(np.int64)
    flip = rng.random(600) < 0.05
    y[flip] = 1 - y[flip]
    return _tensors(X, y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image). "stripes cnn" turned out, after its one look, to be
# a near relative of the tuning half's "textures cnn" (stripes of period 4 in pixel noise of sd
# 1, even the same generator seed): bench/HISTORY.md reports the group with and without it.
TASKS = (
    ("peaks relu mlp", FRESH5, "regression", peaks, "mlp", "mse", {"hidden": (64, 64)}),
    ("blobs raw mlp", FRESH5, "classification", blobs_raw, "mlp", "cross_entropy", {"hidden": (32,)}, True),
    ("stripes cnn", FRESH5, "classification", stripes, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
    ("checkerboard deep tanh mlp", FRESH5, "classification", checkerboard, "mlp", "cross_entropy", {"hidden": (32,) * 3, "activation": "tanh"}),
)  # fmt: skip
