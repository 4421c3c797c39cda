"""The data of the doctor corpus's fifty-seventh group (``_doctor_tasks.py``): ``fresh57``, written on
2026-12-06 at 11:55 UTC by session 27's doctor helper doctor30, before any run of the group was
diagnosed. Caveat: it was written AFTER the candidate it is for had been named (the slow-progress
check of ``doctor/_progress.py`` reading a mini-batch run's start as the loss over the data at the
initial weights, ``History.initial_data_loss``, instead of the first epoch's mean loss, whose
weights moved during that epoch). This group holds that regime: mini-batch runs on training sets
large enough (1200 to 1600 rows: 38 to 50 batches of 32 an epoch) that the 200 planned updates span
four to six epochs, so the first epoch's mean is read over a quarter of the run or so, while the
grid's low rates leave runs too small to move.

Four small tasks, no image, trained with the corpus's grids (SGD, momentum, Adam on mini-batches of
32; full-batch GD beside them): a GELU MLP (32,) on kelp biomass; a linear model on spindle
torque; a ReLU MLP (48,) classifying spore counts in four classes; a tanh MLP (32, 32) on tide
gauge residuals. Inputs standardised; none of its tasks shares a generator, a data set and a model
with a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH57 = "fresh57"


@functools.cache
def kelp_biomass() -> tuple[torch.Tensor, torch.Tensor]:
    """1600 kelp plots: water temperature, light, turbidity, current, depth, urchin density (normal,
    standardised); the target the biomass ``softplus(1.2 temperature) + 0.6 light (1 -
    0.5 turbidity) - 0.4 depth + 0.2 current`` plus normal noise (sd 0.3), standardised: a GELU MLP
    (32,)."""
    rng = np.random.default_rng(570)
    n = 1600
    X = rng.normal(0.0, 1.0, (n, 6))
    y = np.logaddexp(0.0, 1.2 * X[:, 0]) + 0.6 * X[:, 1] * (1 - 0.5 * X[:, 2]) - 0.4 * X[:, 4] + 0.2 * X[:, 3]
    y = y + rng.normal(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def spindle_torque() -> tuple[torch.Tensor, torch.Tensor]:
    """1400 spinning frame readings: ten settings (spindle speed, twist, humidity, ... correlated normal,
    standardised); the target the spindle torque, linear in them (weights normal, sd 0.5) plus
    normal noise (sd 0.4), standardised: a linear model."""
    rng = np.random.default_rng(571)
    n = 1400
    mix = rng.normal(0.0, 0.3, (10, 10)) + np.eye(10)
    X = rng.normal(0.0, 1.0, (n, 10)) @ mix
    y = X @ rng.normal(0.0, 0.5, 10) + rng.normal(0.0, 0.4, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def spore_count() -> tuple[torch.Tensor, torch.Tensor]:
    """1500 air samples: eight readings (humidity, leaf wetness, temperature, wind, hour sine and cosine,
    rain, canopy; normal, standardised); the spore-count class (four) the arg-max of four fixed
    nonlinear scores plus Gumbel noise (scale 0.5): a ReLU MLP (48,)."""
    rng = np.random.default_rng(572)
    n = 1500
    X = rng.normal(0.0, 1.0, (n, 8))
    scores = np.stack(
        [
            X[:, 0] - X[:, 3],
            np.tanh(2 * X[:, 1]) + 0.5 * X[:, 2],
            X[:, 4] * X[:, 5],
            0.7 * X[:, 6] - 0.3 * X[:, 7] ** 2,
        ],
        axis=1,
    )
    y = np.argmax(scores + rng.gumbel(0.0, 0.5, scores.shape), axis=1).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def tide_residual() -> tuple[torch.Tensor, torch.Tensor]:
    """1200 hours: pressure anomaly, wind stress along and across shore, river discharge, tidal
    phase sine and cosine (normal, standardised); the target the surge residual ``-0.9 pressure +
    0.8 tanh(alongshore) + 0.3 discharge + 0.4 sin cross`` plus normal noise (sd 0.25),
    standardised: a tanh MLP (32, 32)."""
    rng = np.random.default_rng(573)
    n = 1200
    X = rng.normal(0.0, 1.0, (n, 6))
    y = -0.9 * X[:, 0] + 0.8 * np.tanh(X[:, 1]) + 0.3 * X[:, 3] + 0.4 * X[:, 4] * X[:, 2] + rng.normal(0.0, 0.25, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("kelp biomass gelu mlp", FRESH57, "regression", kelp_biomass, "mlp", "mse", {"hidden": (32,), "activation": "gelu"}),
    ("spindle torque linear", FRESH57, "regression", spindle_torque, "linear", "mse", {}),
    ("spore count relu mlp", FRESH57, "classification", spore_count, "mlp", "cross_entropy", {"hidden": (48,)}),
    ("tide residual tanh mlp", FRESH57, "regression", tide_residual, "mlp", "mse", {"hidden": (32, 32), "activation": "tanh"}),
)  # fmt: skip
