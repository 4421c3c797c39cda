"""The data of the doctor corpus's sixty-first group (``_doctor_tasks.py``): ``fresh61``, written on
2026-12-07 by session 33's doctor helper doctor36, before any run of the group was diagnosed. Caveat:
it was written AFTER its candidates had been conceived (doctor36's trace of fresh60: 24 of the 27
missed too-small runs are mini-batch Adam runs whose headroom is read from their update-1 reading,
where ``v̂`` is one mini-batch's squared gradient and ``m``'s bias correction 0.1), for their regime:
mini-batch Adam at batches of 32 for five to ten epochs of small data, ``train``'s default regime once
its ``batch_size`` defaults to 32; and short full-batch Adam grids as controls (their healthy runs are
where session 33's D1 and D23 each added a false alarm).

Nine small tasks, no image, Adam only, each with its own update budget (``Task.steps``): seven
mini-batch Adam grids at batches of 32, five of them planned for under 30 updates (20 to 28: the first
reading at update 1, ``default_steps``) and two for 48 and 80 updates (the first reading at update 2
and 4); two full-batch Adam grids (``adam_full``) of 12 and 20 updates. A ReLU MLP (32,) classifying
standardised bellfounder castings in three classes; a GELU MLP (32, 16) on standardised dyehouse
readings; a tanh MLP (16,) classifying standardised sawpit planks in two classes; a ReLU MLP (16, 16)
on raw brickfield readings; a softmax regression on standardised flax mill grades in four classes; a
ReLU MLP (32, 16) on standardised charcoal burner readings; a GELU MLP (32,) classifying standardised
tollhouse days in three classes; a ReLU MLP (64,) classifying standardised pottery firings in three
classes (full batch); a tanh MLP (32,) on standardised nailer readings (full batch). None of its tasks
shares a generator, a data set and a model with a task of an earlier group, and none repeats an
earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH61 = "fresh61"
FULL = ("adam_full",)
MINI = ("adam",)


@functools.cache
def bellfounder() -> tuple[torch.Tensor, torch.Tensor]:
    """160 bell castings: five readings (tin share, mould heat, cooling hours, wall thickness, clapper
    weight; normal, standardised); the class (3) the bell's tone from ``x0 - 0.6 x1 + 0.5 x2 x3 + 0.3
    x4`` plus logistic noise (scale 0.3), cut at -0.7 and 0.7: a ReLU MLP (32,), Adam on mini-batches
    of 32 for five epochs (25 updates)."""
    rng = np.random.default_rng(610)
    n = 160
    X = rng.normal(0.0, 1.0, (n, 5))
    z = X[:, 0] - 0.6 * X[:, 1] + 0.5 * X[:, 2] * X[:, 3] + 0.3 * X[:, 4] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.7, 0.7]).astype(np.int64))


@functools.cache
def dyehouse() -> tuple[torch.Tensor, torch.Tensor]:
    """96 vats of dye: four readings (madder weight, alum, vat heat, steeping hours; normal,
    standardised); the target the colour depth ``tanh(x0) + 0.5 x1 - 0.4 x2 x3`` plus normal noise
    (sd 0.2), standardised: a GELU MLP (32, 16), Adam on mini-batches of 32 for eight epochs (24
    updates)."""
    rng = np.random.default_rng(611)
    n = 96
    X = rng.normal(0.0, 1.0, (n, 4))
    y = np.tanh(X[:, 0]) + 0.5 * X[:, 1] - 0.4 * X[:, 2] * X[:, 3] + rng.normal(0.0, 0.2, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def sawpit() -> tuple[torch.Tensor, torch.Tensor]:
    """128 planks: six readings (log girth, saw set, moisture, knots, grain run-out, seasoning; normal,
    standardised); the class (2) whether it sold as prime, ``0.9 x0 - 0.7 x3 + 0.5 tanh(2 x1) x2`` plus
    logistic noise (scale 0.3) positive: a tanh MLP (16,), Adam on mini-batches of 32 for seven epochs
    (28 updates)."""
    rng = np.random.default_rng(612)
    n = 128
    X = rng.normal(0.0, 1.0, (n, 6))
    z = 0.9 * X[:, 0] - 0.7 * X[:, 3] + 0.5 * np.tanh(2.0 * X[:, 1]) * X[:, 2] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def raw_brickfield() -> tuple[torch.Tensor, torch.Tensor]:
    """96 clamps of bricks: clay moisture in % (normal 22, sd 4), firing days (uniform 3-12), fuel in
    kg (normal 800, sd 150), raw; the target the share of sound bricks ``-(moisture - 22) / 4 + 0.5
    log(days) + 0.4 relu(fuel - 800) / 150`` plus normal noise (sd 0.3), standardised: a ReLU MLP
    (16, 16), Adam on mini-batches of 32 for nine epochs (27 updates)."""
    rng = np.random.default_rng(613)
    n = 96
    moisture, days, fuel = rng.normal(22.0, 4.0, n), rng.uniform(3.0, 12.0, n), rng.normal(800.0, 150.0, n)
    y = -(moisture - 22.0) / 4.0 + 0.5 * np.log(days) + 0.4 * np.maximum(fuel - 800.0, 0.0) / 150.0
    y = y + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([moisture, days, fuel]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def flax_mill() -> tuple[torch.Tensor, torch.Tensor]:
    """64 bales of flax: five readings (retting days, fibre length, scutching passes, colour,
    strength; normal, standardised); the class (4) the grade, ``x0 + 0.7 x1 - 0.5 x4 + 0.3 x2`` plus
    logistic noise (scale 0.3), cut at its quartiles: a softmax regression, Adam on mini-batches of 32
    for ten epochs (20 updates)."""
    rng = np.random.default_rng(614)
    n = 64
    X = rng.normal(0.0, 1.0, (n, 5))
    z = X[:, 0] + 0.7 * X[:, 1] - 0.5 * X[:, 4] + 0.3 * X[:, 2] + rng.logistic(0.0, 0.3, n)
    return _tensors(
        _standardised(X).astype(np.float32), np.digitize(z, np.quantile(z, [0.25, 0.5, 0.75])).astype(np.int64)
    )


@functools.cache
def charcoal_burner() -> tuple[torch.Tensor, torch.Tensor]:
    """256 clamps of wood: five readings (wood density, clamp size, turf cover, burn days, wind;
    normal, standardised); the target the charcoal yield ``sin(x0) + 0.5 x1 - 0.4 x3 x4 + 0.3 x2``
    plus normal noise (sd 0.25), standardised: a ReLU MLP (32, 16), Adam on mini-batches of 32 for ten
    epochs (80 updates; the first reading at update 4)."""
    rng = np.random.default_rng(615)
    n = 256
    X = rng.normal(0.0, 1.0, (n, 5))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] - 0.4 * X[:, 3] * X[:, 4] + 0.3 * X[:, 2] + rng.normal(0.0, 0.25, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def tollhouse() -> tuple[torch.Tensor, torch.Tensor]:
    """192 days at a toll gate: six readings (carts, drovers' herds, rain, market day, season,
    repairs; normal, standardised); the class (3) the takings' band from ``x0 + 0.6 x1 - 0.5 x2 +
    0.4 x3 x4`` plus logistic noise (scale 0.3), cut at -0.8 and 0.8: a GELU MLP (32,), Adam on
    mini-batches of 32 for eight epochs (48 updates; the first reading at update 2)."""
    rng = np.random.default_rng(616)
    n = 192
    X = rng.normal(0.0, 1.0, (n, 6))
    z = X[:, 0] + 0.6 * X[:, 1] - 0.5 * X[:, 2] + 0.4 * X[:, 3] * X[:, 4] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.8, 0.8]).astype(np.int64))


@functools.cache
def pottery() -> tuple[torch.Tensor, torch.Tensor]:
    """600 kiln firings: six readings (peak heat, ramp rate, clay grit, glaze thickness, soak hours,
    cooling rate; normal, standardised); the class (3) sound, crazed or cracked from ``x0 - 0.7 x5 +
    0.5 x1 x2 + 0.3 x3`` plus logistic noise (scale 0.3), cut at its terciles: a ReLU MLP (64,),
    full-batch Adam for 12 updates."""
    rng = np.random.default_rng(617)
    n = 600
    X = rng.normal(0.0, 1.0, (n, 6))
    z = X[:, 0] - 0.7 * X[:, 5] + 0.5 * X[:, 1] * X[:, 2] + 0.3 * X[:, 3] + rng.logistic(0.0, 0.3, n)
    return _tensors(
        _standardised(X).astype(np.float32), np.digitize(z, np.quantile(z, [1 / 3, 2 / 3])).astype(np.int64)
    )


@functools.cache
def nailer() -> tuple[torch.Tensor, torch.Tensor]:
    """500 batches of nails: five readings (rod gauge, heat, hammer strokes, head size, temper; normal,
    standardised); the target the holding strength ``tanh(x0) + 0.6 x2 - 0.4 x1 x4 + 0.3 x3`` plus
    normal noise (sd 0.25), standardised: a tanh MLP (32,), full-batch Adam for 20 updates."""
    rng = np.random.default_rng(618)
    n = 500
    X = rng.normal(0.0, 1.0, (n, 5))
    y = np.tanh(X[:, 0]) + 0.6 * X[:, 2] - 0.4 * X[:, 1] * X[:, 4] + 0.3 * X[:, 3] + rng.normal(0.0, 0.25, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image, optimizers, steps).
TASKS = (
    ("scaled bellfounder relu mlp", FRESH61, "classification", bellfounder, "mlp", "cross_entropy", {"hidden": (32,)}, False, False, MINI, 25),
    ("scaled dyehouse gelu mlp", FRESH61, "regression", dyehouse, "mlp", "mse", {"hidden": (32, 16), "activation": "gelu"}, False, False, MINI, 24),
    ("scaled sawpit tanh mlp", FRESH61, "classification", sawpit, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}, False, False, MINI, 28),
    ("raw brickfield relu mlp", FRESH61, "regression", raw_brickfield, "mlp", "mse", {"hidden": (16, 16)}, True, False, MINI, 27),
    ("scaled flax mill softmax", FRESH61, "classification", flax_mill, "softmax", "cross_entropy", {}, False, False, MINI, 20),
    ("scaled charcoal burner relu mlp", FRESH61, "regression", charcoal_burner, "mlp", "mse", {"hidden": (32, 16)}, False, False, MINI, 80),
    ("scaled tollhouse gelu mlp", FRESH61, "classification", tollhouse, "mlp", "cross_entropy", {"hidden": (32,), "activation": "gelu"}, False, False, MINI, 48),
    ("scaled pottery relu mlp", FRESH61, "classification", pottery, "mlp", "cross_entropy", {"hidden": (64,)}, False, False, FULL, 12),
    ("scaled nailer tanh mlp", FRESH61, "regression", nailer, "mlp", "mse", {"hidden": (32,), "activation": "tanh"}, False, False, FULL, 20),
)  # fmt: skip
