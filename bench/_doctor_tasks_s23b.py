"""The data of the doctor corpus's second session-23 group (``_doctor_tasks.py``): a forty-third
fresh group, ``fresh43``, written on 2026-12-06 at 01:00 UTC by session 23's doctor helper doctor11,
after fresh42 was read (spent), before the round's change is designed (it means to give a first
layer that raw inputs starve at a rate far below its limit a finding, whose change standardises the
inputs and raises the rate together), and before any run of this group was trained. Written for
that regime, shallow and deep, with controls beside it: on raw inputs, a one-layer sigmoid MLP on
kiln firing readings, a one-layer tanh MLP on vineyard drip readings, a one-layer sigmoid MLP
classifying sawmill blade readings (2 classes), a two-layer sigmoid MLP on dam spillway readings, a
three-layer tanh MLP on radar echo readings, a three-layer sigmoid MLP classifying glass furnace
readings (3 classes) and a two-layer tanh MLP on brewery tank readings (five columns); standardised
controls, a one-layer sigmoid MLP on kelp farm readings and a three-layer tanh MLP classifying
beacon readings (2 classes); and ordinary models so that harm shows: a linear regression on
standardised loom tension readings, a one-layer ReLU MLP on raw mine shaft readings (ReLU does not
saturate) and a softmax classifier on standardised drone swarm readings (4 classes). Each raw task
but mine shaft has a column of 1e3 or more whose spread is small beside its mean. Every training
set has at most 260 rows. None of its tasks shares a generator, a data set and a model with a task
of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH43 = "fresh43"


@functools.cache
def raw_kiln_firing() -> tuple[torch.Tensor, torch.Tensor]:
    """230 firings: chamber temperature in 0.1 deg C (normal 11000, sd 500), firing time in h
    (uniform 4-12), clay moisture in % (normal 8, sd 2), raw; the target a glaze hardness
    ``(temp - 11000) / 500 + 0.3 hours - 0.2 (moisture - 8)^2 / 4`` plus normal noise (sd 0.3),
    standardised: a one-layer sigmoid MLP of 14 units."""
    rng = np.random.default_rng(430)
    n = 230
    temp, hours, moist = rng.normal(11000.0, 500.0, n), rng.uniform(4.0, 12.0, n), rng.normal(8.0, 2.0, n)
    y = (temp - 11000.0) / 500.0 + 0.3 * hours - 0.2 * (moist - 8.0) ** 2 / 4.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([temp, hours, moist]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_vineyard_drip() -> tuple[torch.Tensor, torch.Tensor]:
    """240 vine rows: soil water tension in Pa (normal 30000, sd 5000), sun hours (uniform 4-14),
    slope in deg (uniform 0-25), raw; the target a berry weight ``-(tension - 30000) / 5000 +
    sin(sun / 3) + 0.02 slope`` plus normal noise (sd 0.25), standardised: a one-layer tanh MLP of
    20 units."""
    rng = np.random.default_rng(431)
    n = 240
    ten, sun, slope = rng.normal(30000.0, 5000.0, n), rng.uniform(4.0, 14.0, n), rng.uniform(0.0, 25.0, n)
    y = -(ten - 30000.0) / 5000.0 + np.sin(sun / 3.0) + 0.02 * slope + rng.normal(0.0, 0.25, n)
    return _tensors(np.column_stack([ten, sun, slope]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_sawmill_blade() -> tuple[torch.Tensor, torch.Tensor]:
    """250 blade checks: spindle speed in rpm (normal 3600, sd 200), feed rate in m/min (uniform
    5-40), wood density in kg/m^3 (normal 550, sd 80), raw; the class (2) whether the blade
    dulled, ``(speed - 3600) / 200 + (feed - 22) / 9 + (density - 550) / 80`` plus logistic noise
    (scale 0.6) above 0: a one-layer sigmoid MLP of 10 units."""
    rng = np.random.default_rng(432)
    n = 250
    speed, feed, dens = rng.normal(3600.0, 200.0, n), rng.uniform(5.0, 40.0, n), rng.normal(550.0, 80.0, n)
    z = (speed - 3600.0) / 200.0 + (feed - 22.0) / 9.0 + (dens - 550.0) / 80.0
    y = (z + rng.logistic(0.0, 0.6, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([speed, feed, dens]).astype(np.float32), y)


@functools.cache
def raw_dam_spillway() -> tuple[torch.Tensor, torch.Tensor]:
    """220 spillway days: reservoir level in mm (normal 45000, sd 1500), inflow in m^3/s
    (uniform 10-300), gate opening in % (uniform 0-100), raw; the target a discharge
    ``(level - 45000) / 1500 + 0.01 gate + sqrt(inflow) / 10`` plus normal noise (sd 0.3),
    standardised: a two-layer sigmoid MLP (12, 12)."""
    rng = np.random.default_rng(433)
    n = 220
    lev, inflow, gate = rng.normal(45000.0, 1500.0, n), rng.uniform(10.0, 300.0, n), rng.uniform(0.0, 100.0, n)
    y = (lev - 45000.0) / 1500.0 + 0.01 * gate + np.sqrt(inflow) / 10.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([lev, inflow, gate]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_radar_echo() -> tuple[torch.Tensor, torch.Tensor]:
    """240 echoes: carrier frequency in kHz (normal 9400, sd 300), range in km (uniform 1-80),
    elevation in deg (uniform 0-30), raw; the target a return strength ``(freq - 9400) / 300 -
    0.02 range + cos(elevation / 10)`` plus normal noise (sd 0.3), standardised: a three-layer tanh
    MLP (20, 20, 20)."""
    rng = np.random.default_rng(434)
    n = 240
    freq, rng_km, elev = rng.normal(9400.0, 300.0, n), rng.uniform(1.0, 80.0, n), rng.uniform(0.0, 30.0, n)
    y = (freq - 9400.0) / 300.0 - 0.02 * rng_km + np.cos(elev / 10.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([freq, rng_km, elev]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_glass_furnace() -> tuple[torch.Tensor, torch.Tensor]:
    """250 melts: furnace temperature in K (normal 1800, sd 60), batch mass in kg (normal 2500,
    sd 300), cullet share in % (uniform 10-60), raw; the class (3) a clarity grade from ``(temp -
    1800) / 60 + (mass - 2500) / 300 - (cullet - 35) / 15`` plus normal noise (sd 0.5), cut at
    -0.8 and 0.8: a three-layer sigmoid MLP (16, 16, 16)."""
    rng = np.random.default_rng(435)
    n = 250
    temp, mass, cul = rng.normal(1800.0, 60.0, n), rng.normal(2500.0, 300.0, n), rng.uniform(10.0, 60.0, n)
    z = (temp - 1800.0) / 60.0 + (mass - 2500.0) / 300.0 - (cul - 35.0) / 15.0 + rng.normal(0.0, 0.5, n)
    y = np.digitize(z, [-0.8, 0.8]).astype(np.int64)
    return _tensors(np.column_stack([temp, mass, cul]).astype(np.float32), y)


@functools.cache
def raw_brewery_tank() -> tuple[torch.Tensor, torch.Tensor]:
    """230 batches: wort gravity in 1e-4 SG (normal 10500, sd 150), tank pressure in Pa (normal
    120000, sd 8000), temperature in deg C (uniform 8-22), yeast count in millions per ml (uniform
    5-30), days (uniform 3-14), raw; the target an attenuation ``(gravity - 10500) / 150 -
    (pressure - 120000) / 16000 + 0.1 temp + log(yeast) / 2 + 0.05 days`` plus normal noise (sd
    0.3), standardised: a two-layer tanh MLP (14, 14)."""
    rng = np.random.default_rng(436)
    n = 230
    grav, pres = rng.normal(10500.0, 150.0, n), rng.normal(120000.0, 8000.0, n)
    temp, yeast, days = rng.uniform(8.0, 22.0, n), rng.uniform(5.0, 30.0, n), rng.uniform(3.0, 14.0, n)
    y = (grav - 10500.0) / 150.0 - (pres - 120000.0) / 16000.0 + 0.1 * temp + np.log(yeast) / 2.0 + 0.05 * days
    y = y + rng.normal(0.0, 0.3, n)
    X = np.column_stack([grav, pres, temp, yeast, days]).astype(np.float32)
    return _tensors(X, _standardised(y).astype(np.float32))


@functools.cache
def scaled_kelp_farm() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points normal in R^3, the target a kelp growth ``sin(x0) + x1 x2 / 2 - x2 / 3`` plus
    normal noise (sd 0.2), features and target standardised: a one-layer sigmoid MLP of 12 units,
    the group's shallow scaled control."""
    rng = np.random.default_rng(437)
    X = rng.normal(0.0, 1.0, (220, 3))
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] / 2.0 - X[:, 2] / 3.0 + rng.normal(0.0, 0.2, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_beacon() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^4, the class (2) whether ``x0 x1 + sin(x2) - x3 / 2`` plus
    logistic noise (scale 0.3) is above 0, features standardised: a three-layer tanh MLP (16, 16,
    16), the group's deep scaled control."""
    rng = np.random.default_rng(438)
    X = rng.uniform(-2.0, 2.0, (240, 4))
    z = X[:, 0] * X[:, 1] + np.sin(X[:, 2]) - X[:, 3] / 2.0 + rng.logistic(0.0, 0.3, 240)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def scaled_loom_tension() -> tuple[torch.Tensor, torch.Tensor]:
    """200 points normal in R^6, correlated (each column plus 0.6 of the one before), the target a
    linear thread tension with weights (1, -0.5, 0.3, 0, 0.8, -0.2) plus normal noise (sd 0.4),
    features and target standardised: a linear regression, ordinary."""
    rng = np.random.default_rng(439)
    X = rng.normal(0.0, 1.0, (200, 6))
    X[:, 1:] += 0.6 * X[:, :-1]
    y = X @ np.array([1.0, -0.5, 0.3, 0.0, 0.8, -0.2]) + rng.normal(0.0, 0.4, 200)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_mine_shaft() -> tuple[torch.Tensor, torch.Tensor]:
    """210 shaft readings: depth in m (uniform 100-900), air flow in m^3/s (uniform 20-80), rock
    temperature in deg C (normal 35, sd 6), raw (columns of tens to hundreds); the target a
    ventilation need ``depth / 400 + (temp - 35) / 6 - flow / 40`` plus normal noise (sd 0.3),
    standardised: a one-layer ReLU MLP of 16 units, which raw inputs do not saturate."""
    rng = np.random.default_rng(4310)
    n = 210
    depth, flow, temp = rng.uniform(100.0, 900.0, n), rng.uniform(20.0, 80.0, n), rng.normal(35.0, 6.0, n)
    y = depth / 400.0 + (temp - 35.0) / 6.0 - flow / 40.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([depth, flow, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_drone_swarm() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points normal in R^5, the class (4) the quadrant of ``(x0 + x1 / 2, x2 - x3 / 2)`` with
    normal noise (sd 0.3) on each, features standardised: a softmax classifier, ordinary."""
    rng = np.random.default_rng(4311)
    X = rng.normal(0.0, 1.0, (240, 5))
    a = X[:, 0] + X[:, 1] / 2.0 + rng.normal(0.0, 0.3, 240)
    b = X[:, 2] - X[:, 3] / 2.0 + rng.normal(0.0, 0.3, 240)
    y = (2 * (a > 0) + (b > 0)).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw kiln firing sigmoid mlp", FRESH43, "regression", raw_kiln_firing, "mlp", "mse", {"hidden": (14,), "activation": "sigmoid"}, True),
    ("raw vineyard drip tanh mlp", FRESH43, "regression", raw_vineyard_drip, "mlp", "mse", {"hidden": (20,), "activation": "tanh"}, True),
    ("raw sawmill blade sigmoid mlp", FRESH43, "classification", raw_sawmill_blade, "mlp", "cross_entropy", {"hidden": (10,), "activation": "sigmoid"}, True),
    ("raw dam spillway deep sigmoid mlp", FRESH43, "regression", raw_dam_spillway, "mlp", "mse", {"hidden": (12, 12), "activation": "sigmoid"}, True),
    ("raw radar echo deep tanh mlp", FRESH43, "regression", raw_radar_echo, "mlp", "mse", {"hidden": (20, 20, 20), "activation": "tanh"}, True),
    ("raw glass furnace deep sigmoid mlp", FRESH43, "classification", raw_glass_furnace, "mlp", "cross_entropy", {"hidden": (16, 16, 16), "activation": "sigmoid"}, True),
    ("raw brewery tank deep tanh mlp", FRESH43, "regression", raw_brewery_tank, "mlp", "mse", {"hidden": (14, 14), "activation": "tanh"}, True),
    ("scaled kelp farm sigmoid mlp", FRESH43, "regression", scaled_kelp_farm, "mlp", "mse", {"hidden": (12,), "activation": "sigmoid"}),
    ("scaled beacon deep tanh mlp", FRESH43, "classification", scaled_beacon, "mlp", "cross_entropy", {"hidden": (16, 16, 16), "activation": "tanh"}),
    ("scaled loom tension linear", FRESH43, "regression", scaled_loom_tension, "linear", "mse"),
    ("raw mine shaft relu mlp", FRESH43, "regression", raw_mine_shaft, "mlp", "mse", {"hidden": (16,), "activation": "relu"}, True),
    ("scaled drone swarm softmax", FRESH43, "classification", scaled_drone_swarm, "softmax", "cross_entropy"),
)  # fmt: skip
