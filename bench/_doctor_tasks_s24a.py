"""The data of the doctor corpus's first session-24 group (``_doctor_tasks.py``): a forty-sixth
fresh group, ``fresh46``, written on 2026-12-06 at 03:25 UTC by session 24's doctor helper doctor14,
after fresh45 was read (spent), before the round's change is designed, and before any run of this
group was trained. Written to hold the kinds of run where the doctor is weakest: deep tanh and
sigmoid MLPs on raw inputs (whose grids are often flat: many rates about as poor as the best), Adam
runs (every task is trained under Adam among the four rules), and standardised controls whose grids
have many healthy rates. On raw inputs: deep sigmoid MLPs on cable car readings (four layers of 10),
classifying salt marsh readings (three layers of 12, 2 classes), on ski jump readings (five layers of
8) and classifying bell tower readings (four layers of 12, 3 classes); deep tanh MLPs on dredger
readings (three layers of 16) and on water tower readings (four layers of 12); a two-layer sigmoid
MLP on snow plough readings (16, 16) and a one-layer tanh MLP classifying hot spring readings (20
units, 2 classes); standardised controls, a four-layer sigmoid MLP on signal beacon readings and a
three-layer tanh MLP classifying weather vane readings (3 classes); and ordinary models so that harm
shows: a linear regression on standardised mill wheel readings and a two-layer ReLU MLP classifying
raw ice rink readings (columns of tens to hundreds). Each raw task but ice rink has a column of 1e3
or more whose spread is small beside its mean. Every training set has at most 260 rows. None of its
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

FRESH46 = "fresh46"


@functools.cache
def raw_cable_car() -> tuple[torch.Tensor, torch.Tensor]:
    """240 trips: cable tension in N (normal 52000, sd 2000), cabin load in kg (uniform 200-1600),
    wind in m/s (uniform 0-15), raw; the target a sag ``(tension - 52000) / 2000 + load / 700 -
    sin(wind / 4)`` plus normal noise (sd 0.3), standardised: a four-layer sigmoid MLP (10, 10, 10,
    10)."""
    rng = np.random.default_rng(460)
    n = 240
    ten, load, wind = rng.normal(52000.0, 2000.0, n), rng.uniform(200.0, 1600.0, n), rng.uniform(0.0, 15.0, n)
    y = (ten - 52000.0) / 2000.0 + load / 700.0 - np.sin(wind / 4.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([ten, load, wind]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_salt_marsh() -> tuple[torch.Tensor, torch.Tensor]:
    """230 plots: salinity in ppm (normal 30000, sd 1500), elevation in cm (uniform 0-150), tide
    exposure in h/day (uniform 2-12), raw; the class (2) whether the plot is reed-dominated,
    ``-(salinity - 30000) / 1500 + (elevation - 75) / 40 - (exposure - 7) / 2`` plus logistic noise
    (scale 0.5) above 0: a three-layer sigmoid MLP (12, 12, 12)."""
    rng = np.random.default_rng(461)
    n = 230
    sal, elev, exp = rng.normal(30000.0, 1500.0, n), rng.uniform(0.0, 150.0, n), rng.uniform(2.0, 12.0, n)
    z = -(sal - 30000.0) / 1500.0 + (elev - 75.0) / 40.0 - (exp - 7.0) / 2.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([sal, elev, exp]).astype(np.float32), y)


@functools.cache
def raw_ski_jump() -> tuple[torch.Tensor, torch.Tensor]:
    """220 jumps: take-off speed in mm/s (normal 25000, sd 800), jumper mass in kg (normal 62, sd
    6), head wind in m/s (uniform -3-3), raw; the target a distance ``(speed - 25000) / 800 - (mass -
    62) / 12 + wind / 2 + (wind / 3)^2`` plus normal noise (sd 0.3), standardised: a five-layer
    sigmoid MLP (8, 8, 8, 8, 8)."""
    rng = np.random.default_rng(462)
    n = 220
    speed, mass, wind = rng.normal(25000.0, 800.0, n), rng.normal(62.0, 6.0, n), rng.uniform(-3.0, 3.0, n)
    y = (speed - 25000.0) / 800.0 - (mass - 62.0) / 12.0 + wind / 2.0 + (wind / 3.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([speed, mass, wind]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_bell_tower() -> tuple[torch.Tensor, torch.Tensor]:
    """250 peals: bell mass in kg (normal 4000, sd 300), clapper swing in deg (uniform 20-80),
    tower sway in mm (uniform 0-30), raw; the class (3) a tone grade from ``(mass - 4000) / 300 +
    (swing - 50) / 15 - (sway - 15) / 8`` plus normal noise (sd 0.5), cut at -0.9 and 0.9: a
    four-layer sigmoid MLP (12, 12, 12, 12)."""
    rng = np.random.default_rng(463)
    n = 250
    mass, swing, sway = rng.normal(4000.0, 300.0, n), rng.uniform(20.0, 80.0, n), rng.uniform(0.0, 30.0, n)
    z = (mass - 4000.0) / 300.0 + (swing - 50.0) / 15.0 - (sway - 15.0) / 8.0 + rng.normal(0.0, 0.5, n)
    y = np.digitize(z, [-0.9, 0.9]).astype(np.int64)
    return _tensors(np.column_stack([mass, swing, sway]).astype(np.float32), y)


@functools.cache
def raw_dredger() -> tuple[torch.Tensor, torch.Tensor]:
    """230 shifts: pump pressure in kPa (normal 8000, sd 350), cutter depth in m (uniform 2-18),
    sediment density in kg/m3 (normal 1500, sd 120), raw; the target a spoil volume ``(pressure -
    8000) / 350 + depth / 6 - ((density - 1500) / 120)^2 / 2`` plus normal noise (sd 0.3),
    standardised: a three-layer tanh MLP (16, 16, 16)."""
    rng = np.random.default_rng(464)
    n = 230
    pres, depth, dens = rng.normal(8000.0, 350.0, n), rng.uniform(2.0, 18.0, n), rng.normal(1500.0, 120.0, n)
    y = (pres - 8000.0) / 350.0 + depth / 6.0 - ((dens - 1500.0) / 120.0) ** 2 / 2.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([pres, depth, dens]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_water_tower() -> tuple[torch.Tensor, torch.Tensor]:
    """220 days: stored volume in l (normal 450000, sd 20000), demand in m3/h (uniform 10-90),
    air temperature in deg C (normal 18, sd 7), raw; the target a head loss ``(volume - 450000) /
    20000 - demand / 40 + cos(temp / 6)`` plus normal noise (sd 0.3), standardised: a four-layer
    tanh MLP (12, 12, 12, 12)."""
    rng = np.random.default_rng(465)
    n = 220
    vol, dem, temp = rng.normal(450000.0, 20000.0, n), rng.uniform(10.0, 90.0, n), rng.normal(18.0, 7.0, n)
    y = (vol - 450000.0) / 20000.0 - dem / 40.0 + np.cos(temp / 6.0) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([vol, dem, temp]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_snow_plough() -> tuple[torch.Tensor, torch.Tensor]:
    """240 runs: blade force in N (normal 9000, sd 400), snow depth in cm (uniform 5-60), road
    grade in % (uniform 0-10), raw; the target a fuel use ``(force - 9000) / 400 + depth / 25 +
    grade^2 / 30`` plus normal noise (sd 0.3), standardised: a two-layer sigmoid MLP (16, 16)."""
    rng = np.random.default_rng(466)
    n = 240
    force, depth, grade = rng.normal(9000.0, 400.0, n), rng.uniform(5.0, 60.0, n), rng.uniform(0.0, 10.0, n)
    y = (force - 9000.0) / 400.0 + depth / 25.0 + grade**2 / 30.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([force, depth, grade]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_hot_spring() -> tuple[torch.Tensor, torch.Tensor]:
    """230 samples: dissolved solids in mg/l (normal 2500, sd 150), water temperature in deg C
    (uniform 30-90), pH (normal 7, sd 0.8), raw; the class (2) whether the spring is mineral-grade,
    ``(solids - 2500) / 150 + (temp - 60) / 15 - (pH - 7) / 0.5`` plus logistic noise (scale 0.5)
    above 0: a one-layer tanh MLP of 20 units."""
    rng = np.random.default_rng(467)
    n = 230
    sol, temp, ph = rng.normal(2500.0, 150.0, n), rng.uniform(30.0, 90.0, n), rng.normal(7.0, 0.8, n)
    z = (sol - 2500.0) / 150.0 + (temp - 60.0) / 15.0 - (ph - 7.0) / 0.5
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([sol, temp, ph]).astype(np.float32), y)


@functools.cache
def scaled_signal_beacon() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^5, the target a beam range ``tanh(x0 + x1) + x2 x3 / 2 - x4 / 4`` plus
    normal noise (sd 0.2), features and target standardised: a four-layer sigmoid MLP (10, 10, 10,
    10), the group's deep sigmoid scaled control."""
    rng = np.random.default_rng(468)
    X = rng.normal(0.0, 1.0, (230, 5))
    y = np.tanh(X[:, 0] + X[:, 1]) + X[:, 2] * X[:, 3] / 2.0 - X[:, 4] / 4.0 + rng.normal(0.0, 0.2, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_weather_vane() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-2, 2]^3, the class (3) a quarter from ``x0 - x1 x2 / 2`` plus
    logistic noise (scale 0.3), cut at -0.7 and 0.7, features standardised: a three-layer tanh MLP
    (12, 12, 12), the group's tanh scaled control."""
    rng = np.random.default_rng(469)
    X = rng.uniform(-2.0, 2.0, (240, 3))
    z = X[:, 0] - X[:, 1] * X[:, 2] / 2.0 + rng.logistic(0.0, 0.3, 240)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.7, 0.7]).astype(np.int64))


