"""The data of the doctor corpus's third session-23 group (``_doctor_tasks.py``): a forty-fourth
fresh group, ``fresh44``, written on 2026-12-06 at 01:20 UTC by session 23's doctor helper doctor12,
after fresh42 and fresh43 were read (spent), before the round's change is designed (it means to
settle ``unscaled_inputs`` on deep sigmoid MLPs under non-adaptive rules, where standardising, even
with a raised rate, does not finish the run in its steps), and before any run of this group was
trained. Written for that regime, with its neighbours and controls beside it: on raw inputs, deep
sigmoid MLPs on tannery vat readings (three layers of 10), classifying cider press readings (three
layers of 14, 2 classes), on foundry ladle readings (four layers of 12) and on canal lock readings
(two layers of 16); deep tanh MLPs on ferry engine readings (three layers of 12) and classifying
textile dye readings (four layers of 18, 3 classes); shallow MLPs, a sigmoid one on paper mill
readings (16 units) and a tanh one classifying weather balloon readings (12 units, 2 classes);
standardised controls, a three-layer sigmoid MLP on reef sensor readings and a two-layer tanh MLP
classifying orbit tracker readings (2 classes); and ordinary models so that harm shows: a linear
regression on standardised toll booth readings and a two-layer ReLU MLP on raw gondola cable
readings (columns of tens to hundreds; ReLU does not saturate). Each raw task but gondola cable has
a column of 1e3 or more whose spread is small beside its mean. Every training set has at most 260
rows. None of its tasks shares a generator, a data set and a model with a task of an earlier group,
and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH44 = "fresh44"


@functools.cache
def raw_tannery_vat() -> tuple[torch.Tensor, torch.Tensor]:
    """230 vats: brine density in g/l (normal 1200, sd 40), soak time in h (uniform 6-48), pH
    (normal 8, sd 0.8), raw; the target a hide softness ``(density - 1200) / 40 + 0.03 hours -
    (ph - 8)^2 / 2`` plus normal noise (sd 0.3), standardised: a three-layer sigmoid MLP (10, 10,
    10)."""
    rng = np.random.default_rng(440)
    n = 230
    dens, hours, ph = rng.normal(1200.0, 40.0, n), rng.uniform(6.0, 48.0, n), rng.normal(8.0, 0.8, n)
    y = (dens - 1200.0) / 40.0 + 0.03 * hours - (ph - 8.0) ** 2 / 2.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([dens, hours, ph]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_cider_press() -> tuple[torch.Tensor, torch.Tensor]:
    """240 pressings: press force in N (normal 25000, sd 2000), apple sugar in g/l (normal 110,
    sd 12), temperature in deg C (uniform 5-20), raw; the class (2) whether the juice clears,
    ``(force - 25000) / 2000 - (sugar - 110) / 12 + (temp - 12.5) / 4`` plus logistic noise (scale
    0.5) above 0: a three-layer sigmoid MLP (14, 14, 14)."""
    rng = np.random.default_rng(441)
    n = 240
    force, sugar, temp = rng.normal(25000.0, 2000.0, n), rng.normal(110.0, 12.0, n), rng.uniform(5.0, 20.0, n)
    z = (force - 25000.0) / 2000.0 - (sugar - 110.0) / 12.0 + (temp - 12.5) / 4.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([force, sugar, temp]).astype(np.float32), y)


@functools.cache
def raw_foundry_ladle() -> tuple[torch.Tensor, torch.Tensor]:
    """220 pours: metal temperature in deg C (normal 1550, sd 30), ladle mass in kg (normal 8000,
    sd 400), pour time in s (uniform 20-90), alloy share in % (uniform 0-5), raw; the target a
    casting density ``(temp - 1550) / 30 + (mass - 8000) / 800 - 0.01 time + 0.2 alloy`` plus
    normal noise (sd 0.3), standardised: a four-layer sigmoid MLP (12, 12, 12, 12)."""
    rng = np.random.default_rng(442)
    n = 220
    temp, mass = rng.normal(1550.0, 30.0, n), rng.normal(8000.0, 400.0, n)
    time, alloy = rng.uniform(20.0, 90.0, n), rng.uniform(0.0, 5.0, n)
    y = (temp - 1550.0) / 30.0 + (mass - 8000.0) / 800.0 - 0.01 * time + 0.2 * alloy + rng.normal(0.0, 0.3, n)
    X = np.column_stack([temp, mass, time, alloy]).astype(np.float32)
    return _tensors(X, _standardised(y).astype(np.float32))


@functools.cache
def raw_canal_lock() -> tuple[torch.Tensor, torch.Tensor]:
    """240 lockings: upper water level in mm (normal 6200, sd 150), boat length in m (uniform
    5-40), valve opening in % (uniform 10-100), raw; the target a fill time ``(level - 6200) / 150
    + 0.03 length - sqrt(valve) / 5`` plus normal noise (sd 0.3), standardised: a two-layer sigmoid
    MLP (16, 16)."""
    rng = np.random.default_rng(443)
    n = 240
    lev, length, valve = rng.normal(6200.0, 150.0, n), rng.uniform(5.0, 40.0, n), rng.uniform(10.0, 100.0, n)
    y = (lev - 6200.0) / 150.0 + 0.03 * length - np.sqrt(valve) / 5.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([lev, length, valve]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_ferry_engine() -> tuple[torch.Tensor, torch.Tensor]:
    """230 crossings: shaft speed in rpm (normal 1800, sd 90), fuel rate in l/h (uniform 50-200),
    sea state (uniform 0-6), raw; the target an exhaust temperature ``(rpm - 1800) / 90 + 0.01 fuel
    + sin(sea)`` plus normal noise (sd 0.3), standardised: a three-layer tanh MLP (12, 12, 12)."""
    rng = np.random.default_rng(444)
    n = 230
    rpm, fuel, sea = rng.normal(1800.0, 90.0, n), rng.uniform(50.0, 200.0, n), rng.uniform(0.0, 6.0, n)
    y = (rpm - 1800.0) / 90.0 + 0.01 * fuel + np.sin(sea) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([rpm, fuel, sea]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_textile_dye() -> tuple[torch.Tensor, torch.Tensor]:
    """250 dye lots: bath temperature in 0.01 deg C (normal 8500, sd 300), dye mass in g (normal
    4000, sd 250), time in min (uniform 20-120), raw; the class (3) a shade grade from ``(temp -
    8500) / 300 + (mass - 4000) / 250 - (time - 70) / 30`` plus normal noise (sd 0.5), cut at -0.8
    and 0.8: a four-layer tanh MLP (18, 18, 18, 18)."""
    rng = np.random.default_rng(445)
    n = 250
    temp, mass, tmin = rng.normal(8500.0, 300.0, n), rng.normal(4000.0, 250.0, n), rng.uniform(20.0, 120.0, n)
    z = (temp - 8500.0) / 300.0 + (mass - 4000.0) / 250.0 - (tmin - 70.0) / 30.0 + rng.normal(0.0, 0.5, n)
    y = np.digitize(z, [-0.8, 0.8]).astype(np.int64)
    return _tensors(np.column_stack([temp, mass, tmin]).astype(np.float32), y)


@functools.cache
def raw_paper_mill() -> tuple[torch.Tensor, torch.Tensor]:
    """220 reels: pulp consistency in ppm (normal 30000, sd 1500), line speed in m/min (uniform
    300-900), moisture in % (normal 7, sd 1), raw; the target a tensile strength ``(ppm - 30000) /
    1500 - (speed - 600) / 300 + cos(moisture - 7)`` plus normal noise (sd 0.3), standardised: a
    one-layer sigmoid MLP of 16 units."""
    rng = np.random.default_rng(446)
    n = 220
    ppm, speed, moist = rng.normal(30000.0, 1500.0, n), rng.uniform(300.0, 900.0, n), rng.normal(7.0, 1.0, n)
    y = (ppm - 30000.0) / 1500.0 - (speed - 600.0) / 300.0 + np.cos(moist - 7.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([ppm, speed, moist]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_weather_balloon() -> tuple[torch.Tensor, torch.Tensor]:
    """240 launches: pressure at launch in Pa (normal 101000, sd 1200), helium volume in l (normal
    3000, sd 200), wind in m/s (uniform 0-15), raw; the class (2) whether it reaches 30 km,
    ``(pressure - 101000) / 1200 + (helium - 3000) / 200 - (wind - 7.5) / 4`` plus logistic noise
    (scale 0.5) above 0: a one-layer tanh MLP of 12 units."""
    rng = np.random.default_rng(447)
    n = 240
    pres, hel, wind = rng.normal(101000.0, 1200.0, n), rng.normal(3000.0, 200.0, n), rng.uniform(0.0, 15.0, n)
    z = (pres - 101000.0) / 1200.0 + (hel - 3000.0) / 200.0 - (wind - 7.5) / 4.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([pres, hel, wind]).astype(np.float32), y)


@functools.cache
def scaled_reef_sensor() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^4, the target a coral cover ``tanh(x0 + x1) - x2 x3 / 2 + x3 / 4``
    plus normal noise (sd 0.2), features and target standardised: a three-layer sigmoid MLP (12,
    12, 12), the group's deep sigmoid scaled control."""
    rng = np.random.default_rng(448)
    X = rng.normal(0.0, 1.0, (230, 4))
    y = np.tanh(X[:, 0] + X[:, 1]) - X[:, 2] * X[:, 3] / 2.0 + X[:, 3] / 4.0 + rng.normal(0.0, 0.2, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_orbit_tracker() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^3, the class (2) whether ``x0^2 + x1 - x2 / 2 - 1`` plus
    logistic noise (scale 0.3) is above 0, features standardised: a two-layer tanh MLP (16, 16),
    the group's tanh scaled control."""
    rng = np.random.default_rng(449)
    X = rng.uniform(-2.0, 2.0, (240, 3))
    z = X[:, 0] ** 2 + X[:, 1] - X[:, 2] / 2.0 - 1.0 + rng.logistic(0.0, 0.3, 240)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def scaled_toll_booth() -> tuple[torch.Tensor, torch.Tensor]:
    """210 points normal in R^5, the target a linear queue length with weights (0.7, 0, -1, 0.4,
    0.2) plus normal noise (sd 0.5), features and target standardised: a linear regression,
    ordinary."""
    rng = np.random.default_rng(4410)
    X = rng.normal(0.0, 1.0, (210, 5))
    y = X @ np.array([0.7, 0.0, -1.0, 0.4, 0.2]) + rng.normal(0.0, 0.5, 210)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_gondola_cable() -> tuple[torch.Tensor, torch.Tensor]:
    """220 cable checks: span in m (uniform 200-1200), cabin load in kg (uniform 100-600),
    temperature in deg C (normal 5, sd 8), raw (columns of tens to hundreds); the target a sag
    ``span / 500 + load / 250 - temp / 8`` plus normal noise (sd 0.3), standardised: a two-layer
    ReLU MLP (16, 16), which raw inputs do not saturate."""
    rng = np.random.default_rng(4411)
    n = 220
    span, load, temp = rng.uniform(200.0, 1200.0, n), rng.uniform(100.0, 600.0, n), rng.normal(5.0, 8.0, n)
    y = span / 500.0 + load / 250.0 - temp / 8.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([span, load, temp]).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw tannery vat deep sigmoid mlp", FRESH44, "regression", raw_tannery_vat, "mlp", "mse", {"hidden": (10, 10, 10), "activation": "sigmoid"}, True),
    ("raw cider press deep sigmoid mlp", FRESH44, "classification", raw_cider_press, "mlp", "cross_entropy", {"hidden": (14, 14, 14), "activation": "sigmoid"}, True),
    ("raw foundry ladle deep sigmoid mlp", FRESH44, "regression", raw_foundry_ladle, "mlp", "mse", {"hidden": (12, 12, 12, 12), "activation": "sigmoid"}, True),
    ("raw canal lock deep sigmoid mlp", FRESH44, "regression", raw_canal_lock, "mlp", "mse", {"hidden": (16, 16), "activation": "sigmoid"}, True),
    ("raw ferry engine deep tanh mlp", FRESH44, "regression", raw_ferry_engine, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "tanh"}, True),
    ("raw textile dye deep tanh mlp", FRESH44, "classification", raw_textile_dye, "mlp", "cross_entropy", {"hidden": (18, 18, 18, 18), "activation": "tanh"}, True),
    ("raw paper mill sigmoid mlp", FRESH44, "regression", raw_paper_mill, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}, True),
    ("raw weather balloon tanh mlp", FRESH44, "classification", raw_weather_balloon, "mlp", "cross_entropy", {"hidden": (12,), "activation": "tanh"}, True),
    ("scaled reef sensor deep sigmoid mlp", FRESH44, "regression", scaled_reef_sensor, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "sigmoid"}),
    ("scaled orbit tracker deep tanh mlp", FRESH44, "classification", scaled_orbit_tracker, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "tanh"}),
    ("scaled toll booth linear", FRESH44, "regression", scaled_toll_booth, "linear", "mse"),
    ("raw gondola cable deep relu mlp", FRESH44, "regression", raw_gondola_cable, "mlp", "mse", {"hidden": (16, 16), "activation": "relu"}, True),
)  # fmt: skip
