"""The data of the doctor corpus's session-24 group ``fresh49`` (``_doctor_tasks.py``), written on
2026-12-06 at 04:12 UTC by session 24's doctor helper doctor17, after fresh48 was read (spent),
before the round's change is designed, and before any metric on its runs is looked at (its grids
were checked to train: a count of grids whose best run ends below 0.8 of its start). Written to
hold the kinds of run where the doctor's healthy false alarms are now most common: ReLU MLPs whose
loss can spike and come back (on raw columns of tens to hundreds, as well as standardised), and
flat-grid tanh MLPs on raw inputs, with ordinary models so that harm shows. ReLU MLPs: raw beehive
readings (16, 16), classifying raw kayak trips (24, 3 classes), standardised observatory readings
(32, 32), classifying standardised spice grinder batches (16, 16, 16, 2 classes), raw toll bridge
counts (32), classifying standardised glassworks melts (32, 16, 4 classes) and a deep MLP on raw
marina readings (8, 8, 8, 8); tanh MLPs on standardised orchard pump readings (24, 24) and on raw
olive press readings (16, 16, a column in the hundreds with a small spread); a sigmoid MLP on
standardised sundial readings (16); a logistic regression on standardised apiary readings; and a
linear regression on raw ropeway readings. Every training set has at most 260 rows. None of its
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

FRESH49 = "fresh49"


@functools.cache
def raw_beehive() -> tuple[torch.Tensor, torch.Tensor]:
    """240 hives: frames (uniform 4-20), hive weight in kg (normal 45, sd 8), forager count in
    hundreds (uniform 10-90), raw; the target a honey yield ``frames / 4 + (weight - 45) / 8 +
    relu(foragers - 50) / 15`` plus normal noise (sd 0.3), standardised: a two-layer ReLU MLP (16,
    16)."""
    rng = np.random.default_rng(490)
    n = 240
    fr, w, fo = rng.uniform(4.0, 20.0, n), rng.normal(45.0, 8.0, n), rng.uniform(10.0, 90.0, n)
    y = fr / 4.0 + (w - 45.0) / 8.0 + np.maximum(fo - 50.0, 0.0) / 15.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([fr, w, fo]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_kayak() -> tuple[torch.Tensor, torch.Tensor]:
    """250 trips: distance in km (uniform 2-40), paddler mass in kg (normal 75, sd 12), current in
    cm/s (uniform 0-120), raw; the class (3) a difficulty grade from ``(distance - 21) / 10 + (current
    - 60) / 30 - (mass - 75) / 24`` plus logistic noise (scale 0.4), cut at -0.8 and 0.8: a one-layer
    ReLU MLP of 24 units."""
    rng = np.random.default_rng(491)
    n = 250
    d, m, c = rng.uniform(2.0, 40.0, n), rng.normal(75.0, 12.0, n), rng.uniform(0.0, 120.0, n)
    z = (d - 21.0) / 10.0 + (c - 60.0) / 30.0 - (m - 75.0) / 24.0 + rng.logistic(0.0, 0.4, n)
    return _tensors(np.column_stack([d, m, c]).astype(np.float32), np.digitize(z, [-0.8, 0.8]).astype(np.int64))


@functools.cache
def scaled_observatory() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^6, the target a seeing index ``|x0| - x1 x2 + sin(2 x3) / 2 + x4 / 3``
    plus normal noise (sd 0.2), features and target standardised: a two-layer ReLU MLP (32, 32)."""
    rng = np.random.default_rng(492)
    X = rng.normal(0.0, 1.0, (230, 6))
    y = np.abs(X[:, 0]) - X[:, 1] * X[:, 2] + np.sin(2.0 * X[:, 3]) / 2.0 + X[:, 4] / 3.0 + rng.normal(0.0, 0.2, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_spice_grinder() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-1, 1]^4, the class (2) whether a batch is fine, ``x0^2 + x1^2 - 0.6 +
    x2 x3`` plus logistic noise (scale 0.2) below 0, features standardised: a three-layer ReLU MLP
    (16, 16, 16)."""
    rng = np.random.default_rng(493)
    X = rng.uniform(-1.0, 1.0, (240, 4))
    z = X[:, 0] ** 2 + X[:, 1] ** 2 - 0.6 + X[:, 2] * X[:, 3] + rng.logistic(0.0, 0.2, 240)
    return _tensors(_standardised(X).astype(np.float32), (z < 0).astype(np.int64))


@functools.cache
def raw_toll_bridge() -> tuple[torch.Tensor, torch.Tensor]:
    """230 hours: cars (uniform 50-400), lorries (uniform 5-60), rain in tenths of a mm (uniform
    0-80), raw; the target a queue length ``cars / 100 + lorries / 15 - rain / 40 + (cars / 200)^2``
    plus normal noise (sd 0.3), standardised: a one-layer ReLU MLP of 32 units."""
    rng = np.random.default_rng(494)
    n = 230
    cars, lor, rain = rng.uniform(50.0, 400.0, n), rng.uniform(5.0, 60.0, n), rng.uniform(0.0, 80.0, n)
    y = cars / 100.0 + lor / 15.0 - rain / 40.0 + (cars / 200.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([cars, lor, rain]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_glassworks() -> tuple[torch.Tensor, torch.Tensor]:
    """260 points normal in R^5, the class (4) a melt grade, the quadrant of ``(x0 + x1 x2 / 2, x3 -
    x4 / 2)`` with normal noise (sd 0.3) on each, features standardised: a two-layer ReLU MLP (32,
    16)."""
    rng = np.random.default_rng(495)
    X = rng.normal(0.0, 1.0, (260, 5))
    a = X[:, 0] + X[:, 1] * X[:, 2] / 2.0 + rng.normal(0.0, 0.3, 260)
    b = X[:, 3] - X[:, 4] / 2.0 + rng.normal(0.0, 0.3, 260)
    y = 2 * (a > 0).astype(np.int64) + (b > 0).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def raw_marina() -> tuple[torch.Tensor, torch.Tensor]:
    """220 days: moored boats (uniform 10-80), wave height in cm (uniform 5-60), wind in km/h
    (normal 20, sd 8), raw; the target a berth demand ``boats / 20 - waves / 30 + (wind - 20) / 8 -
    ((wind - 20) / 10)^2`` plus normal noise (sd 0.3), standardised: a four-layer ReLU MLP (8, 8, 8,
    8)."""
    rng = np.random.default_rng(496)
    n = 220
    boats, waves, wind = rng.uniform(10.0, 80.0, n), rng.uniform(5.0, 60.0, n), rng.normal(20.0, 8.0, n)
    y = boats / 20.0 - waves / 30.0 + (wind - 20.0) / 8.0 - ((wind - 20.0) / 10.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([boats, waves, wind]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_orchard_pump() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^4, the target a flow ``tanh(x0 - x1) + x2 x3 / 2`` plus normal noise
    (sd 0.2), features and target standardised: a two-layer tanh MLP (24, 24)."""
    rng = np.random.default_rng(497)
    X = rng.normal(0.0, 1.0, (230, 4))
    y = np.tanh(X[:, 0] - X[:, 1]) + X[:, 2] * X[:, 3] / 2.0 + rng.normal(0.0, 0.2, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_olive_press() -> tuple[torch.Tensor, torch.Tensor]:
    """240 pressings: pressure in kPa (normal 600, sd 40), olive mass in kg (uniform 20-200), press
    time in min (uniform 5-45), raw; the target a oil yield ``(pressure - 600) / 40 + mass / 90 -
    ((time - 25) / 12)^2`` plus normal noise (sd 0.3), standardised: a two-layer tanh MLP (16,
    16)."""
    rng = np.random.default_rng(498)
    n = 240
    p, m, t = rng.normal(600.0, 40.0, n), rng.uniform(20.0, 200.0, n), rng.uniform(5.0, 45.0, n)
    y = (p - 600.0) / 40.0 + m / 90.0 - ((t - 25.0) / 12.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([p, m, t]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_sundial() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points uniform in [-2, 2]^3, the target a shadow error ``sin(x0) x1 + x2^2 / 3`` plus normal
    noise (sd 0.2), features and target standardised: a one-layer sigmoid MLP of 16 units."""
    rng = np.random.default_rng(499)
    X = rng.uniform(-2.0, 2.0, (220, 3))
    y = np.sin(X[:, 0]) * X[:, 1] + X[:, 2] ** 2 / 3.0 + rng.normal(0.0, 0.2, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_apiary() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points normal in R^7, the class (2) whether a colony swarms, ``x0 - 0.7 x1 + 0.4 x3 - 0.2
    x6`` plus logistic noise (scale 0.6) above 0, features standardised: a logistic regression,
    ordinary."""
    rng = np.random.default_rng(4910)
    X = rng.normal(0.0, 1.0, (240, 7))
    z = X[:, 0] - 0.7 * X[:, 1] + 0.4 * X[:, 3] - 0.2 * X[:, 6] + rng.logistic(0.0, 0.6, 240)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def raw_ropeway() -> tuple[torch.Tensor, torch.Tensor]:
    """230 hours: cabins running (uniform 4-30), riders (uniform 20-600), wind in km/h (uniform
    0-50), raw (columns of tens to hundreds); the target a wait ``riders / 150 - cabins / 8 + wind / 25`` plus normal noise (sd 0.3), standardised: a
    linear regression, ordinary."""
    rng = np.random.default_rng(4911)
    n = 230
    cab, rid, wind = rng.uniform(4.0, 30.0, n), rng.uniform(20.0, 600.0, n), rng.uniform(0.0, 50.0, n)
    y = rid / 150.0 - cab / 8.0 + wind / 25.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([cab, rid, wind]).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw beehive relu mlp", FRESH49, "regression", raw_beehive, "mlp", "mse", {"hidden": (16, 16)}, True),
    ("raw kayak relu mlp", FRESH49, "classification", raw_kayak, "mlp", "cross_entropy", {"hidden": (24,)}, True),
    ("scaled observatory relu mlp", FRESH49, "regression", scaled_observatory, "mlp", "mse", {"hidden": (32, 32)}),
    ("scaled spice grinder deep relu mlp", FRESH49, "classification", scaled_spice_grinder, "mlp", "cross_entropy", {"hidden": (16, 16, 16)}),
    ("raw toll bridge relu mlp", FRESH49, "regression", raw_toll_bridge, "mlp", "mse", {"hidden": (32,)}, True),
    ("scaled glassworks relu mlp", FRESH49, "classification", scaled_glassworks, "mlp", "cross_entropy", {"hidden": (32, 16)}),
    ("raw marina deep relu mlp", FRESH49, "regression", raw_marina, "mlp", "mse", {"hidden": (8, 8, 8, 8)}, True),
    ("scaled orchard pump tanh mlp", FRESH49, "regression", scaled_orchard_pump, "mlp", "mse", {"hidden": (24, 24), "activation": "tanh"}),
    ("raw olive press tanh mlp", FRESH49, "regression", raw_olive_press, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, True),
    ("scaled sundial sigmoid mlp", FRESH49, "regression", scaled_sundial, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}),
    ("scaled apiary logistic", FRESH49, "classification", scaled_apiary, "logistic", "bce", {}),
    ("raw ropeway linear", FRESH49, "regression", raw_ropeway, "linear", "mse", {}, True),
)  # fmt: skip