@functools.cache
def scaled_mill_wheel() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points normal in R^6, the target a grind rate ``x0 - 0.6 x1 + 0.3 x2 + 0.1 x5`` plus normal
    noise (sd 0.4), features and target standardised: a linear regression, ordinary."""
    rng = np.random.default_rng(4610)
    X = rng.normal(0.0, 1.0, (220, 6))
    y = X[:, 0] - 0.6 * X[:, 1] + 0.3 * X[:, 2] + 0.1 * X[:, 5] + rng.normal(0.0, 0.4, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_ice_rink() -> tuple[torch.Tensor, torch.Tensor]:
    """230 sessions: skaters (uniform 20-300), ice temperature in tenths of a deg below zero (normal
    50, sd 12), resurfacing interval in min (uniform 30-180), raw (columns of tens to hundreds); the
    class (2) whether the ice needs a rest, ``(skaters - 160) / 70 - (temp - 50) / 12 + (interval -
    105) / 40`` plus logistic noise (scale 0.5) above 0: a two-layer ReLU MLP (16, 16), which raw
    inputs do not saturate."""
    rng = np.random.default_rng(4611)
    n = 230
    sk, temp, inter = rng.uniform(20.0, 300.0, n), rng.normal(50.0, 12.0, n), rng.uniform(30.0, 180.0, n)
    z = (sk - 160.0) / 70.0 - (temp - 50.0) / 12.0 + (inter - 105.0) / 40.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    return _tensors(np.column_stack([sk, temp, inter]).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw cable car deep sigmoid mlp", FRESH46, "regression", raw_cable_car, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}, True),
    ("raw salt marsh deep sigmoid mlp", FRESH46, "classification", raw_salt_marsh, "mlp", "cross_entropy", {"hidden": (12, 12, 12), "activation": "sigmoid"}, True),
    ("raw ski jump deep sigmoid mlp", FRESH46, "regression", raw_ski_jump, "mlp", "mse", {"hidden": (8, 8, 8, 8, 8), "activation": "sigmoid"}, True),
    ("raw bell tower deep sigmoid mlp", FRESH46, "classification", raw_bell_tower, "mlp", "cross_entropy", {"hidden": (12, 12, 12, 12), "activation": "sigmoid"}, True),
    ("raw dredger deep tanh mlp", FRESH46, "regression", raw_dredger, "mlp", "mse", {"hidden": (16, 16, 16), "activation": "tanh"}, True),
    ("raw water tower deep tanh mlp", FRESH46, "regression", raw_water_tower, "mlp", "mse", {"hidden": (12, 12, 12, 12), "activation": "tanh"}, True),
    ("raw snow plough sigmoid mlp", FRESH46, "regression", raw_snow_plough, "mlp", "mse", {"hidden": (16, 16), "activation": "sigmoid"}, True),
    ("raw hot spring tanh mlp", FRESH46, "classification", raw_hot_spring, "mlp", "cross_entropy", {"hidden": (20,), "activation": "tanh"}, True),
    ("scaled signal beacon deep sigmoid mlp", FRESH46, "regression", scaled_signal_beacon, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}),
    ("scaled weather vane deep tanh mlp", FRESH46, "classification", scaled_weather_vane, "mlp", "cross_entropy", {"hidden": (12, 12, 12), "activation": "tanh"}),
    ("scaled mill wheel linear", FRESH46, "regression", scaled_mill_wheel, "linear", "mse", {}),
    ("raw ice rink relu mlp", FRESH46, "classification", raw_ice_rink, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "relu"}, True),
)  # fmt: skip
