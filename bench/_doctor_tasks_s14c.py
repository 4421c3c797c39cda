"""The data of the doctor corpus's third session-14 group (``_doctor_tasks.py``): a twelfth
fresh group, ``fresh12``, written on 2026-12-04 at 23:25 UTC, after session 14's first two
changes were evaluated and reverted, before a third change was designed and before any run of
the group was trained. It is read once, as the clean test of that third change, by the rule
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

FRESH12 = "fresh12"


@functools.cache
def word_counts() -> tuple[torch.Tensor, torch.Tensor]:
    """500 rows of 60 raw counts (Poisson, each feature's rate lognormal around 0.4: most
    counts 0, a few features counting into the tens), the class a sparse linear rule of 8 of
    them (weights +-1 over the feature's rate, bias -0.5) with 10% of the labels flipped, left
    unscaled: a logistic model on bag-of-words counts."""
    rng = np.random.default_rng(31)
    rate = np.exp(rng.normal(-1.0, 1.2, 60))
    X = rng.poisson(rate, (500, 60)).astype(np.float32)
    w = np.zeros(60)
    chosen = rng.choice(60, 8, replace=False)
    w[chosen] = rng.choice([-1.0, 1.0], 8) / np.sqrt(rate[chosen])
    y = (X @ w - 0.5 > 0).astype(np.int64)
    flip = rng.uniform(size=500) < 0.1
    return _tensors(X, np.where(flip, 1 - y, y))


@functools.cache
def heavy_tails() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points normal in 4-d, target ``tanh(x1 + x2) + 0.5 x3^2 - x4`` plus Student-t noise
    (2 degrees of freedom, scale 0.3: outliers), standardised: a robust (Huber) fit by a tanh
    MLP."""
    rng = np.random.default_rng(31)
    X = rng.normal(size=(400, 4))
    f = np.tanh(X[:, 0] + X[:, 1]) + 0.5 * X[:, 2] ** 2 - X[:, 3]
    return _tensors(X.astype(np.float32), _standardised(f + 0.3 * rng.standard_t(2, 400)))


@functools.cache
def rectangles() -> tuple[torch.Tensor, torch.Tensor]:
    """420 noisy 10 x 10 one-channel images (pixel noise sd 0.5) holding one filled rectangle
    (intensity 1) at a random place, the class its aspect (3: wide, 2 x 5 to 3 x 7; tall, the
    transpose; square, 3 x 3 to 4 x 4), flattened: image classes by shape for a CNN."""
    rng = np.random.default_rng(31)
    y = np.repeat(np.arange(3, dtype=np.int64), 140)
    X = rng.normal(0.0, 0.5, (420, 10, 10))
    for i, label in enumerate(y):
        if label == 2:
            h = w = int(rng.integers(3, 5))
        else:
            h, w = int(rng.integers(2, 4)), int(rng.integers(5, 8))
            h, w = (h, w) if label == 0 else (w, h)
        top, left = int(rng.integers(0, 11 - h)), int(rng.integers(0, 11 - w))
        X[i, top : top + h, left : left + w] += 1.0
    order = rng.permutation(420)
    return _tensors(X[order].reshape(420, -1).astype(np.float32), y[order])


@functools.cache
def one_hot_levels() -> tuple[torch.Tensor, torch.Tensor]:
    """480 rows of 6 categorical variables of 4 levels each, one-hot encoded (24 0/1 features),
    the class (4) the argmax of summed random level effects (normal, sd 1) plus Gumbel noise:
    a softmax on one-hot categories."""
    rng = np.random.default_rng(31)
    levels = rng.integers(0, 4, (480, 6))
    effects = rng.normal(size=(6, 4, 4))  # variable, level, class
    scores = effects[np.arange(6), levels].sum(1) + rng.gumbel(size=(480, 4))
    X = np.zeros((480, 24), dtype=np.float32)
    X[np.arange(480)[:, None], 4 * np.arange(6) + levels] = 1.0
    return _tensors(X, scores.argmax(1).astype(np.int64))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("word counts raw logistic", FRESH12, "classification", word_counts, "logistic", "bce", {}, True),
    ("heavy tails huber tanh mlp", FRESH12, "regression", heavy_tails, "mlp", "huber", {"hidden": (32, 32), "activation": "tanh"}),
    ("rectangles cnn", FRESH12, "classification", rectangles, "cnn", "cross_entropy", {"channels": (6, 8)}, False, True),
    ("one hot softmax", FRESH12, "classification", one_hot_levels, "softmax", "cross_entropy", {}),
)  # fmt: skip
