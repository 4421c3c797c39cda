"""The data of the doctor corpus's second session-20 group (``_doctor_tasks.py``): a thirty-sixth
fresh group, ``fresh36``, written on 2026-12-05 at 17:03 UTC, before session 20's third doctor
helper re-freezes the "conflict" rule (9b73410, reverted in d795657 because it never acted on
fresh35) for a second test, and before any run of this group was trained. Written for that rule's
regime: classifiers whose loss has a finite minimum well above 0 (flipped labels, overlapping
classes, labels drawn at random from a calibrated probability) trained by logistic and softmax
models and a small MLP, so that the healthy runs at the smallest healthy rate of their grid may
still have about 0.15-0.2 of their loss left to fall. A logistic model on survey answers with
flipped labels, a softmax on four crowded blobs, a logistic model on coin-toss outcomes (labels
drawn from a logistic probability), a one-layer sigmoid MLP on the side of a parabola with
flipped labels; a ReLU MLP regression on raw boiler readings (the group's badly scaled task:
kPa, kelvin, litres a minute); and, as the corpus's other kinds, a small CNN telling the
direction of a dim slash in a noisy image, with flipped labels. Every training set has at most
256 rows. None of its tasks shares a generator, a data set and a model with a task of an
earlier group, fresh35 included, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH36 = "fresh36"


@functools.cache
def survey_answers() -> tuple[torch.Tensor, torch.Tensor]:
    """240 respondents, 8 answers sharing a common factor (``0.6 f + 0.8 e``, each normal), the
    class (2) the sign of a fixed random linear score of the answers, flipped at random for 22%,
    standardised: a logistic model whose loss has a finite minimum well above 0."""
    rng = np.random.default_rng(360)
    n = 240
    X = 0.6 * rng.normal(0.0, 1.0, (n, 1)) + 0.8 * rng.normal(0.0, 1.0, (n, 8))
    y = (X @ rng.normal(0.0, 1.0, 8) > 0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, n) < 0.22
    y[flip] = 1 - y[flip]
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def crowded_blobs() -> tuple[torch.Tensor, torch.Tensor]:
    """248 points in 4 classes (62 each), normal clouds (sd 1) around the corners of a square
    (+-0.7, +-0.7) in the plane, with 3 more features of pure noise, standardised: a softmax on
    crowded, overlapping classes (no flips)."""
    rng = np.random.default_rng(361)
    centres = 0.7 * np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    y = rng.permutation(np.repeat(np.arange(4), 62))
    X = np.column_stack([centres[y] + rng.normal(0.0, 1.0, (248, 2)), rng.normal(0.0, 1.0, (248, 3))])
    return _tensors(_standardised(X).astype(np.float32), y.astype(np.int64))


@functools.cache
def coin_toss_outcomes() -> tuple[torch.Tensor, torch.Tensor]:
    """220 rows of 6 normal features, the class (2) drawn at random with probability
    ``sigmoid(1.3 x @ w)`` for a fixed random unit vector ``w``: labels a logistic model can at
    best predict with the calibrated odds (a finite minimum, no flips)."""
    rng = np.random.default_rng(362)
    X = rng.normal(0.0, 1.0, (220, 6))
    w = rng.normal(0.0, 1.0, 6)
    p = 1.0 / (1.0 + np.exp(-1.3 * X @ (w / np.linalg.norm(w))))
    y = (rng.uniform(0.0, 1.0, 220) < p).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def parabola_side() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points uniform in [-2, 2]^2, the class (2) whether ``x1 > x0^2 - 1.5``, flipped at
    random for 15%, standardised: a one-layer sigmoid MLP of 6 units on a curved boundary with
    flipped labels."""
    rng = np.random.default_rng(363)
    X = rng.uniform(-2.0, 2.0, (230, 2))
    y = (X[:, 1] > X[:, 0] ** 2 - 1.5).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 230) < 0.15
    y[flip] = 1 - y[flip]
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def raw_boiler_readings() -> tuple[torch.Tensor, torch.Tensor]:
    """210 boiler readings: pressure in kPa (normal 300, sd 40), water temperature in kelvin
    (normal 350, sd 15) and flow in litres a minute (normal 12, sd 4), given raw (the group's
    badly scaled task: offsets of 12-350); the target an efficiency ``0.004 (kPa - 300) + 0.03
    (K - 350) - 0.05 (flow - 12)^2 / 4`` plus normal noise (sd 0.3), standardised: a regression
    for a one-layer ReLU MLP."""
    rng = np.random.default_rng(364)
    n = 210
    kpa, kelvin, flow = rng.normal(300.0, 40.0, n), rng.normal(350.0, 15.0, n), rng.normal(12.0, 4.0, n)
    y = 0.004 * (kpa - 300.0) + 0.03 * (kelvin - 350.0) - 0.05 * (flow - 12.0) ** 2 / 4.0 + rng.normal(0.0, 0.3, n)
    X = np.column_stack([kpa, kelvin, flow])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def dim_slash_direction() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images, each with a dim diagonal stroke of 4 pixels (brightness
    uniform 0.4-0.9) at a random place, rising (class 0) or falling (class 1), over normal pixel
    noise (sd 0.6), labels flipped at random for 10%: a classification for a small CNN whose best
    loss is well above 0."""
    rng = np.random.default_rng(365)
    n, side, length = 240, 8, 4
    X = rng.normal(0.0, 0.6, (n, side, side))
    y = rng.integers(0, 2, n).astype(np.int64)
    steps = np.arange(length)
    for i in range(n):
        r, c = rng.integers(0, side - length + 1, 2)
        rows = r + (steps if y[i] else steps[::-1])
        X[i, rows, c + steps] += rng.uniform(0.4, 0.9)
    flip = rng.uniform(0.0, 1.0, n) < 0.10
    y[flip] = 1 - y[flip]
    return _tensors(X.reshape(n, side * side).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("flipped survey answers logistic", FRESH36, "classification", survey_answers, "logistic", "bce", {}),
    ("crowded four blobs softmax", FRESH36, "classification", crowded_blobs, "softmax", "cross_entropy", {}),
    ("coin toss outcomes logistic", FRESH36, "classification", coin_toss_outcomes, "logistic", "bce", {}),
    ("parabola side small sigmoid mlp", FRESH36, "classification", parabola_side, "mlp", "cross_entropy", {"hidden": (6,), "activation": "sigmoid"}),
    ("raw boiler readings relu mlp", FRESH36, "regression", raw_boiler_readings, "mlp", "mse", {"hidden": (16,), "activation": "relu"}, True),
    ("dim slash direction cnn", FRESH36, "classification", dim_slash_direction, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
)  # fmt: skip
