"""The data of the doctor corpus's first session-21 group (``_doctor_tasks.py``): a thirty-eighth
fresh group, ``fresh38``, written on 2026-12-05 at 20:10 UTC, before session 21's fifth doctor
helper designs a change on "vanishing gradients" (and oscillation) findings on healthy runs of
regression MLPs fed raw, badly scaled inputs (fresh37's raw barn climate MLP and fresh36's raw
boiler readings drew such false alarms), and before any run of this group was trained. Written
for that regime: five MLP regressions on raw readings whose columns span scales from about 1 to
tens of thousands (a tanh MLP on raw mill sensor readings, a sigmoid MLP on raw river gauge
readings, a two-layer tanh MLP on raw shop sales figures, a GELU MLP on raw solar panel readings,
a ReLU MLP on raw bakery oven readings), and a standardised two-layer tanh MLP regression on a
smooth bowl as the group's scaled counterpart. Every training set has at most 256 rows. None of
its tasks shares a generator, a data set and a model with a task of an earlier group, fresh37
included, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH38 = "fresh38"


@functools.cache
def raw_mill_sensors() -> tuple[torch.Tensor, torch.Tensor]:
    """230 mill readings: spindle speed in rpm (normal 12000, sd 3000), feed in mm/min (normal
    400, sd 100) and coolant temperature in deg C (normal 22, sd 4), raw; the target a tool wear
    ``tanh((rpm - 12000) / 3000) + 0.5 ((feed - 400) / 100) - 0.3 ((temp - 22) / 4)^2`` plus
    normal noise (sd 0.3), standardised: a one-layer tanh MLP of 12 units."""
    rng = np.random.default_rng(380)
    n = 230
    rpm, feed, temp = rng.normal(12000.0, 3000.0, n), rng.normal(400.0, 100.0, n), rng.normal(22.0, 4.0, n)
    y = np.tanh((rpm - 12000.0) / 3000.0) + 0.5 * (feed - 400.0) / 100.0 - 0.3 * ((temp - 22.0) / 4.0) ** 2
    y = y + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([rpm, feed, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_river_gauge() -> tuple[torch.Tensor, torch.Tensor]:
    """240 river gauge readings: discharge in l/s (uniform 2000-40000), water level in cm
    (normal 150, sd 40), rain of the last day in mm (exponential, mean 6), raw; the target a
    turbidity ``log(discharge / 2000) / 3 + (level - 150) / 80 + sqrt(rain) / 3`` plus normal
    noise (sd 0.25), standardised: a one-layer sigmoid MLP of 16 units."""
    rng = np.random.default_rng(381)
    n = 240
    q, level, rain = rng.uniform(2000.0, 40000.0, n), rng.normal(150.0, 40.0, n), rng.exponential(6.0, n)
    y = np.log(q / 2000.0) / 3.0 + (level - 150.0) / 80.0 + np.sqrt(rain) / 3.0 + rng.normal(0.0, 0.25, n)
    return _tensors(np.column_stack([q, level, rain]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_shop_sales() -> tuple[torch.Tensor, torch.Tensor]:
    """220 shop days: visitors (Poisson, mean 900), floor space in m^2 (uniform 80-600), mean
    price in euros (normal 35, sd 10), advertising in euros (uniform 0-5000), raw; the target a
    turnover ``sqrt(visitors) / 10 + (space - 340) / 300 - ((price - 35) / 10)^2 / 3 + tanh(ads /
    2000)`` plus normal noise (sd 0.3), standardised: a two-layer tanh MLP (16, 16)."""
    rng = np.random.default_rng(382)
    n = 220
    visitors = rng.poisson(900.0, n).astype(float)
    space, price, ads = rng.uniform(80.0, 600.0, n), rng.normal(35.0, 10.0, n), rng.uniform(0.0, 5000.0, n)
    y = np.sqrt(visitors) / 10.0 + (space - 340.0) / 300.0 - ((price - 35.0) / 10.0) ** 2 / 3.0 + np.tanh(ads / 2000.0)
    y = y + rng.normal(0.0, 0.3, n)
    X = np.column_stack([visitors, space, price, ads])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_solar_panel() -> tuple[torch.Tensor, torch.Tensor]:
    """250 solar panel readings: irradiance in W/m^2 (uniform 50-1000), panel temperature in
    kelvin (normal 305, sd 10), wind in m/s (gamma, shape 2, scale 2), raw; the target a power
    ``irr / 500 - 0.001 irr (temp - 305) / 10 + 0.1 wind`` plus normal noise (sd 0.15),
    standardised: a one-layer GELU MLP of 20 units."""
    rng = np.random.default_rng(383)
    n = 250
    irr, temp, wind = rng.uniform(50.0, 1000.0, n), rng.normal(305.0, 10.0, n), rng.gamma(2.0, 2.0, n)
    y = irr / 500.0 - 0.001 * irr * (temp - 305.0) / 10.0 + 0.1 * wind + rng.normal(0.0, 0.15, n)
    return _tensors(np.column_stack([irr, temp, wind]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_bakery_oven() -> tuple[torch.Tensor, torch.Tensor]:
    """210 oven loads: temperature in deg C (normal 220, sd 15), time in seconds (uniform
    900-2400), dough mass in grams (normal 5000, sd 1500), raw; the target a crust score
    ``-((temp - 220) / 15)^2 / 2 + (time - 1650) / 500 - |mass - 5000| / 2000`` plus normal
    noise (sd 0.3), standardised: a one-layer ReLU MLP of 24 units."""
    rng = np.random.default_rng(384)
    n = 210
    temp, time, mass = rng.normal(220.0, 15.0, n), rng.uniform(900.0, 2400.0, n), rng.normal(5000.0, 1500.0, n)
    y = -(((temp - 220.0) / 15.0) ** 2) / 2.0 + (time - 1650.0) / 500.0 - np.abs(mass - 5000.0) / 2000.0
    y = y + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([temp, time, mass]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def smooth_bowl() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^3, the target ``x0^2 + 0.5 x1^2 - 0.3 x0 x2 + sin(x2)`` plus
    normal noise (sd 0.3), features and target standardised: a two-layer tanh MLP (16, 16), the
    group's scaled counterpart of its raw regressions."""
    rng = np.random.default_rng(385)
    X = rng.uniform(-2.0, 2.0, (240, 3))
    y = X[:, 0] ** 2 + 0.5 * X[:, 1] ** 2 - 0.3 * X[:, 0] * X[:, 2] + np.sin(X[:, 2]) + rng.normal(0.0, 0.3, 240)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw mill sensors tanh mlp", FRESH38, "regression", raw_mill_sensors, "mlp", "mse", {"hidden": (12,), "activation": "tanh"}, True),
    ("raw river gauge sigmoid mlp", FRESH38, "regression", raw_river_gauge, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}, True),
    ("raw shop sales deep tanh mlp", FRESH38, "regression", raw_shop_sales, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, True),
    ("raw solar panel gelu mlp", FRESH38, "regression", raw_solar_panel, "mlp", "mse", {"hidden": (20,), "activation": "gelu"}, True),
    ("raw bakery oven relu mlp", FRESH38, "regression", raw_bakery_oven, "mlp", "mse", {"hidden": (24,), "activation": "relu"}, True),
    ("smooth bowl tanh mlp", FRESH38, "regression", smooth_bowl, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}),
)  # fmt: skip
