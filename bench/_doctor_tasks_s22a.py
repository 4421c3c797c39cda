"""The data of the doctor corpus's first session-22 group (``_doctor_tasks.py``): a fortieth fresh
group, ``fresh40``, written on 2026-12-05 at 22:29 UTC by session 22's doctor helper doctor8, after
fresh39 was read (spent), before the round's change is frozen (it means to test session 21's rule
that a gradient vanishes through depth, 3e7dc0e, never read where it could act: chosen after
fresh39's post hoc), and before any run of this group was trained. Written for the regime of fresh37's and fresh39's "vanishing gradients" false alarms
(raw barn climate, raw greenhouse pump: a one-hidden-layer tanh MLP whose first layer the raw input
scale saturates), with the deeper and the scaled counterparts beside it: a tanh MLP on raw dam
reservoir readings, a sigmoid MLP on raw bridge strain readings, a tanh MLP classifying raw mine
ventilation readings (2 classes), a two-layer tanh MLP on raw vineyard sensors, a ReLU MLP
classifying raw ferry trips (3 classes), and a tanh MLP on standardised machine drift as the
group's scaled counterpart. The raw columns span scales of about 1 to 1e5, each raw task has a
column of 1e4 or more, so PyTorch's default initialisation puts 99-100% of the first layer's
pre-activations beyond 10, far past tanh's and the sigmoid's range (checked on the data alone,
before any training; the scaled task: 0%). Every training set has at most 256 rows. None of its tasks shares a generator, a data
set and a model with a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH40 = "fresh40"


@functools.cache
def raw_dam_reservoir() -> tuple[torch.Tensor, torch.Tensor]:
    """230 reservoir days: water level in mm above datum (normal 48000, sd 3000), inflow in m3/h
    (gamma, shape 3, scale 700), air temperature in deg C (normal 14, sd 7), raw; the target a
    spill ``(level - 48000) / 3000 + 0.5 log(inflow / 2100) + 0.05 temp`` plus normal noise (sd 0.3),
    standardised: a one-layer tanh MLP of 16 units."""
    rng = np.random.default_rng(400)
    n = 230
    level, inflow, temp = rng.normal(48000.0, 3000.0, n), rng.gamma(3.0, 700.0, n), rng.normal(14.0, 7.0, n)
    y = (level - 48000.0) / 3000.0 + 0.5 * np.log(inflow / 2100.0) + 0.05 * temp + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([level, inflow, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_bridge_strain() -> tuple[torch.Tensor, torch.Tensor]:
    """220 bridge crossings: axle load in kg (uniform 3000-40000), speed in km/h (uniform 20-110),
    deck temperature in deg C (normal 18, sd 9), raw; the target a strain ``load / 20000 + 0.3 sin(
    speed / 15) - 0.02 (temp - 18)`` plus normal noise (sd 0.15), standardised: a one-layer sigmoid
    MLP of 12 units."""
    rng = np.random.default_rng(401)
    n = 220
    load, speed, temp = rng.uniform(3000.0, 40000.0, n), rng.uniform(20.0, 110.0, n), rng.normal(18.0, 9.0, n)
    y = load / 20000.0 + 0.3 * np.sin(speed / 15.0) - 0.02 * (temp - 18.0) + rng.normal(0.0, 0.15, n)
    return _tensors(np.column_stack([load, speed, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_mine_ventilation() -> tuple[torch.Tensor, torch.Tensor]:
    """240 mine shifts: airflow in m3/min (normal 9000, sd 2000), methane in ppm (lognormal, median
    400), depth in m (uniform 200-1400), raw; the class (2) whether an alarm followed, ``(400 -
    airflow / 20) / 100 + log(methane / 400) + (depth - 800) / 600`` plus logistic noise (scale 0.5)
    above 0: a one-layer tanh MLP of 24 units."""
    rng = np.random.default_rng(402)
    n = 240
    air, methane, depth = (
        rng.normal(9000.0, 2000.0, n),
        rng.lognormal(np.log(400.0), 0.5, n),
        rng.uniform(200.0, 1400.0, n),
    )
    z = (400.0 - air / 20.0) / 100.0 + np.log(methane / 400.0) + (depth - 800.0) / 600.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([air, methane, depth]).astype(np.float32), y)


@functools.cache
def raw_vineyard_sensors() -> tuple[torch.Tensor, torch.Tensor]:
    """230 vineyard rows: sunlight in lux-hours (normal 60000, sd 12000), soil moisture in % (uniform
    10-45), vine age in years (uniform 3-40), raw; the target a yield ``(sun - 60000) / 12000 -
    0.002 (moisture - 28)^2 + 0.4 log(age)`` plus normal noise (sd 0.3), standardised: a two-layer
    tanh MLP (16, 16)."""
    rng = np.random.default_rng(403)
    n = 230
    sun, moist, age = rng.normal(60000.0, 12000.0, n), rng.uniform(10.0, 45.0, n), rng.uniform(3.0, 40.0, n)
    y = (sun - 60000.0) / 12000.0 - 0.002 * (moist - 28.0) ** 2 + 0.4 * np.log(age) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([sun, moist, age]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_ferry_trips() -> tuple[torch.Tensor, torch.Tensor]:
    """250 ferry trips: distance in m (uniform 2000-60000), engine speed in rpm (normal 1500, sd
    200), passengers (Poisson, mean 180), raw; the class (3) of the fuel use, low where ``distance /
    20000 + (rpm - 1500) / 400`` is under 1, high where it is above 2 or there are more than 220
    passengers, else medium, with 5% of the labels flipped at random: a one-layer ReLU MLP of 20
    units."""
    rng = np.random.default_rng(404)
    n = 250
    dist, rpm, pax = rng.uniform(2000.0, 60000.0, n), rng.normal(1500.0, 200.0, n), rng.poisson(180.0, n).astype(float)
    s = dist / 20000.0 + (rpm - 1500.0) / 400.0
    y = np.where(s < 1.0, 0, np.where((s > 2.0) | (pax > 220), 2, 1))
    flip = rng.random(n) < 0.05
    y = np.where(flip, rng.integers(0, 3, n), y).astype(np.int64)
    return _tensors(np.column_stack([dist, rpm, pax]).astype(np.float32), y)


@functools.cache
def scaled_machine_drift() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points normal in R^3, the target a drift ``tanh(x0) x1 + 0.5 sin(2 x2)`` plus normal noise
    (sd 0.2), features and target standardised: a one-layer tanh MLP of 16 units, the group's
    scaled counterpart of its raw tasks."""
    rng = np.random.default_rng(405)
    X = rng.normal(0.0, 1.0, (240, 3))
    y = np.tanh(X[:, 0]) * X[:, 1] + 0.5 * np.sin(2.0 * X[:, 2]) + rng.normal(0.0, 0.2, 240)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw dam reservoir tanh mlp", FRESH40, "regression", raw_dam_reservoir, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
    ("raw bridge strain sigmoid mlp", FRESH40, "regression", raw_bridge_strain, "mlp", "mse", {"hidden": (12,), "activation": "sigmoid"}, True),
    ("raw mine ventilation tanh mlp", FRESH40, "classification", raw_mine_ventilation, "mlp", "cross_entropy", {"hidden": (24,), "activation": "tanh"}, True),
    ("raw vineyard sensors deep tanh mlp", FRESH40, "regression", raw_vineyard_sensors, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, True),
    ("raw ferry trips relu mlp", FRESH40, "classification", raw_ferry_trips, "mlp", "cross_entropy", {"hidden": (20,), "activation": "relu"}, True),
    ("scaled machine drift tanh mlp", FRESH40, "regression", scaled_machine_drift, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}),
)  # fmt: skip
