"""The data of the doctor corpus's third session-13 group (``_doctor_tasks.py``): a ninth fresh
group, ``fresh9``, written on 2026-12-04 at 21:40 UTC, before session 13's third change (on quiet
"too large" runs) was fitted and before any run of the group was trained. It is read once, as
the clean test of that change, by the rule pre-registered in the commit that freezes the change.
None of its tasks shares a generator, a data set and a model with a task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import sklearn.datasets
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH9 = "fresh9"


@functools.cache
def gratings() -> tuple[torch.Tensor, torch.Tensor]:
    """480 noisy 12 x 12 one-channel images (pixel noise sd 0.5) of a sinusoidal grating at one
    of 4 orientations (0, 45, 90, 135 degrees; period 4 to 6 pixels, random phase), flattened:
    image classes for a CNN."""
    rng = np.random.default_rng(15)
    r, c = np.meshgrid(np.arange(12.0), np.arange(12.0), indexing="ij")
    y = np.repeat(np.arange(4, dtype=np.int64), 120)
    X = rng.normal(0.0, 0.5, (480, 12, 12))
    for i, label in enumerate(y):
        angle = label * np.pi / 4
        period, phase = rng.uniform(4.0, 6.0), rng.uniform(0.0, 2 * np.pi)
        X[i] += np.sin(2 * np.pi * (r * np.cos(angle) + c * np.sin(angle)) / period + phase)
    order = rng.permutation(480)
    return _tensors(X.reshape(480, -1)[order], y[order])


@functools.cache
def cubic() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points normal in 4-d, target ``x1 x2 x3 + x4^3 - 2 x1^2 + x2 x4`` plus normal noise
    (sd 0.2), standardised: a polynomial regression for a deep ReLU MLP."""
    rng = np.random.default_rng(15)
    X = rng.normal(size=(400, 4))
    f = X[:, 0] * X[:, 1] * X[:, 2] + X[:, 3] ** 3 - 2 * X[:, 0] ** 2 + X[:, 1] * X[:, 3]
    return _tensors(X.astype(np.float32), _standardised(f + 0.2 * rng.normal(size=400)))


@functools.cache
def wine_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """sklearn's wine (178 x 13, 3 classes), the columns left raw (proline in the hundreds to
    thousands, hue below 2): a badly scaled ReLU MLP."""
    X, y = sklearn.datasets.load_wine(return_X_y=True)
    return _tensors(X, y.astype(np.int64))


@functools.cache
def forty_features() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_classification``: 600 x 40 features (10 informative, 10 redundant), 4 classes of
    two clusters each, class separation 0.8, 5% of labels flipped, standardised: a softmax."""
    X, y = sklearn.datasets.make_classification(
        n_samples=600,
        n_features=40,
        n_informative=10,
        n_redundant=10,
        n_classes=4,
        n_clusters_per_class=2,
        class_sep=0.8,
        flip_y=0.05,
        random_state=15,
    )
    return _tensors(_standardised(X), y.astype(np.int64))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("gratings cnn", FRESH9, "classification", gratings, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
    ("cubic deep relu mlp", FRESH9, "regression", cubic, "mlp", "mse", {"hidden": (64, 64, 64)}),
    ("wine raw mlp", FRESH9, "classification", wine_raw, "mlp", "cross_entropy", {"hidden": (32,)}, True),
    ("forty features softmax", FRESH9, "classification", forty_features, "softmax", "cross_entropy"),
)  # fmt: skip
