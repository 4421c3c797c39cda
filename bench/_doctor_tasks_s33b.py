"""The data of the doctor corpus's sixtieth group (``_doctor_tasks.py``): ``fresh60``, written on
2026-12-07 by session 33's doctor helper doctor35, before any run of the group was diagnosed. Caveat:
it was written AFTER its candidates had been conceived (``bench/doctor34_prereg.md``'s D2, no step-1
headroom; doctor34's report: the advice on Adam's readings with m's bias correction in them is a tenth
of what a short mini-batch run needs), for their regime: short Adam runs, whose first instrument
reading is at update 1, where the correction ``1-β1^t`` is 0.1.

Eight small tasks, no image, Adam only, each with its own update budget (``Task.steps``, under 30
updates, so the default sampling reads at update 1 and at the end: ``default_steps``): five
mini-batch Adam grids at batches of 32 (``train``'s default regime once its ``batch_size`` defaults to
32) for five to ten epochs of 64 to 160 rows (20 to 28 updates), and three full-batch Adam grids
(``adam_full``) planned for 10, 12 and 15 updates. A ReLU MLP (32,) classifying standardised malthouse
batches in three classes; a GELU MLP (32, 16) on standardised glassblower readings; a tanh MLP (16,)
classifying standardised wheelwright spokes in two classes; a ReLU MLP (16, 16) on raw osier bed
readings; a softmax regression on standardised salt pan grades in three classes; a ReLU MLP (64,)
classifying standardised thatcher bundles in four classes; a tanh MLP (32, 16) on standardised
cordwainer readings; a GELU MLP (32,) on raw farrier readings. None of its tasks shares a generator,
a data set and a model with a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH60 = "fresh60"
FULL = ("adam_full",)
MINI = ("adam",)


@functools.cache
def malthouse() -> tuple[torch.Tensor, torch.Tensor]:
    """128 malt batches: five readings (steep hours, germination days, kiln heat, moisture, barley
    protein; normal, standardised); the class (3) a grade from ``x0 - 0.7 x2 + 0.5 x1 x3 + 0.3 x4``
    plus logistic noise (scale 0.3), cut at -0.6 and 0.6: a ReLU MLP (32,), Adam on mini-batches of
    32 for five epochs (20 updates)."""
    rng = np.random.default_rng(600)
    n = 128
    X = rng.normal(0.0, 1.0, (n, 5))
    z = X[:, 0] - 0.7 * X[:, 2] + 0.5 * X[:, 1] * X[:, 3] + 0.3 * X[:, 4] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.6, 0.6]).astype(np.int64))


@functools.cache
def glassblower() -> tuple[torch.Tensor, torch.Tensor]:
    """160 gathers of glass: four readings (furnace heat, gather weight, blowing time, annealing
    hours; normal, standardised); the target the wall thickness ``sin(x0) + 0.6 x1 - 0.5 x2 x3``
    plus normal noise (sd 0.2), standardised: a GELU MLP (32, 16), Adam on mini-batches of 32 for
    five epochs (25 updates)."""
    rng = np.random.default_rng(601)
    n = 160
    X = rng.normal(0.0, 1.0, (n, 4))
    y = np.sin(X[:, 0]) + 0.6 * X[:, 1] - 0.5 * X[:, 2] * X[:, 3] + rng.normal(0.0, 0.2, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def wheelwright() -> tuple[torch.Tensor, torch.Tensor]:
    """96 spokes: six readings (ash density, grain angle, seasoning months, length, taper, knots;
    normal, standardised); the class (2) whether it held under load, ``tanh(2 x0) - 0.8 x1 + 0.5 x2 x4``
    plus logistic noise (scale 0.3) positive: a tanh MLP (16,), Adam on mini-batches of 32 for eight
    epochs (24 updates)."""
    rng = np.random.default_rng(602)
    n = 96
    X = rng.normal(0.0, 1.0, (n, 6))
    z = np.tanh(2.0 * X[:, 0]) - 0.8 * X[:, 1] + 0.5 * X[:, 2] * X[:, 4] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def raw_osier_bed() -> tuple[torch.Tensor, torch.Tensor]:
    """64 plots of willow: rods per stool (uniform 10-60), water table in cm (normal 40, sd 10), years
    since planting (uniform 1-12), raw; the target the crop weight ``(rods - 35) / 15 + 0.4 relu(40 -
    water) / 10 + 0.3 log(years)`` plus normal noise (sd 0.3), standardised: a ReLU MLP (16, 16), Adam
    on mini-batches of 32 for ten epochs (20 updates)."""
    rng = np.random.default_rng(603)
    n = 64
    rods, water, years = rng.uniform(10.0, 60.0, n), rng.normal(40.0, 10.0, n), rng.uniform(1.0, 12.0, n)
    y = (
        (rods - 35.0) / 15.0
        + 0.4 * np.maximum(40.0 - water, 0.0) / 10.0
        + 0.3 * np.log(years)
        + rng.normal(0.0, 0.3, n)
    )
    return _tensors(np.column_stack([rods, water, years]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def salt_pan() -> tuple[torch.Tensor, torch.Tensor]:
    """128 pans of brine: four readings (brine strength, fire hours, depth, lime added; normal,
    standardised); the class (3) the salt's grade from ``x0 + 0.8 x1 - 0.6 x3`` plus logistic noise
    (scale 0.3), cut at -0.8 and 0.8: a softmax regression, Adam on mini-batches of 32 for seven
    epochs (28 updates)."""
    rng = np.random.default_rng(604)
    n = 128
    X = rng.normal(0.0, 1.0, (n, 4))
    z = X[:, 0] + 0.8 * X[:, 1] - 0.6 * X[:, 3] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.8, 0.8]).astype(np.int64))


@functools.cache
def thatcher() -> tuple[torch.Tensor, torch.Tensor]:
    """900 bundles of reed: seven readings (length, stem width, cutting month, drying days, silica,
    rot spots, weight; normal, standardised); the class (4) the roof's life, a grade of ``x0 + 0.6 x1
    - 0.7 x5 + 0.4 x2 x3`` plus logistic noise (scale 0.3), cut at its quartiles: a ReLU MLP (64,),
    full-batch Adam for 10 updates."""
    rng = np.random.default_rng(605)
    n = 900
    X = rng.normal(0.0, 1.0, (n, 7))
    z = X[:, 0] + 0.6 * X[:, 1] - 0.7 * X[:, 5] + 0.4 * X[:, 2] * X[:, 3] + rng.logistic(0.0, 0.3, n)
    return _tensors(
        _standardised(X).astype(np.float32), np.digitize(z, np.quantile(z, [0.25, 0.5, 0.75])).astype(np.int64)
    )


@functools.cache
def cordwainer() -> tuple[torch.Tensor, torch.Tensor]:
    """700 pairs of shoes: six readings (leather weight, stitch count, last size, welt width, wax, wear
    weeks; normal, standardised); the target the sole's wear ``tanh(x0) + 0.5 x1 - 0.4 x2 x5 + 0.3
    x3`` plus normal noise (sd 0.25), standardised: a tanh MLP (32, 16), full-batch Adam for 15
    updates."""
    rng = np.random.default_rng(606)
    n = 700
    X = rng.normal(0.0, 1.0, (n, 6))
    y = np.tanh(X[:, 0]) + 0.5 * X[:, 1] - 0.4 * X[:, 2] * X[:, 5] + 0.3 * X[:, 3] + rng.normal(0.0, 0.25, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_farrier() -> tuple[torch.Tensor, torch.Tensor]:
    """300 horseshoes: forge heat in °C (normal 900, sd 60), hammer blows (uniform 20-80), hoof width
    in mm (normal 120, sd 10), raw; the target the shoe's fit ``(heat - 900) / 60 - 0.5 (blows - 50) /
    17 + 0.4 relu(width - 120) / 10`` plus normal noise (sd 0.3), standardised: a GELU MLP (32,),
    full-batch Adam for 12 updates."""
    rng = np.random.default_rng(607)
    n = 300
    heat, blows, width = rng.normal(900.0, 60.0, n), rng.uniform(20.0, 80.0, n), rng.normal(120.0, 10.0, n)
    y = (heat - 900.0) / 60.0 - 0.5 * (blows - 50.0) / 17.0 + 0.4 * np.maximum(width - 120.0, 0.0) / 10.0
    y = y + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([heat, blows, width]).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image, optimizers, steps).
TASKS = (
    ("scaled malthouse relu mlp", FRESH60, "classification", malthouse, "mlp", "cross_entropy", {"hidden": (32,)}, False, False, MINI, 20),
    ("scaled glassblower gelu mlp", FRESH60, "regression", glassblower, "mlp", "mse", {"hidden": (32, 16), "activation": "gelu"}, False, False, MINI, 25),
    ("scaled wheelwright tanh mlp", FRESH60, "classification", wheelwright, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}, False, False, MINI, 24),
    ("raw osier bed relu mlp", FRESH60, "regression", raw_osier_bed, "mlp", "mse", {"hidden": (16, 16)}, True, False, MINI, 20),
    ("scaled salt pan softmax", FRESH60, "classification", salt_pan, "softmax", "cross_entropy", {}, False, False, MINI, 28),
    ("scaled thatcher relu mlp", FRESH60, "classification", thatcher, "mlp", "cross_entropy", {"hidden": (64,)}, False, False, FULL, 10),
    ("scaled cordwainer tanh mlp", FRESH60, "regression", cordwainer, "mlp", "mse", {"hidden": (32, 16), "activation": "tanh"}, False, False, FULL, 15),
    ("raw farrier gelu mlp", FRESH60, "regression", raw_farrier, "mlp", "mse", {"hidden": (32,), "activation": "gelu"}, True, False, FULL, 12),
)  # fmt: skip
