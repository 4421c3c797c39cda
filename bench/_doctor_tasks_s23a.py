"""The data of the doctor corpus's first session-23 group (``_doctor_tasks.py``): a forty-second
fresh group, ``fresh42``, written on 2026-12-06 at 00:30 UTC by session 23's doctor helper doctor10,
after fresh41 was read (spent), before the round's change is designed (it means to give a first
layer saturated by raw, unscaled inputs a finding of its own, whose change is to standardise the
inputs, at one hidden layer and perhaps at any depth), and before any run of this group was
trained. Written for that regime, shallow and deep, with scaled controls beside it: a one-layer tanh
MLP on raw honey scale readings, a one-layer sigmoid MLP on raw tidal turbine readings, a one-layer
tanh MLP classifying raw cheese cave readings (3 classes), a one-layer tanh MLP on raw bike share
counts whose columns are only tens (a borderline scale), a two-layer tanh MLP on raw ski lift
readings, a three-layer sigmoid MLP on raw pulp press readings, a two-layer tanh MLP classifying raw
tram brake readings (2 classes), and two scaled controls: a one-layer tanh MLP on standardised
orchard frost readings and a two-layer sigmoid MLP on standardised ferment vat readings. Each raw
task but bike share has a column of 1e3 or more whose spread is small beside its mean. Every
training set has at most 260 rows. None of its tasks shares a generator, a data set and a model with
a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH42 = "fresh42"


@functools.cache
def raw_honey_scale() -> tuple[torch.Tensor, torch.Tensor]:
    """240 hive days: honey super weight in g (normal 42000, sd 3000), outside temperature in deg C
    (normal 18, sd 6), flight count per minute (uniform 0-120), raw; the target a nectar gain
    ``(weight - 42000) / 3000 + 0.1 temp + 0.01 flights`` plus normal noise (sd 0.3),
    standardised: a one-layer tanh MLP of 12 units."""
    rng = np.random.default_rng(420)
    n = 240
    w, temp, fl = rng.normal(42000.0, 3000.0, n), rng.normal(18.0, 6.0, n), rng.uniform(0.0, 120.0, n)
    y = (w - 42000.0) / 3000.0 + 0.1 * temp + 0.01 * fl + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([w, temp, fl]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_tidal_turbine() -> tuple[torch.Tensor, torch.Tensor]:
    """220 tidal turbine hours: rotor speed in milli-rpm (normal 15000, sd 1500), current speed in m/s
    (uniform 3-20), nacelle temperature in deg C (normal 40, sd 5), blade pitch in deg (uniform
    0-15), raw; the target a power ``tanh((wind - 11) / 4) + (rpm - 15000) / 3000 - 0.05 pitch``
    plus normal noise (sd 0.2), standardised: a one-layer sigmoid MLP of 16 units."""
    rng = np.random.default_rng(421)
    n = 220
    rpm, wind = rng.normal(15000.0, 1500.0, n), rng.uniform(3.0, 20.0, n)
    temp, pitch = rng.normal(40.0, 5.0, n), rng.uniform(0.0, 15.0, n)
    y = np.tanh((wind - 11.0) / 4.0) + (rpm - 15000.0) / 3000.0 - 0.05 * pitch + rng.normal(0.0, 0.2, n)
    return _tensors(np.column_stack([rpm, wind, temp, pitch]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_cheese_cave() -> tuple[torch.Tensor, torch.Tensor]:
    """250 cheese wheels: air pressure in Pa (normal 101300, sd 900), humidity in % (uniform
    80-98), age in days (uniform 30-400), raw; the class (3) a grade from ``(pressure - 101300) /
    900 + (humidity - 89) / 5 + (age - 215) / 150`` plus normal noise (sd 0.5), cut at -0.7 and
    0.7: a one-layer tanh MLP of 16 units."""
    rng = np.random.default_rng(422)
    n = 250
    pres, hum, age = rng.normal(101300.0, 900.0, n), rng.uniform(80.0, 98.0, n), rng.uniform(30.0, 400.0, n)
    z = (pres - 101300.0) / 900.0 + (hum - 89.0) / 5.0 + (age - 215.0) / 150.0 + rng.normal(0.0, 0.5, n)
    y = np.digitize(z, [-0.7, 0.7]).astype(np.int64)
    return _tensors(np.column_stack([pres, hum, age]).astype(np.float32), y)


@functools.cache
def raw_bike_share() -> tuple[torch.Tensor, torch.Tensor]:
    """230 station hours: temperature in deg C (uniform 0-35), humidity in % (uniform 20-95),
    hour of day (integer 0-23), raw (columns of tens, no column of 1e3); the target a demand
    ``sin(pi hour / 12) + 0.05 (temp - 18) - 0.02 (humidity - 55)`` plus normal noise (sd 0.3),
    standardised: a one-layer tanh MLP of 16 units."""
    rng = np.random.default_rng(423)
    n = 230
    temp, hum, hour = rng.uniform(0.0, 35.0, n), rng.uniform(20.0, 95.0, n), rng.integers(0, 24, n).astype(float)
    y = np.sin(np.pi * hour / 12.0) + 0.05 * (temp - 18.0) - 0.02 * (hum - 55.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([temp, hum, hour]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_ski_lift() -> tuple[torch.Tensor, torch.Tensor]:
    """240 lift days: cable tension in N (normal 60000, sd 4000), snow depth in cm (uniform
    20-250), skier count (uniform 200-3000), raw; the target a wear ``(tension - 60000) / 4000 +
    0.5 (skiers / 1000)^2 - depth / 200`` plus normal noise (sd 0.3), standardised: a two-layer
    tanh MLP (16, 16)."""
    rng = np.random.default_rng(424)
    n = 240
    ten, snow, ski = rng.normal(60000.0, 4000.0, n), rng.uniform(20.0, 250.0, n), rng.uniform(200.0, 3000.0, n)
    y = (ten - 60000.0) / 4000.0 + 0.5 * (ski / 1000.0) ** 2 - snow / 200.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([ten, snow, ski]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_pulp_press() -> tuple[torch.Tensor, torch.Tensor]:
    """230 press rolls: roller speed in mm/s (normal 12000, sd 800), pulp consistency in % (normal
    3, sd 0.5), steam pressure in kPa (normal 900, sd 60), raw; the target a sheet strength
    ``(speed - 12000) / 800 - (consistency - 3)^2 + (steam - 900) / 120`` plus normal noise (sd
    0.3), standardised: a three-layer sigmoid MLP (12, 12, 12)."""
    rng = np.random.default_rng(425)
    n = 230
    speed, cons, steam = rng.normal(12000.0, 800.0, n), rng.normal(3.0, 0.5, n), rng.normal(900.0, 60.0, n)
    y = (speed - 12000.0) / 800.0 - (cons - 3.0) ** 2 + (steam - 900.0) / 120.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([speed, cons, steam]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_tram_brake() -> tuple[torch.Tensor, torch.Tensor]:
    """260 brake tests: line voltage in mV (normal 750000, sd 20000), pad thickness in mm (uniform
    4-20), tram mass in kg (normal 38000, sd 2500), raw; the class (2) whether the stopping
    distance was over its limit, ``(voltage - 750000) / 25000 - (pad - 12) / 4 + (mass - 38000) /
    3000`` plus logistic noise (scale 0.5) above 0: a two-layer tanh MLP (12, 12)."""
    rng = np.random.default_rng(426)
    n = 260
    volt, pad, mass = rng.normal(750000.0, 20000.0, n), rng.uniform(4.0, 20.0, n), rng.normal(38000.0, 2500.0, n)
    z = (volt - 750000.0) / 25000.0 - (pad - 12.0) / 4.0 + (mass - 38000.0) / 3000.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([volt, pad, mass]).astype(np.float32), y)


@functools.cache
def scaled_orchard_frost() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points normal in R^4, the target a frost damage ``tanh(x0 - x1) + x2 x3 / 2`` plus
    normal noise (sd 0.2), features and target standardised: a one-layer tanh MLP of 12 units,
    the group's shallow scaled control."""
    rng = np.random.default_rng(427)
    X = rng.normal(0.0, 1.0, (220, 4))
    y = np.tanh(X[:, 0] - X[:, 1]) + X[:, 2] * X[:, 3] / 2.0 + rng.normal(0.0, 0.2, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_ferment_vat() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^3, the target a yield ``x0^2 / 2 - x1 + sin(2 x2)`` plus
    normal noise (sd 0.2), features and target standardised: a two-layer sigmoid MLP (16, 16), the
    group's deep scaled control."""
    rng = np.random.default_rng(428)
    X = rng.uniform(-2.0, 2.0, (240, 3))
    y = X[:, 0] ** 2 / 2.0 - X[:, 1] + np.sin(2.0 * X[:, 2]) + rng.normal(0.0, 0.2, 240)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw honey scale tanh mlp", FRESH42, "regression", raw_honey_scale, "mlp", "mse", {"hidden": (12,), "activation": "tanh"}, True),
    ("raw tidal turbine sigmoid mlp", FRESH42, "regression", raw_tidal_turbine, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}, True),
    ("raw cheese cave tanh mlp", FRESH42, "classification", raw_cheese_cave, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}, True),
    ("raw bike share tanh mlp", FRESH42, "regression", raw_bike_share, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
    ("raw ski lift deep tanh mlp", FRESH42, "regression", raw_ski_lift, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, True),
    ("raw pulp press deep sigmoid mlp", FRESH42, "regression", raw_pulp_press, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "sigmoid"}, True),
    ("raw tram brake deep tanh mlp", FRESH42, "classification", raw_tram_brake, "mlp", "cross_entropy", {"hidden": (12, 12), "activation": "tanh"}, True),
    ("scaled orchard frost tanh mlp", FRESH42, "regression", scaled_orchard_frost, "mlp", "mse", {"hidden": (12,), "activation": "tanh"}),
    ("scaled ferment vat deep sigmoid mlp", FRESH42, "regression", scaled_ferment_vat, "mlp", "mse", {"hidden": (16, 16), "activation": "sigmoid"}),
)  # fmt: skip
