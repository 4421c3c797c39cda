"""The data of the doctor corpus's second full-batch group (``_doctor_tasks.py``): ``fresh48``,
written on 2026-12-06 at 03:42 UTC by session 24's doctor helper doctor15, after fresh47 was read
(spent), before the round's change is designed and before any run of this group was trained. It
holds full-batch heavy-ball grids alone: each task is trained with heavy ball on the whole training
set at β = 0.9 (``momentum_full``) and at β = 0.99 (``momentum99_full``), at the 13 grid rates,
about 200 updates each, so that a reading of full-batch heavy ball is tested where its swings die
out well inside the budget (β = 0.9: a factor √β a step) and where they do not (β = 0.99).

Ten small tasks, standardised unless named raw: MLPs on orchard frost readings (tanh, 20 units), on
wind farm readings (ReLU, 24 and 12), on glacier melt readings (sigmoid, 16) and on brewery
fermentation readings (tanh, 12 and 12); classifying lichen cover (3 classes, tanh, 24), ferry
delay bands (3 classes, ReLU, 32) and honey purity (2 classes, ReLU, 16 and 8); a linear regression
on library loans, a logistic regression on kiln firing outcomes (2 classes) and a linear regression
on raw reservoir level readings (a column in the hundreds). Every training set has at
most 300 rows. None of its tasks shares a generator, a data set and a model with a task of an
earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors
from _doctor_tasks_s24f import _columns

FRESH48 = "fresh48"
HEAVY = ("momentum_full", "momentum99_full")


@functools.cache
def orchard_frost() -> tuple[torch.Tensor, torch.Tensor]:
    """250 nights: dusk temperature (normal 6, sd 4), cloud cover (uniform 0-1), wind (exponential,
    mean 3); the target the dawn temperature ``dusk - 6 (1 - cloud) exp(-wind / 4)`` plus normal
    noise (sd 0.5), standardised: a tanh MLP (20)."""
    rng = np.random.default_rng(480)
    n = 250
    dusk, cloud, wind = rng.normal(6.0, 4.0, n), rng.uniform(0.0, 1.0, n), rng.exponential(3.0, n)
    y = dusk - 6.0 * (1 - cloud) * np.exp(-wind / 4.0) + rng.normal(0.0, 0.5, n)
    return _tensors(_columns(dusk, cloud, wind), _standardised(y).astype(np.float32))


@functools.cache
def wind_farm() -> tuple[torch.Tensor, torch.Tensor]:
    """280 hours: wind speed (weibull 2, scale 8), direction (uniform 0-2π), air density (normal
    1.2, sd 0.05), icing flag (5%); the target the power, a cubic in speed capped at 12 m/s, cut out
    above 25, times ``0.8 + 0.2 cos(direction)`` and the density, halved under icing, plus normal
    noise (sd 0.05), standardised: a ReLU MLP (24, 12)."""
    rng = np.random.default_rng(481)
    n = 280
    speed, direction = 8.0 * rng.weibull(2.0, n), rng.uniform(0.0, 2 * np.pi, n)
    density, icing = rng.normal(1.2, 0.05, n), (rng.random(n) < 0.05).astype(float)
    power = np.where(speed > 25, 0.0, np.minimum(speed, 12.0) ** 3 / 12.0**3)
    y = power * (0.8 + 0.2 * np.cos(direction)) * density / 1.2 * (1 - 0.5 * icing) + rng.normal(0.0, 0.05, n)
    return _tensors(_columns(speed, direction, density, icing), _standardised(y).astype(np.float32))


@functools.cache
def glacier_melt() -> tuple[torch.Tensor, torch.Tensor]:
    """230 days: air temperature (normal 2, sd 5), albedo (uniform 0.2-0.9), altitude (uniform
    2000-3500); the target the melt ``max(temp, 0) (1 - albedo) - (alt - 2750) / 1000`` plus normal
    noise (sd 0.2), standardised: a sigmoid MLP (16)."""
    rng = np.random.default_rng(482)
    n = 230
    temp, albedo, alt = rng.normal(2.0, 5.0, n), rng.uniform(0.2, 0.9, n), rng.uniform(2000.0, 3500.0, n)
    y = np.maximum(temp, 0.0) * (1 - albedo) - (alt - 2750.0) / 1000.0 + rng.normal(0.0, 0.2, n)
    return _tensors(_columns(temp, albedo, alt), _standardised(y).astype(np.float32))


@functools.cache
def brewery_fermentation() -> tuple[torch.Tensor, torch.Tensor]:
    """260 batches: wort gravity (normal 1.050, sd 0.008), yeast pitch (lognormal 0, 0.3), tank
    temperature (normal 19, sd 2), days (uniform 3-14); the target the attenuation ``(1 -
    exp(-days pitch / 5)) (1 - (temp - 19)^2 / 40) - 20 (gravity - 1.05)`` plus normal noise (sd
    0.03), standardised: a tanh MLP (12, 12)."""
    rng = np.random.default_rng(483)
    n = 260
    gravity, pitch = rng.normal(1.050, 0.008, n), rng.lognormal(0.0, 0.3, n)
    temp, days = rng.normal(19.0, 2.0, n), rng.uniform(3.0, 14.0, n)
    y = (1 - np.exp(-days * pitch / 5.0)) * (1 - (temp - 19) ** 2 / 40.0) - 20 * (gravity - 1.05)
    y = y + rng.normal(0.0, 0.03, n)
    return _tensors(_columns(gravity, pitch, temp, days), _standardised(y).astype(np.float32))


@functools.cache
def lichen_cover() -> tuple[torch.Tensor, torch.Tensor]:
    """240 rocks: aspect (uniform 0-2π), moisture (uniform 0-1), rock age (exponential, mean 50),
    pollution (normal 0, sd 1); the class (3: bare, patchy, covered) from ``cos(aspect) + 2 moisture
    + log1p(age) / 2 - pollution`` plus logistic noise (scale 0.4), cut at its terciles: a tanh MLP
    (24)."""
    rng = np.random.default_rng(484)
    n = 240
    aspect, moist = rng.uniform(0.0, 2 * np.pi, n), rng.uniform(0.0, 1.0, n)
    age, pollution = rng.exponential(50.0, n), rng.normal(0.0, 1.0, n)
    z = np.cos(aspect) + 2 * moist + np.log1p(age) / 2 - pollution + rng.logistic(0.0, 0.4, n)
    y = np.digitize(z, np.quantile(z, [1 / 3, 2 / 3])).astype(np.int64)
    return _tensors(_columns(np.cos(aspect), np.sin(aspect), moist, age, pollution), y)


@functools.cache
def ferry_delay() -> tuple[torch.Tensor, torch.Tensor]:
    """290 sailings: wave height (gamma 2, scale 0.6), passengers (poisson 180), hour (uniform
    5-23), freight flag (30%); the band (3: on time, late, very late) from ``wave^2 / 2 +
    passengers / 150 + sin(hour / 3) + freight`` plus normal noise (sd 0.4), cut at 2 and 3.2: a
    ReLU MLP (32)."""
    rng = np.random.default_rng(485)
    n = 290
    wave, pax = rng.gamma(2.0, 0.6, n), rng.poisson(180.0, n).astype(float)
    hour, freight = rng.uniform(5.0, 23.0, n), (rng.random(n) < 0.3).astype(float)
    z = wave**2 / 2 + pax / 150 + np.sin(hour / 3) + freight + rng.normal(0.0, 0.4, n)
    y = np.digitize(z, [2.0, 3.2]).astype(np.int64)
    return _tensors(_columns(wave, pax, hour, freight), y)


@functools.cache
def honey_purity() -> tuple[torch.Tensor, torch.Tensor]:
    """210 jars: moisture (normal 17, sd 1.5), sugar ratio (normal 1.2, sd 0.15), conductivity
    (lognormal -0.5, 0.4), colour (uniform 0-150); the class (2) whether the jar is adulterated,
    from ``|sugar - 1.2| / 0.15 + (moisture - 17)^2 / 4 - conductivity`` plus logistic noise (scale
    0.3) above 0.8: a ReLU MLP (16, 8)."""
    rng = np.random.default_rng(486)
    n = 210
    moist, sugar = rng.normal(17.0, 1.5, n), rng.normal(1.2, 0.15, n)
    cond, colour = rng.lognormal(-0.5, 0.4, n), rng.uniform(0.0, 150.0, n)
    z = np.abs(sugar - 1.2) / 0.15 + (moist - 17) ** 2 / 4 - cond + rng.logistic(0.0, 0.3, n)
    return _tensors(_columns(moist, sugar, cond, colour), (z > 0.8).astype(np.int64))


@functools.cache
def library_loans() -> tuple[torch.Tensor, torch.Tensor]:
    """220 weeks: opening hours (normal 50, sd 6), school term flag, events (poisson 2), rain days
    (binomial 7, 0.4), and two correlated outreach measures (correlation 0.95); the target the
    loans, linear in them plus normal noise (sd 0.4), standardised: a linear regression."""
    rng = np.random.default_rng(487)
    n = 220
    hours, term = rng.normal(50.0, 6.0, n), rng.integers(0, 2, n).astype(float)
    events, rain = rng.poisson(2.0, n).astype(float), rng.binomial(7, 0.4, n).astype(float)
    out1 = rng.normal(0.0, 1.0, n)
    out2 = 0.95 * out1 + np.sqrt(1 - 0.95**2) * rng.normal(0.0, 1.0, n)
    y = 0.08 * hours + 0.9 * term + 0.4 * events + 0.2 * rain + 0.5 * out1 + 0.4 * out2 + rng.normal(0.0, 0.4, n)
    return _tensors(_columns(hours, term, events, rain, out1, out2), _standardised(y).astype(np.float32))


@functools.cache
def kiln_firing() -> tuple[torch.Tensor, torch.Tensor]:
    """200 firings: peak temperature (normal 1220, sd 30), ramp rate (uniform 50-200), hold minutes
    (uniform 0-30), clay moisture (normal 2, sd 0.5); whether the firing cracked (2) from a logistic
    model ``(ramp - 125) / 40 + (moisture - 2) / 0.4 - hold / 15 + (peak - 1220) / 60`` plus
    logistic noise (scale 0.7): a logistic regression."""
    rng = np.random.default_rng(488)
    n = 200
    peak, ramp = rng.normal(1220.0, 30.0, n), rng.uniform(50.0, 200.0, n)
    hold, moist = rng.uniform(0.0, 30.0, n), rng.normal(2.0, 0.5, n)
    z = (ramp - 125) / 40 + (moist - 2) / 0.4 - hold / 15 + (peak - 1220) / 60 + rng.logistic(0.0, 0.7, n)
    return _tensors(_columns(peak, ramp, hold, moist), (z > 0).astype(np.int64))


@functools.cache
def raw_reservoir_level() -> tuple[torch.Tensor, torch.Tensor]:
    """210 days, raw: inflow in m³/s (gamma 3, scale 20), stored volume in millions of m³ (normal
    400, sd 40), release in m³/s (uniform 20-80); the target the level change ``(inflow - release) /
    30 + (volume - 400) / 40`` plus normal noise (sd 0.3), standardised: a linear regression on the
    raw columns (volume in the hundreds, its spread small beside its mean)."""
    rng = np.random.default_rng(489)
    n = 210
    inflow, volume, release = rng.gamma(3.0, 20.0, n), rng.normal(400.0, 40.0, n), rng.uniform(20.0, 80.0, n)
    y = (inflow - release) / 30 + (volume - 400) / 40 + rng.normal(0.0, 0.3, n)
    X = np.column_stack([inflow, volume, release]).astype(np.float32)
    return _tensors(X, _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image, optimizers).
TASKS = (
    ("orchard frost tanh mlp", FRESH48, "regression", orchard_frost, "mlp", "mse", {"hidden": (20,), "activation": "tanh"}, False, False, HEAVY),
    ("wind farm relu mlp", FRESH48, "regression", wind_farm, "mlp", "mse", {"hidden": (24, 12)}, False, False, HEAVY),
    ("glacier melt sigmoid mlp", FRESH48, "regression", glacier_melt, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}, False, False, HEAVY),
    ("brewery fermentation tanh mlp", FRESH48, "regression", brewery_fermentation, "mlp", "mse", {"hidden": (12, 12), "activation": "tanh"}, False, False, HEAVY),
    ("lichen cover tanh mlp", FRESH48, "classification", lichen_cover, "mlp", "cross_entropy", {"hidden": (24,), "activation": "tanh"}, False, False, HEAVY),
    ("ferry delay relu mlp", FRESH48, "classification", ferry_delay, "mlp", "cross_entropy", {"hidden": (32,)}, False, False, HEAVY),
    ("honey purity relu mlp", FRESH48, "classification", honey_purity, "mlp", "cross_entropy", {"hidden": (16, 8)}, False, False, HEAVY),
    ("library loans linear", FRESH48, "regression", library_loans, "linear", "mse", {}, False, False, HEAVY),
    ("kiln firing logistic", FRESH48, "classification", kiln_firing, "logistic", "bce", {}, False, False, HEAVY),
    ("raw reservoir level linear", FRESH48, "regression", raw_reservoir_level, "linear", "mse", {}, True, False, HEAVY),
)  # fmt: skip
