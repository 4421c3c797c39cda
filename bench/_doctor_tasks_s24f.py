"""The data of the doctor corpus's full-batch group (``_doctor_tasks.py``): ``fresh47``, written on
2026-12-06 at 03:17 UTC by session 24's lead, before the change it is to judge was frozen and before
any run of this group was trained. Every earlier group trains momentum and Adam on mini-batches of
32 and only plain GD on the whole training set, so nothing in the corpus says how the doctor reads
a full-batch run of a rule that keeps a momentum, the way a small tabular set is often trained (and
the way ``descend train`` trains a built-in set under 1,000 rows by default). Each task here is
trained with heavy-ball momentum (β = 0.9) and Adam on the whole training set (``optimizers``:
``momentum_full``, ``adam_full``), at the 13 grid rates, about 200 updates each.

Ten small tasks, standardised unless named raw: MLPs on greenhouse climate readings (tanh, 16
units), on river turbidity readings (ReLU, 32 and 16), on solar panel readings (tanh, 24 and 24)
and on tide gauge readings (ReLU, 48 units); classifying seed germination (3 classes, ReLU, 32),
yarn strength grades (4 classes, ReLU, 16 and 16) and moth wing shapes (2 classes, sigmoid, 12);
a linear regression on bakery demand, a logistic regression on bird song recordings (2 classes)
and a linear regression on raw cave humidity readings (a column in the thousands). Every training
set has at most 300 rows. None of its tasks shares a generator, a data set and a model with a task
of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH47 = "fresh47"
FULL = ("momentum_full", "adam_full")


def _columns(*columns: np.ndarray) -> np.ndarray:
    """The columns side by side, each standardised, as float32."""
    X = np.column_stack(columns)
    return ((X - X.mean(0)) / X.std(0)).astype(np.float32)


@functools.cache
def greenhouse_climate() -> tuple[torch.Tensor, torch.Tensor]:
    """260 days: outside temperature (normal 15, sd 6), sun hours (uniform 0-12), vent opening
    (uniform 0-1); the target the inside temperature ``0.6 temp + 1.5 sun - 8 vent sun / 12`` plus
    normal noise (sd 1), standardised: a tanh MLP (16)."""
    rng = np.random.default_rng(470)
    n = 260
    temp, sun, vent = rng.normal(15.0, 6.0, n), rng.uniform(0.0, 12.0, n), rng.uniform(0.0, 1.0, n)
    y = 0.6 * temp + 1.5 * sun - 8.0 * vent * sun / 12.0 + rng.normal(0.0, 1.0, n)
    return _tensors(_columns(temp, sun, vent), _standardised(y).astype(np.float32))


@functools.cache
def river_turbidity() -> tuple[torch.Tensor, torch.Tensor]:
    """280 samples: rainfall (exponential, mean 5), flow (normal 30, sd 8), bank cover (uniform
    0-1), month (uniform 0-12); the target ``log1p(rain) * flow / 30 - 2 cover + cos(month / 2)``
    plus normal noise (sd 0.3), standardised: a ReLU MLP (32, 16)."""
    rng = np.random.default_rng(471)
    n = 280
    rain, flow = rng.exponential(5.0, n), rng.normal(30.0, 8.0, n)
    cover, month = rng.uniform(0.0, 1.0, n), rng.uniform(0.0, 12.0, n)
    y = np.log1p(rain) * flow / 30.0 - 2.0 * cover + np.cos(month / 2.0) + rng.normal(0.0, 0.3, n)
    return _tensors(_columns(rain, flow, cover, month), _standardised(y).astype(np.float32))


@functools.cache
def solar_panel() -> tuple[torch.Tensor, torch.Tensor]:
    """240 hours: irradiance (uniform 0-1000), panel temperature (normal 35, sd 10), tilt
    (uniform 10-50 degrees), dust (uniform 0-1); the target the output ``irr (1 - 0.004 (temp - 25))
    cos((tilt - 30) / 40) (1 - 0.3 dust) / 1000`` plus normal noise (sd 0.03), standardised: a tanh
    MLP (24, 24)."""
    rng = np.random.default_rng(472)
    n = 240
    irr, temp = rng.uniform(0.0, 1000.0, n), rng.normal(35.0, 10.0, n)
    tilt, dust = rng.uniform(10.0, 50.0, n), rng.uniform(0.0, 1.0, n)
    y = irr * (1 - 0.004 * (temp - 25)) * np.cos((tilt - 30) / 40) * (1 - 0.3 * dust) / 1000 + rng.normal(0.0, 0.03, n)
    return _tensors(_columns(irr, temp, tilt, dust), _standardised(y).astype(np.float32))


@functools.cache
def tide_gauge() -> tuple[torch.Tensor, torch.Tensor]:
    """300 readings: hour (uniform 0-48), moon phase (uniform 0-2π), wind (normal 0, sd 5); the
    target the water level ``sin(2π hour / 12.4) (1 + 0.3 cos(phase)) + 0.05 wind`` plus normal
    noise (sd 0.1), standardised: a ReLU MLP (48)."""
    rng = np.random.default_rng(473)
    n = 300
    hour, phase, wind = rng.uniform(0.0, 48.0, n), rng.uniform(0.0, 2 * np.pi, n), rng.normal(0.0, 5.0, n)
    y = np.sin(2 * np.pi * hour / 12.4) * (1 + 0.3 * np.cos(phase)) + 0.05 * wind + rng.normal(0.0, 0.1, n)
    return _tensors(_columns(hour, phase, wind), _standardised(y).astype(np.float32))


@functools.cache
def seed_germination() -> tuple[torch.Tensor, torch.Tensor]:
    """250 trays: soil temperature (normal 20, sd 4), water (uniform 0-1), seed age (uniform 0-5
    years), light (uniform 0-1); the class (3: none, late, early) from ``(temp - 20) / 4 + 2 water
    - age / 2 + light`` plus logistic noise (scale 0.5), cut at -0.2 and 1.2: a ReLU MLP (32)."""
    rng = np.random.default_rng(474)
    n = 250
    temp, water = rng.normal(20.0, 4.0, n), rng.uniform(0.0, 1.0, n)
    age, light = rng.uniform(0.0, 5.0, n), rng.uniform(0.0, 1.0, n)
    z = (temp - 20) / 4 + 2 * water - age / 2 + light + rng.logistic(0.0, 0.5, n)
    y = np.digitize(z, [-0.2, 1.2]).astype(np.int64)
    return _tensors(_columns(temp, water, age, light), y)


@functools.cache
def yarn_strength() -> tuple[torch.Tensor, torch.Tensor]:
    """270 spools: fibre length (normal 30, sd 5), twist (uniform 200-800), moisture (normal 8, sd
    1.5), blend (uniform 0-1); the grade (4) from ``(length - 30) / 5 + sin(twist / 150) - (moisture
    - 8)^2 / 3 + blend`` plus normal noise (sd 0.4), cut at its quartiles: a ReLU MLP (16, 16)."""
    rng = np.random.default_rng(475)
    n = 270
    length, twist = rng.normal(30.0, 5.0, n), rng.uniform(200.0, 800.0, n)
    moist, blend = rng.normal(8.0, 1.5, n), rng.uniform(0.0, 1.0, n)
    z = (length - 30) / 5 + np.sin(twist / 150) - (moist - 8) ** 2 / 3 + blend + rng.normal(0.0, 0.4, n)
    y = np.digitize(z, np.quantile(z, [0.25, 0.5, 0.75])).astype(np.int64)
    return _tensors(_columns(length, twist, moist, blend), y)


@functools.cache
def moth_wing() -> tuple[torch.Tensor, torch.Tensor]:
    """220 moths: wing span (normal 40, sd 6), spot count (poisson 4), hue (uniform 0-360); the
    class (2) whether ``((span - 40) / 6)^2 + (spots - 4) / 2 - cos(hue / 57.3)`` plus logistic
    noise (scale 0.4) is above 0.5: a sigmoid MLP (12)."""
    rng = np.random.default_rng(476)
    n = 220
    span, spots, hue = rng.normal(40.0, 6.0, n), rng.poisson(4.0, n).astype(float), rng.uniform(0.0, 360.0, n)
    z = ((span - 40) / 6) ** 2 + (spots - 4) / 2 - np.cos(hue / 57.3) + rng.logistic(0.0, 0.4, n)
    return _tensors(_columns(span, spots, hue), (z > 0.5).astype(np.int64))


@functools.cache
def bakery_demand() -> tuple[torch.Tensor, torch.Tensor]:
    """200 days: temperature, a weekend flag, a holiday flag, price, and two correlated promotion
    spends (correlation 0.9); the target the loaves sold, linear in them plus normal noise (sd 0.5),
    standardised: a linear regression."""
    rng = np.random.default_rng(477)
    n = 200
    temp, weekend, holiday = rng.normal(12.0, 7.0, n), rng.integers(0, 2, n), (rng.random(n) < 0.05)
    price = rng.normal(3.0, 0.3, n)
    promo = rng.normal(0.0, 1.0, n)
    promo2 = 0.9 * promo + np.sqrt(1 - 0.81) * rng.normal(0.0, 1.0, n)
    y = (
        -0.05 * temp
        + 1.2 * weekend
        + 2.0 * holiday
        - 1.5 * price
        + 0.7 * promo
        + 0.3 * promo2
        + rng.normal(0.0, 0.5, n)
    )
    return _tensors(_columns(temp, weekend, holiday, price, promo, promo2), _standardised(y).astype(np.float32))


@functools.cache
def bird_song() -> tuple[torch.Tensor, torch.Tensor]:
    """240 recordings: peak frequency (normal 4000, sd 800), trill rate (normal 12, sd 4), duration
    (exponential, mean 2), two noisy copies of loudness; the species (2) from a logistic model
    ``(freq - 4000) / 800 - (trill - 12) / 4 + duration - 1`` plus logistic noise (scale 1): a
    logistic regression."""
    rng = np.random.default_rng(478)
    n = 240
    freq, trill, dur = rng.normal(4000.0, 800.0, n), rng.normal(12.0, 4.0, n), rng.exponential(2.0, n)
    loud = rng.normal(60.0, 8.0, n)
    z = (freq - 4000) / 800 - (trill - 12) / 4 + dur - 1 + rng.logistic(0.0, 1.0, n)
    noisy = (loud + rng.normal(0.0, 2.0, n), loud + rng.normal(0.0, 2.0, n))
    return _tensors(_columns(freq, trill, dur, *noisy), (z > 0).astype(np.int64))


@functools.cache
def raw_cave_humidity() -> tuple[torch.Tensor, torch.Tensor]:
    """230 readings, raw: depth in m (uniform 5-60), air pressure in hPa (normal 1010, sd 8),
    dripping points (poisson 6); the target the humidity ``depth / 20 + (pressure - 1010) / 8 +
    drips / 3`` plus normal noise (sd 0.4), standardised: a linear regression on the raw columns
    (pressure in the thousands, its spread small beside its mean)."""
    rng = np.random.default_rng(479)
    n = 230
    depth, pres, drips = rng.uniform(5.0, 60.0, n), rng.normal(1010.0, 8.0, n), rng.poisson(6.0, n).astype(float)
    y = depth / 20 + (pres - 1010) / 8 + drips / 3 + rng.normal(0.0, 0.4, n)
    X = np.column_stack([depth, pres, drips]).astype(np.float32)
    return _tensors(X, _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image, optimizers).
TASKS = (
    ("greenhouse climate tanh mlp", FRESH47, "regression", greenhouse_climate, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, False, False, FULL),
    ("river turbidity relu mlp", FRESH47, "regression", river_turbidity, "mlp", "mse", {"hidden": (32, 16)}, False, False, FULL),
    ("solar panel tanh mlp", FRESH47, "regression", solar_panel, "mlp", "mse", {"hidden": (24, 24), "activation": "tanh"}, False, False, FULL),
    ("tide gauge relu mlp", FRESH47, "regression", tide_gauge, "mlp", "mse", {"hidden": (48,)}, False, False, FULL),
    ("seed germination relu mlp", FRESH47, "classification", seed_germination, "mlp", "cross_entropy", {"hidden": (32,)}, False, False, FULL),
    ("yarn strength relu mlp", FRESH47, "classification", yarn_strength, "mlp", "cross_entropy", {"hidden": (16, 16)}, False, False, FULL),
    ("moth wing sigmoid mlp", FRESH47, "classification", moth_wing, "mlp", "cross_entropy", {"hidden": (12,), "activation": "sigmoid"}, False, False, FULL),
    ("bakery demand linear", FRESH47, "regression", bakery_demand, "linear", "mse", {}, False, False, FULL),
    ("bird song logistic", FRESH47, "classification", bird_song, "logistic", "bce", {}, False, False, FULL),
    ("raw cave humidity linear", FRESH47, "regression", raw_cave_humidity, "linear", "mse", {}, True, False, FULL),
)  # fmt: skip
