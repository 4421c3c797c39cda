"""The data of the doctor corpus's first session-20 group (``_doctor_tasks.py``): a thirty-fifth
fresh group, ``fresh35``, written on 2026-12-05 at 16:37 UTC, before session 20's first doctor
helper maps and designs a change on "slow progress" false alarms, and before any run of this
group was trained. Written to hold healthy runs at the smallest healthy rate of their grid next
to too-small ones: tasks whose best loss sits well above 0 (overlapping classes, flipped labels,
noisy targets), so that the 1.25x band of the grid's best reaches down to rates whose loss is
still falling at the end of the budget. A logistic model on raw clinic readings (the group's
badly scaled task: years, kilograms, mg/dl, mmHg), a softmax on noisy ordinal grades, a two-layer
sigmoid MLP on three close clusters with flipped labels, a ReLU MLP on a noisy sinc, a one-layer
GELU MLP on a noisy cubic trend with a Huber loss; and, as the corpus's other kinds, a small CNN
telling which half of a noisy image holds a faint dot, with flipped labels. Every training set has
at most 256 rows. None of its tasks shares a generator, a data set and a model with a task of an
earlier group, fresh34 included, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH35 = "fresh35"


@functools.cache
def raw_clinic_readings() -> tuple[torch.Tensor, torch.Tensor]:
    """230 patients: age in years (uniform 20-85), weight in kilograms (normal 78, sd 14),
    cholesterol in mg/dl (normal 200, sd 35) and systolic pressure in mmHg (normal 130, sd 18),
    given raw (the group's badly scaled task: scales from 14 to 200); the class (2) whether a
    check-up finds a risk, ``(age - 52) / 15 + (chol - 200) / 40 + (bp - 130) / 20`` plus
    logistic noise (scale 1) above 0: a logistic model on raw readings whose classes overlap."""
    rng = np.random.default_rng(350)
    n = 230
    age, weight = rng.uniform(20.0, 85.0, n), rng.normal(78.0, 14.0, n)
    chol, bp = rng.normal(200.0, 35.0, n), rng.normal(130.0, 18.0, n)
    z = (age - 52.0) / 15.0 + (chol - 200.0) / 40.0 + (bp - 130.0) / 20.0
    y = (z + rng.logistic(0.0, 1.0, n) > 0).astype(np.int64)
    X = np.column_stack([age, weight, chol, bp])
    return _tensors(X.astype(np.float32), y)


@functools.cache
def noisy_ordinal_grades() -> tuple[torch.Tensor, torch.Tensor]:
    """240 students, 5 standardised normal features; a latent score ``x @ (1, 0.7, -0.5, 0.3, 0)``
    plus normal noise (sd 0.8), cut at its quartiles into 4 ordered grades (the class): a
    softmax on classes that overlap their neighbours (its best loss is well above 0)."""
    rng = np.random.default_rng(351)
    X = rng.normal(0.0, 1.0, (240, 5))
    score = X @ np.array([1.0, 0.7, -0.5, 0.3, 0.0]) + rng.normal(0.0, 0.8, 240)
    y = np.searchsorted(np.quantile(score, [0.25, 0.5, 0.75]), score).astype(np.int64)
    return _tensors(X.astype(np.float32), y)


@functools.cache
def close_triplets() -> tuple[torch.Tensor, torch.Tensor]:
    """225 points in 3 classes (75 each), normal clouds (sd 1) around the corners of a triangle
    of side 1.6 in the plane, with a third feature of pure noise, labels flipped at random for
    10%: a two-layer sigmoid MLP on close, overlapping clusters."""
    rng = np.random.default_rng(352)
    angles = np.array([0.0, 2.0, 4.0]) * np.pi / 3
    centres = 0.92 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(3), 75)
    X = np.column_stack([centres[y] + rng.normal(0.0, 1.0, (225, 2)), rng.normal(0.0, 1.0, 225)])
    flip = rng.uniform(0.0, 1.0, 225) < 0.10
    y = y.copy()
    y[flip] = rng.integers(0, 3, int(flip.sum()))
    return _tensors(_standardised(X).astype(np.float32), y.astype(np.int64))


@functools.cache
def noisy_sinc() -> tuple[torch.Tensor, torch.Tensor]:
    """210 points uniform in [-8, 8] and a second feature uniform in [0, 1]; the target
    ``sinc(x0 / pi) + 0.2 x1`` plus normal noise (sd 0.25), features and target standardised:
    a regression for a ReLU MLP whose best loss is well above 0."""
    rng = np.random.default_rng(353)
    x0, x1 = rng.uniform(-8.0, 8.0, 210), rng.uniform(0.0, 1.0, 210)
    y = np.sinc(x0 / np.pi) + 0.2 * x1 + rng.normal(0.0, 0.25, 210)
    X = np.column_stack([x0, x1])
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def noisy_cubic_trend() -> tuple[torch.Tensor, torch.Tensor]:
    """200 points, 3 standardised normal features; the target ``0.4 x0^3 - x0 + 0.5 x1 x2`` plus
    Student-t noise (3 degrees of freedom, scale 0.5), target standardised: a Huber regression
    for a one-layer GELU MLP, noisy with a few outliers."""
    rng = np.random.default_rng(354)
    X = rng.normal(0.0, 1.0, (200, 3))
    y = 0.4 * X[:, 0] ** 3 - X[:, 0] + 0.5 * X[:, 1] * X[:, 2] + 0.5 * rng.standard_t(3, 200)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def faint_dot_side() -> tuple[torch.Tensor, torch.Tensor]:
    """232 8 x 8 one-channel images, each with a faint 2 x 2 dot (brightness uniform 0.3-0.8)
    at a random place in the left or the right half (the class, 2), over normal pixel noise
    (sd 0.5), labels flipped at random for 8%: a classification for a small CNN whose best loss
    is well above 0."""
    rng = np.random.default_rng(355)
    n, side = 232, 8
    X = rng.normal(0.0, 0.5, (n, side, side))
    y = rng.integers(0, 2, n).astype(np.int64)
    for i in range(n):
        r = rng.integers(0, side - 1)
        c = rng.integers(0, side // 2 - 1) + (side // 2 if y[i] else 0)
        X[i, r : r + 2, c : c + 2] += rng.uniform(0.3, 0.8)
    flip = rng.uniform(0.0, 1.0, n) < 0.08
    y[flip] = 1 - y[flip]
    return _tensors(X.reshape(n, side * side).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw clinic readings logistic", FRESH35, "classification", raw_clinic_readings, "logistic", "bce", {}, True),
    ("noisy ordinal grades softmax", FRESH35, "classification", noisy_ordinal_grades, "softmax", "cross_entropy", {}),
    ("close triplets deep sigmoid mlp", FRESH35, "classification", close_triplets, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "sigmoid"}),
    ("noisy sinc relu mlp", FRESH35, "regression", noisy_sinc, "mlp", "mse", {"hidden": (32,), "activation": "relu"}),
    ("noisy cubic trend huber gelu mlp", FRESH35, "regression", noisy_cubic_trend, "mlp", "huber", {"hidden": (24,), "activation": "gelu"}),
    ("faint dot side cnn", FRESH35, "classification", faint_dot_side, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
)  # fmt: skip
