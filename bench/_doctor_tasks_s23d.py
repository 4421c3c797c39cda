"""The data of the doctor corpus's fourth session-23 group (``_doctor_tasks.py``): a forty-fifth
fresh group, ``fresh45``, written on 2026-12-06 at 01:40 UTC by session 23's doctor helper doctor13,
after fresh42, fresh43 and fresh44 were read (spent), before the round's change is designed (it means
to give deep sigmoid MLPs on raw inputs under non-adaptive rules, which keep ``vanishing_gradients``
with nothing to apply, a change they can use), and before any run of this group was trained. Written
for that regime, with its neighbours and controls beside it: on raw inputs, deep sigmoid MLPs on
pizza oven readings (three layers of 12), classifying sluice gate readings (three layers of 10, 2
classes), on pipeline valve readings (four layers of 10) and classifying grain elevator readings (four
layers of 14, 3 classes); deep tanh MLPs on funicular brake readings (three layers of 14) and on quarry
crusher readings (four layers of 10); shallow MLPs, a sigmoid one on wind turbine readings (12
units) and a tanh one classifying bobsled run readings (16 units, 2 classes); standardised controls,
a four-layer sigmoid MLP on bee hive readings and a three-layer tanh MLP classifying chairlift
readings (2 classes); and ordinary models so that harm shows: a logistic regression on standardised
ferry ticket readings (2 classes) and a three-layer ReLU MLP on raw compost heap readings (columns of
tens to hundreds; ReLU does not saturate). Each raw task but compost heap has a column of 1e3 or
more whose spread is small beside its mean. Every training set has at most 260 rows. None of its
tasks shares a generator, a data set and a model with a task of an earlier group, and none repeats
an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH45 = "fresh45"


@functools.cache
def raw_pizza_oven() -> tuple[torch.Tensor, torch.Tensor]:
    """240 bakes: oven pressure in Pa (normal 101300, sd 900), dough mass in g (uniform 300-1200),
    humidity in % (normal 55, sd 8), raw; the target a crust colour ``(pressure - 101300) / 900 +
    mass / 600 - (humidity - 55)^2 / 100`` plus normal noise (sd 0.3), standardised: a three-layer
    sigmoid MLP (12, 12, 12)."""
    rng = np.random.default_rng(450)
    n = 240
    pres, mass, hum = rng.normal(101300.0, 900.0, n), rng.uniform(300.0, 1200.0, n), rng.normal(55.0, 8.0, n)
    y = (pres - 101300.0) / 900.0 + mass / 600.0 - (hum - 55.0) ** 2 / 100.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([pres, mass, hum]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_sluice_gate() -> tuple[torch.Tensor, torch.Tensor]:
    """230 openings: head in mm (normal 4500, sd 200), gate width in cm (uniform 50-300), silt in
    g/l (uniform 0-5), raw; the class (2) whether the flow exceeds its limit, ``(head - 4500) / 200
    + (width - 175) / 60 - (silt - 2.5)`` plus logistic noise (scale 0.5) above 0: a three-layer
    sigmoid MLP (10, 10, 10)."""
    rng = np.random.default_rng(451)
    n = 230
    head, width, silt = rng.normal(4500.0, 200.0, n), rng.uniform(50.0, 300.0, n), rng.uniform(0.0, 5.0, n)
    z = (head - 4500.0) / 200.0 + (width - 175.0) / 60.0 - (silt - 2.5)
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([head, width, silt]).astype(np.float32), y)


@functools.cache
def raw_pipeline_valve() -> tuple[torch.Tensor, torch.Tensor]:
    """220 valve readings: line pressure in kPa (normal 6000, sd 250), flow in m3/h (uniform
    100-500), fluid temperature in deg C (normal 40, sd 10), raw; the target a valve wear ``(pressure
    - 6000) / 250 + flow / 200 + sin(temp / 10)`` plus normal noise (sd 0.3), standardised: a
    four-layer sigmoid MLP (10, 10, 10, 10)."""
    rng = np.random.default_rng(452)
    n = 220
    pres, flow, temp = rng.normal(6000.0, 250.0, n), rng.uniform(100.0, 500.0, n), rng.normal(40.0, 10.0, n)
    y = (pres - 6000.0) / 250.0 + flow / 200.0 + np.sin(temp / 10.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([pres, flow, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_grain_elevator() -> tuple[torch.Tensor, torch.Tensor]:
    """250 fills: grain mass in kg (normal 20000, sd 1000), moisture in % (normal 14, sd 2), fill
    rate in t/h (uniform 5-40), raw; the class (3) a storage grade from ``(mass - 20000) / 1000 -
    (moisture - 14) / 2 + (rate - 22.5) / 10`` plus normal noise (sd 0.5), cut at -0.8 and 0.8: a
    four-layer sigmoid MLP (14, 14, 14, 14)."""
    rng = np.random.default_rng(453)
    n = 250
    mass, moist, rate = rng.normal(20000.0, 1000.0, n), rng.normal(14.0, 2.0, n), rng.uniform(5.0, 40.0, n)
    z = (mass - 20000.0) / 1000.0 - (moist - 14.0) / 2.0 + (rate - 22.5) / 10.0 + rng.normal(0.0, 0.5, n)
    y = np.digitize(z, [-0.8, 0.8]).astype(np.int64)
    return _tensors(np.column_stack([mass, moist, rate]).astype(np.float32), y)


@functools.cache
def raw_funicular_brake() -> tuple[torch.Tensor, torch.Tensor]:
    """230 stops: car mass in kg (normal 30000, sd 1500), speed in km/h (uniform 10-60), rail
    temperature in deg C (normal 15, sd 10), raw; the target a stopping distance ``(mass - 30000) /
    1500 + speed / 20 - cos(temp / 10)`` plus normal noise (sd 0.3), standardised: a three-layer
    tanh MLP (14, 14, 14)."""
    rng = np.random.default_rng(454)
    n = 230
    mass, speed, temp = rng.normal(30000.0, 1500.0, n), rng.uniform(10.0, 60.0, n), rng.normal(15.0, 10.0, n)
    y = (mass - 30000.0) / 1500.0 + speed / 20.0 - np.cos(temp / 10.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([mass, speed, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_quarry_crusher() -> tuple[torch.Tensor, torch.Tensor]:
    """220 batches: rotor speed in rpm (normal 3600, sd 150), feed size in mm (uniform 20-200),
    hardness (uniform 2-7), raw; the target a throughput ``(rpm - 3600) / 150 - feed / 100 +
    (hardness - 4.5)^2 / 4`` plus normal noise (sd 0.3), standardised: a four-layer tanh MLP (10,
    10, 10, 10)."""
    rng = np.random.default_rng(455)
    n = 220
    rpm, feed, hard = rng.normal(3600.0, 150.0, n), rng.uniform(20.0, 200.0, n), rng.uniform(2.0, 7.0, n)
    y = (rpm - 3600.0) / 150.0 - feed / 100.0 + (hard - 4.5) ** 2 / 4.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([rpm, feed, hard]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_wind_turbine() -> tuple[torch.Tensor, torch.Tensor]:
    """240 hours: generator speed in rpm (normal 1500, sd 60), wind in m/s (uniform 3-25), blade
    pitch in deg (uniform 0-20), raw; the target a power output ``(rpm - 1500) / 60 + wind / 8 -
    pitch / 10`` plus normal noise (sd 0.3), standardised: a one-layer sigmoid MLP of 12 units."""
    rng = np.random.default_rng(456)
    n = 240
    rpm, wind, pitch = rng.normal(1500.0, 60.0, n), rng.uniform(3.0, 25.0, n), rng.uniform(0.0, 20.0, n)
    y = (rpm - 1500.0) / 60.0 + wind / 8.0 - pitch / 10.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([rpm, wind, pitch]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_bobsled_run() -> tuple[torch.Tensor, torch.Tensor]:
    """230 readings: sea level in mm (normal 5000, sd 300), air pressure in hPa (normal 1013, sd
    10), wind in m/s (uniform 0-20), raw; the class (2) whether the level floods the quay, ``(level
    - 5000) / 300 - (pressure - 1013) / 10 + (wind - 10) / 5`` plus logistic noise (scale 0.5)
    above 0: a one-layer tanh MLP of 16 units."""
    rng = np.random.default_rng(457)
    n = 230
    lev, pres, wind = rng.normal(5000.0, 300.0, n), rng.normal(1013.0, 10.0, n), rng.uniform(0.0, 20.0, n)
    z = (lev - 5000.0) / 300.0 - (pres - 1013.0) / 10.0 + (wind - 10.0) / 5.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([lev, pres, wind]).astype(np.float32), y)


@functools.cache
def scaled_bee_hive() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^4, the target a honey yield ``sin(x0) + x1 x2 / 2 - x3 / 3`` plus
    normal noise (sd 0.2), features and target standardised: a four-layer sigmoid MLP (10, 10, 10,
    10), the group's deep sigmoid scaled control."""
    rng = np.random.default_rng(458)
    X = rng.normal(0.0, 1.0, (230, 4))
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] / 2.0 - X[:, 3] / 3.0 + rng.normal(0.0, 0.2, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_chairlift() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^3, the class (2) whether ``x0 x1 + x2 - 0.3`` plus logistic
    noise (scale 0.3) is above 0, features standardised: a three-layer tanh MLP (12, 12, 12), the
    group's tanh scaled control."""
    rng = np.random.default_rng(459)
    X = rng.uniform(-2.0, 2.0, (240, 3))
    z = X[:, 0] * X[:, 1] + X[:, 2] - 0.3 + rng.logistic(0.0, 0.3, 240)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def scaled_ferry_ticket() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points normal in R^4, the class (2) whether ``0.8 x0 - x1 + 0.3 x3`` plus logistic noise
    (scale 0.5) is above 0, features standardised: a logistic regression, ordinary."""
    rng = np.random.default_rng(4510)
    X = rng.normal(0.0, 1.0, (220, 4))
    z = 0.8 * X[:, 0] - X[:, 1] + 0.3 * X[:, 3] + rng.logistic(0.0, 0.5, 220)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def raw_compost_heap() -> tuple[torch.Tensor, torch.Tensor]:
    """230 heaps: volume in l (uniform 100-900), core temperature in deg C (normal 55, sd 10),
    turning interval in h (uniform 12-168), raw (columns of tens to hundreds); the target a
    decomposition rate ``volume / 400 + (temp - 55) / 10 - interval / 80`` plus normal noise (sd
    0.3), standardised: a three-layer ReLU MLP (12, 12, 12), which raw inputs do not saturate."""
    rng = np.random.default_rng(4511)
    n = 230
    vol, temp, inter = rng.uniform(100.0, 900.0, n), rng.normal(55.0, 10.0, n), rng.uniform(12.0, 168.0, n)
    y = vol / 400.0 + (temp - 55.0) / 10.0 - inter / 80.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([vol, temp, inter]).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw pizza oven deep sigmoid mlp", FRESH45, "regression", raw_pizza_oven, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "sigmoid"}, True),
    ("raw sluice gate deep sigmoid mlp", FRESH45, "classification", raw_sluice_gate, "mlp", "cross_entropy", {"hidden": (10, 10, 10), "activation": "sigmoid"}, True),
    ("raw pipeline valve deep sigmoid mlp", FRESH45, "regression", raw_pipeline_valve, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}, True),
    ("raw grain elevator deep sigmoid mlp", FRESH45, "classification", raw_grain_elevator, "mlp", "cross_entropy", {"hidden": (14, 14, 14, 14), "activation": "sigmoid"}, True),
    ("raw funicular brake deep tanh mlp", FRESH45, "regression", raw_funicular_brake, "mlp", "mse", {"hidden": (14, 14, 14), "activation": "tanh"}, True),
    ("raw quarry crusher deep tanh mlp", FRESH45, "regression", raw_quarry_crusher, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "tanh"}, True),
    ("raw wind turbine sigmoid mlp", FRESH45, "regression", raw_wind_turbine, "mlp", "mse", {"hidden": (12,), "activation": "sigmoid"}, True),
    ("raw bobsled run tanh mlp", FRESH45, "classification", raw_bobsled_run, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}, True),
    ("scaled bee hive deep sigmoid mlp", FRESH45, "regression", scaled_bee_hive, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}),
    ("scaled chairlift deep tanh mlp", FRESH45, "classification", scaled_chairlift, "mlp", "cross_entropy", {"hidden": (12, 12, 12), "activation": "tanh"}),
    ("scaled ferry ticket logistic", FRESH45, "classification", scaled_ferry_ticket, "logistic", "bce", {}),
    ("raw compost heap deep relu mlp", FRESH45, "regression", raw_compost_heap, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "relu"}, True),
)  # fmt: skip
