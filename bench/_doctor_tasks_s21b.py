"""The data of the doctor corpus's second session-21 group (``_doctor_tasks.py``): a thirty-ninth
fresh group, ``fresh39``, written on 2026-12-05 at 20:16 UTC, before session 21's sixth doctor
helper designs a change on "oscillation" findings on healthy runs whose loss spiked in the first
epoch and came back (raw-input regression MLPs drew most of them: fresh6's diabetes, fresh20's
uncentred ReLU, fresh36's boiler readings), and before any run of this group was trained.
Written for that regime: MLPs whose first epoch may spike, regression and classification: a
ReLU MLP on raw kiln readings, a two-layer GELU MLP on raw harbour crane readings, a tanh MLP on
raw greenhouse pump readings (regressions on raw columns of scales about 1 to 1e4), a ReLU MLP
classifying raw loan applications (2 classes), a sigmoid MLP classifying raw weather station
readings (3 classes), and a standardised wide ReLU MLP regression on a ridge as the group's
scaled counterpart. Every training set has at most 256 rows. None of its tasks shares a
generator, a data set and a model with a task of an earlier group, fresh38 included, and none
repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH39 = "fresh39"


@functools.cache
def raw_kiln_readings() -> tuple[torch.Tensor, torch.Tensor]:
    """230 kiln firings: peak temperature in deg C (normal 1150, sd 60), soak time in minutes
    (uniform 20-180), load in kg (normal 600, sd 150), raw; the target a shrinkage ``(temp -
    1150) / 60 + 0.4 log(soak / 20) - 0.2 ((load - 600) / 150)^2`` plus normal noise (sd 0.3),
    standardised: a one-layer ReLU MLP of 32 units."""
    rng = np.random.default_rng(390)
    n = 230
    temp, soak, load = rng.normal(1150.0, 60.0, n), rng.uniform(20.0, 180.0, n), rng.normal(600.0, 150.0, n)
    y = (temp - 1150.0) / 60.0 + 0.4 * np.log(soak / 20.0) - 0.2 * ((load - 600.0) / 150.0) ** 2
    y = y + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([temp, soak, load]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_crane_readings() -> tuple[torch.Tensor, torch.Tensor]:
    """240 harbour crane lifts: container mass in kg (uniform 2000-30000), boom angle in degrees
    (uniform 20-75), wind in km/h (gamma, shape 2, scale 8), raw; the target a lift time ``mass /
    15000 + cos(angle in radians) - 0.02 wind + 0.3 sin(mass / 4000)`` plus normal noise (sd 0.2),
    standardised: a two-layer GELU MLP (24, 12)."""
    rng = np.random.default_rng(391)
    n = 240
    mass, angle, wind = rng.uniform(2000.0, 30000.0, n), rng.uniform(20.0, 75.0, n), rng.gamma(2.0, 8.0, n)
    y = mass / 15000.0 + np.cos(np.radians(angle)) - 0.02 * wind + 0.3 * np.sin(mass / 4000.0)
    y = y + rng.normal(0.0, 0.2, n)
    return _tensors(np.column_stack([mass, angle, wind]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_greenhouse_pump() -> tuple[torch.Tensor, torch.Tensor]:
    """220 pump hours: flow in l/h (normal 2500, sd 600), head in metres (uniform 2-30), supply
    voltage (normal 230, sd 6), raw; the target a power draw ``flow head / 40000 + (230 -
    volt) / 10`` plus normal noise (sd 0.25), standardised: a one-layer tanh MLP of 16 units."""
    rng = np.random.default_rng(392)
    n = 220
    flow, head, volt = rng.normal(2500.0, 600.0, n), rng.uniform(2.0, 30.0, n), rng.normal(230.0, 6.0, n)
    y = flow * head / 40000.0 + (230.0 - volt) / 10.0 + rng.normal(0.0, 0.25, n)
    return _tensors(np.column_stack([flow, head, volt]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_loan_applications() -> tuple[torch.Tensor, torch.Tensor]:
    """240 loan applications: yearly income in euros (lognormal, median 40000), age in years
    (uniform 20-70), amount asked in euros (uniform 1000-50000), years employed (exponential,
    mean 6), raw; the class (2) whether it was repaid, ``log(income / 40000) - (amount - 25000) /
    15000 + (years - 6) / 6`` plus logistic noise (scale 0.4) above 0: a one-layer ReLU MLP of 24
    units."""
    rng = np.random.default_rng(393)
    n = 240
    income, age = rng.lognormal(np.log(40000.0), 0.4, n), rng.uniform(20.0, 70.0, n)
    amount, years = rng.uniform(1000.0, 50000.0, n), rng.exponential(6.0, n)
    z = np.log(income / 40000.0) - (amount - 25000.0) / 15000.0 + (years - 6.0) / 6.0
    y = (z + rng.logistic(0.0, 0.4, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([income, age, amount, years]).astype(np.float32), y)


@functools.cache
def raw_weather_station() -> tuple[torch.Tensor, torch.Tensor]:
    """250 station hours: pressure in hPa (normal 1013, sd 9), relative humidity in % (uniform
    20-100), temperature in kelvin (normal 285, sd 8), raw; the class (3) of the next hour, rain
    where ``(1013 - p) / 9 + (hum - 60) / 20`` exceeds 1, else sun where the temperature is above
    288 K, else cloud, with 5% of the labels flipped at random: a one-layer sigmoid MLP of 16
    units."""
    rng = np.random.default_rng(394)
    n = 250
    p, hum, temp = rng.normal(1013.0, 9.0, n), rng.uniform(20.0, 100.0, n), rng.normal(285.0, 8.0, n)
    y = np.where((1013.0 - p) / 9.0 + (hum - 60.0) / 20.0 > 1.0, 0, np.where(temp > 288.0, 1, 2))
    flip = rng.random(n) < 0.05
    y = np.where(flip, rng.integers(0, 3, n), y).astype(np.int64)
    return _tensors(np.column_stack([p, hum, temp]).astype(np.float32), y)


@functools.cache
def scaled_ridge() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points normal in R^4, the target a ridge ``exp(-(x0 + x1 - x2)^2) + 0.5 x3`` plus
    normal noise (sd 0.2), features and target standardised: a wide one-layer ReLU MLP of 64
    units, the group's scaled counterpart of its raw tasks."""
    rng = np.random.default_rng(395)
    X = rng.normal(0.0, 1.0, (250, 4))
    y = np.exp(-((X[:, 0] + X[:, 1] - X[:, 2]) ** 2)) + 0.5 * X[:, 3] + rng.normal(0.0, 0.2, 250)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw kiln readings relu mlp", FRESH39, "regression", raw_kiln_readings, "mlp", "mse", {"hidden": (32,), "activation": "relu"}, True),
    ("raw harbour crane gelu mlp", FRESH39, "regression", raw_crane_readings, "mlp", "mse", {"hidden": (24, 12), "activation": "gelu"}, True),
    ("raw greenhouse pump tanh mlp", FRESH39, "regression", raw_greenhouse_pump, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
    ("raw loan applications relu mlp", FRESH39, "classification", raw_loan_applications, "mlp", "cross_entropy", {"hidden": (24,), "activation": "relu"}, True),
    ("raw weather station sigmoid mlp", FRESH39, "classification", raw_weather_station, "mlp", "cross_entropy", {"hidden": (16,), "activation": "sigmoid"}, True),
    ("scaled ridge wide relu mlp", FRESH39, "regression", scaled_ridge, "mlp", "mse", {"hidden": (64,), "activation": "relu"}),
)  # fmt: skip
