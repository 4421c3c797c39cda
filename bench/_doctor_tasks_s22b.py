"""The data of the doctor corpus's second session-22 group (``_doctor_tasks.py``): a forty-first
fresh group, ``fresh41``, written on 2026-12-05 at 22:48 UTC by session 22's doctor helper doctor9,
after fresh40 was read (spent), before the round's change is designed (it means to test session
21's rule that a gradient vanishes through depth, 3e7dc0e, paired with a check that a "too small"
finding it uncovers still rests on its measured evidence), and before any run of this group was
trained. Written for the regime of fresh37's, fresh39's and fresh40's "vanishing gradients" findings
on one-hidden-layer MLPs whose first layer the raw input scale saturates, with a deeper and a
scaled counterpart beside them: a tanh MLP on raw glacier melt readings, a sigmoid MLP on raw grain
silo readings, a tanh MLP on raw salmon hatchery readings, a tanh MLP classifying raw lighthouse
lamp readings (2 classes), a two-layer sigmoid MLP on raw quarry blast readings, and a tanh MLP on
standardised pump wear as the group's scaled counterpart. Each raw task has a column of 1e3 or more
whose spread is small beside its mean, so PyTorch's default initialisation puts nearly all of the
first layer's pre-activations far past tanh's and the sigmoid's range. Every training set has at
most 256 rows. None of its tasks shares a generator, a data set and a model with a task of an
earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH41 = "fresh41"


@functools.cache
def raw_glacier_melt() -> tuple[torch.Tensor, torch.Tensor]:
    """230 glacier stake days: altitude in m (normal 3200, sd 250), shortwave radiation in W/m2
    (uniform 100-900), air temperature in deg C (normal 2, sd 4), raw; the target a melt ``-0.6
    (altitude - 3200) / 250 + 0.002 radiation + 0.3 temp`` plus normal noise (sd 0.4),
    standardised: a one-layer tanh MLP of 16 units."""
    rng = np.random.default_rng(410)
    n = 230
    alt, rad, temp = rng.normal(3200.0, 250.0, n), rng.uniform(100.0, 900.0, n), rng.normal(2.0, 4.0, n)
    y = -0.6 * (alt - 3200.0) / 250.0 + 0.002 * rad + 0.3 * temp + rng.normal(0.0, 0.4, n)
    return _tensors(np.column_stack([alt, rad, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_grain_silo() -> tuple[torch.Tensor, torch.Tensor]:
    """210 silo checks: grain mass in kg (normal 85000, sd 6000), moisture in % (uniform 11-20),
    days stored (uniform 0-200), raw; the target a spoilage ``0.3 (moisture - 15) + days / 100 +
    (mass - 85000) / 12000`` plus normal noise (sd 0.3), standardised: a one-layer sigmoid MLP of
    16 units."""
    rng = np.random.default_rng(411)
    n = 210
    mass, moist, days = rng.normal(85000.0, 6000.0, n), rng.uniform(11.0, 20.0, n), rng.uniform(0.0, 200.0, n)
    y = 0.3 * (moist - 15.0) + days / 100.0 + (mass - 85000.0) / 12000.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([mass, moist, days]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_salmon_hatchery() -> tuple[torch.Tensor, torch.Tensor]:
    """240 hatchery tanks: dissolved oxygen in ug/L (normal 9000, sd 800), water temperature in deg
    C (normal 10, sd 2), stocking density in fish per m3 (uniform 10-60), raw; the target a growth
    ``(oxygen - 9000) / 800 + 0.5 sin(temp / 3) - 0.02 density`` plus normal noise (sd 0.3),
    standardised: a one-layer tanh MLP of 20 units."""
    rng = np.random.default_rng(412)
    n = 240
    oxy, temp, dens = rng.normal(9000.0, 800.0, n), rng.normal(10.0, 2.0, n), rng.uniform(10.0, 60.0, n)
    y = (oxy - 9000.0) / 800.0 + 0.5 * np.sin(temp / 3.0) - 0.02 * dens + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([oxy, temp, dens]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_lighthouse_lamp() -> tuple[torch.Tensor, torch.Tensor]:
    """220 lamp inspections: burning hours (uniform 5000-30000), supply voltage in mV (normal 230000,
    sd 4000), humidity in % (uniform 40-100), raw; the class (2) whether the lamp failed within a
    month, ``(hours - 17500) / 6000 + (voltage - 230000) / 5000 + (humidity - 70) / 20`` plus
    logistic noise (scale 0.5) above 0: a one-layer tanh MLP of 12 units."""
    rng = np.random.default_rng(413)
    n = 220
    hours, volt, hum = rng.uniform(5000.0, 30000.0, n), rng.normal(230000.0, 4000.0, n), rng.uniform(40.0, 100.0, n)
    z = (hours - 17500.0) / 6000.0 + (volt - 230000.0) / 5000.0 + (hum - 70.0) / 20.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([hours, volt, hum]).astype(np.float32), y)


@functools.cache
def raw_quarry_blast() -> tuple[torch.Tensor, torch.Tensor]:
    """220 quarry blasts: charge in g (normal 40000, sd 5000), hole depth in m (uniform 5-20), rock
    density in kg/m3 (normal 2600, sd 150), raw; the target a ground vibration ``(charge - 40000) /
    5000 + 0.1 depth - (density - 2600) / 300`` plus normal noise (sd 0.3), standardised: a
    two-layer sigmoid MLP (16, 16)."""
    rng = np.random.default_rng(414)
    n = 220
    charge, depth, dens = rng.normal(40000.0, 5000.0, n), rng.uniform(5.0, 20.0, n), rng.normal(2600.0, 150.0, n)
    y = (charge - 40000.0) / 5000.0 + 0.1 * depth - (dens - 2600.0) / 300.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([charge, depth, dens]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_pump_wear() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^3, the target a wear ``x0^2 / 2 + sin(x1) x2`` plus normal noise (sd
    0.2), features and target standardised: a one-layer tanh MLP of 16 units, the group's scaled
    counterpart of its raw tasks."""
    rng = np.random.default_rng(415)
    X = rng.normal(0.0, 1.0, (230, 3))
    y = X[:, 0] ** 2 / 2.0 + np.sin(X[:, 1]) * X[:, 2] + rng.normal(0.0, 0.2, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw glacier melt tanh mlp", FRESH41, "regression", raw_glacier_melt, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
    ("raw grain silo sigmoid mlp", FRESH41, "regression", raw_grain_silo, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}, True),
    ("raw salmon hatchery tanh mlp", FRESH41, "regression", raw_salmon_hatchery, "mlp", "mse", {"hidden": (20,), "activation": "tanh"}, True),
    ("raw lighthouse lamp tanh mlp", FRESH41, "classification", raw_lighthouse_lamp, "mlp", "cross_entropy", {"hidden": (12,), "activation": "tanh"}, True),
    ("raw quarry blast deep sigmoid mlp", FRESH41, "regression", raw_quarry_blast, "mlp", "mse", {"hidden": (16, 16), "activation": "sigmoid"}, True),
    ("scaled pump wear tanh mlp", FRESH41, "regression", scaled_pump_wear, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}),
)  # fmt: skip
