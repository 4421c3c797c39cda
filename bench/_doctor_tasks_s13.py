"""The data of the doctor corpus's session-13 group (``_doctor_tasks.py``): a seventh fresh group,
``fresh7``, written on 2026-12-04 at 20:13 UTC, before session 13's doctor change was fitted and
before any run of the group was trained. Its figures are read once, under the doctor before and
after that change, as the clean estimate. None of its tasks shares a generator, a data set and a
model with a task of an earlier group; it brings what no earlier group has: a CNN on a
regression, a heavily imbalanced classification, a single wide hidden layer, and the absolute
error on a linear model with badly scaled features.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import sklearn.datasets
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH7 = "fresh7"


@functools.cache
def counts() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel images (pixel noise sd 0.5), each with 1 to 6 bright 2 x 2
    squares (height 1) at random places, the target the number of squares, standardised: a
    counting regression for a CNN."""
    rng = np.random.default_rng(13)
    side, n = 12, 400
    X = rng.normal(0.0, 0.5, (n, side, side))
    k = rng.integers(1, 7, n)
    for i, squares in enumerate(k):
        for r, c in rng.integers(0, side - 1, (squares, 2)):
            X[i, r : r + 2, c : c + 2] += 1.0
    return _tensors(X.reshape(n, -1), _standardised(k.astype(float)))


@functools.cache
def imbalanced() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points in 5-d: 540 of class 0 from a standard normal, 60 of class 1 from a normal
    centred at 1.2 along every axis with sd 0.7 (10% minority, overlapping), standardised: an
    imbalanced logistic regression."""
    rng = np.random.default_rng(13)
    X = np.concatenate([rng.normal(0.0, 1.0, (540, 5)), rng.normal(1.2, 0.7, (60, 5))])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [540, 60])
    order = rng.permutation(600)
    return _tensors(_standardised(X[order]), y[order])


@functools.cache
def eight_classes() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_classification``: 800 x 10 features (6 informative), 8 classes of one cluster
    each, 2% of the labels flipped, standardised: for a single wide (256) tanh layer."""
    X, y = sklearn.datasets.make_classification(
        n_samples=800,
        n_features=10,
        n_informative=6,
        n_redundant=0,
        n_classes=8,
        n_clusters_per_class=1,
        flip_y=0.02,
        random_state=13,
    )
    return _tensors(_standardised(X), y.astype(np.int64))


@functools.cache
def uncorrelated_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_sparse_uncorrelated``: 500 x 8 features (4 of them in the target), the columns
    multiplied by ``10**linspace(-1, 1.5, 8)`` (unstandardised), the target standardised: a
    badly scaled regression on the absolute error."""
    X, y = sklearn.datasets.make_sparse_uncorrelated(n_samples=500, n_features=8, random_state=13)
    return _tensors(X * 10 ** np.linspace(-1.0, 1.5, 8), _standardised(y))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("counts cnn regression", FRESH7, "regression", counts, "cnn", "mse", {"channels": (4, 8)}, False, True),
    ("imbalanced logistic", FRESH7, "classification", imbalanced, "logistic", "bce"),
    ("eight classes wide tanh mlp", FRESH7, "classification", eight_classes, "mlp", "cross_entropy", {"hidden": (256,), "activation": "tanh"}),
    ("uncorrelated raw mae linear", FRESH7, "regression", uncorrelated_raw, "linear", "mae", {}, True),
)  # fmt: skip
