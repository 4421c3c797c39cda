"""The data of the doctor corpus's fifth session-17 group (``_doctor_tasks.py``): a twenty-fifth
fresh group, ``fresh25``, written on 2026-12-05 at 10:18 UTC, before session 17's fifth doctor
change was designed and before any run of the group was trained. The gap that change is to be
about was chosen first: "too small" recall on nearly separable linear classifiers (the loss has
no finite minimum nearby, so an exact "little left" reading can be wrong). So the group has three
linear classifiers on high-dimensional or nearly separable data (a softmax on hashed binary
features, a logistic model on a sparse rule, a logistic model on two separated clouds) and one
that is not separable (a softmax on overlapping clouds with label noise), among a small image
task and a regression on raw, badly scaled features. Every training set has at most 256 rows, so the runs' probe is all of
them (``descend.instruments.run_probe.probe_size``), and each linear classifier's probe has
more outputs than the model has parameters (it cannot fit its probe exactly). None of its tasks
shares a generator, a data set and a model with a task of an earlier group, fresh21 to fresh24
included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH25 = "fresh25"


@functools.cache
def corner_marks() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images, each a bright 2 x 2 square in one of the four corners (the
    class, 4) at a random offset of 0-1 pixel, a dimmer 2 x 2 square placed at random elsewhere,
    and normal pixel noise (sd 0.5): a where-is-it problem for a small CNN."""
    rng = np.random.default_rng(250)
    n, side = 240, 8
    y = rng.permutation(np.resize(np.arange(4, dtype=np.int64), n))
    X = rng.normal(0.0, 0.5, (n, side, side))
    for i in range(n):
        dr, dc = rng.integers(0, 2, 2)
        r = dr if y[i] in (0, 1) else side - 2 - dr
        c = dc if y[i] in (0, 2) else side - 2 - dc
        X[i, r : r + 2, c : c + 2] += 1.5
        r2, c2 = rng.integers(2, side - 3, 2)
        X[i, r2 : r2 + 2, c2 : c2 + 2] += 0.7
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def hashed_features() -> tuple[torch.Tensor, torch.Tensor]:
    """220 rows of 48 binary features (each on with probability 0.15), standardised, the class
    (3) the argmax of a fixed random linear score, no label noise: separable, a softmax model
    with 147 parameters against a 660-output probe."""
    rng = np.random.default_rng(251)
    X = (rng.uniform(0.0, 1.0, (220, 48)) < 0.15).astype(np.float64)
    y = np.argmax(X @ rng.normal(0.0, 1.0, (48, 3)), axis=1).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def sparse_rule() -> tuple[torch.Tensor, torch.Tensor]:
    """200 rows of 120 normal features, standardised, the class (2) the sign of the sum of 4 of
    them, no label noise: separable in a high dimension, a logistic model with 121 parameters
    against a 200-output probe."""
    rng = np.random.default_rng(252)
    X = rng.normal(0.0, 1.0, (200, 120))
    cols = rng.permutation(120)[:4]
    y = (X[:, cols].sum(1) > 0).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def separated_clouds() -> tuple[torch.Tensor, torch.Tensor]:
    """240 rows of 30 features: two normal clouds (sd 1) whose means lie 3.5 apart along a random
    direction, a few points (3%) pushed across towards the other cloud's mean so that the classes
    (2) touch: nearly separable, a logistic model with 31 parameters against a 240-output probe."""
    rng = np.random.default_rng(253)
    direction = rng.normal(0.0, 1.0, 30)
    direction /= np.linalg.norm(direction)
    y = rng.permutation(np.resize(np.arange(2, dtype=np.int64), 240))
    X = rng.normal(0.0, 1.0, (240, 30)) + np.outer(np.where(y == 1, 1.75, -1.75), direction)
    cross = rng.uniform(0.0, 1.0, 240) < 0.03
    X[cross] -= np.outer(np.where(y[cross] == 1, 3.5, -3.5), direction)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def overlapping_clouds() -> tuple[torch.Tensor, torch.Tensor]:
    """250 rows of 20 features: four normal clouds (sd 1) whose means are normal (sd 0.6), the
    class (4) its cloud, labels flipped at random for 15%: not separable, a softmax model with 84
    parameters against a 1000-output probe."""
    rng = np.random.default_rng(254)
    means = rng.normal(0.0, 0.6, (4, 20))
    y = rng.permutation(np.resize(np.arange(4, dtype=np.int64), 250))
    X = rng.normal(0.0, 1.0, (250, 20)) + means[y]
    flip = rng.uniform(0.0, 1.0, 250) < 0.15
    y[flip] = rng.integers(0, 4, flip.sum())
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def damped_wave() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [0, 6] x [-1, 1], the target ``exp(-x0 / 3) * cos(2 x0) + 0.5 x1``
    plus normal noise (sd 0.05), standardised; the features are given raw in units 100 times
    and 0.01 times the target's (x0 in [0, 600], x1 in [-0.01, 0.01]; the group's badly scaled
    task): a smooth regression for a one-layer tanh MLP."""
    rng = np.random.default_rng(255)
    X = np.column_stack([rng.uniform(0.0, 6.0, 240), rng.uniform(-1.0, 1.0, 240)])
    y = np.exp(-X[:, 0] / 3.0) * np.cos(2.0 * X[:, 0]) + 0.5 * X[:, 1] + rng.normal(0.0, 0.05, 240)
    return _tensors((X * np.array([100.0, 0.01])).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("corner marks cnn", FRESH25, "classification", corner_marks, "cnn", "cross_entropy", {"channels": (4, 4)}, False, True),
    ("hashed features softmax", FRESH25, "classification", hashed_features, "softmax", "cross_entropy", {}),
    ("sparse rule logistic", FRESH25, "classification", sparse_rule, "logistic", "bce", {}),
    ("separated clouds logistic", FRESH25, "classification", separated_clouds, "logistic", "bce", {}),
    ("overlapping clouds softmax", FRESH25, "classification", overlapping_clouds, "softmax", "cross_entropy", {}),
    ("damped wave tanh mlp", FRESH25, "regression", damped_wave, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
)  # fmt: skip
