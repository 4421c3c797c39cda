"""The data of section ``lr_quality``'s second group of session 23 (``lr_suite.py``:
fresh-s23b), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto13 after its first round's read (fresh-s23a) and before its second round's
figures: on generators the suite has not used, regressions on raw, unstandardised inputs (features
on scales of 1 to 500) with standardised targets under rules that keep a momentum, NAdam (pipeline
corrosion, compost heat), Adam (greenhouse humidity), AdamW (tidal current) and SGD with momentum
(silo grain pressure), and under RMSprop without one (rope fatigue, pasture regrowth), where the
probe branch's step above the probe was fitted; and one ordinary classifier on standardised inputs
under NAdam (yarn defect), so that a rule that harms the common case shows. Row counts are not
multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def pipeline_corrosion_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 pipe segments, raw: age in years (1-60), soil resistivity in ohm-m (5-300), wall thickness
    in tenths of mm (40-160) and CO2 partial pressure in kPa (1-200); the target the pit depth, a power
    law in age, faster in low-resistivity soil, with a knee in CO2."""
    rng = np.random.default_rng(2311)
    age, res = rng.uniform(1, 60, 495), rng.uniform(5, 300, 495)
    wall, co2 = rng.uniform(40, 160, 495), rng.uniform(1, 200, 495)
    y = age**0.6 * (1 + 30 / res) * (1 + np.tanh((co2 - 80) / 30)) + wall / 200
    return _reg(np.stack([age, res, wall, co2], 1), y + rng.normal(0, 0.3, 495))


@functools.cache
def compost_heat_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """510 compost piles, raw: C:N ratio (10-60), moisture in % (20-80), pile volume in tenths of m3
    (5-200) and days since turning (0-40); the target the core temperature rise, peaked in C:N and in
    moisture, growing with volume and decaying with days."""
    rng = np.random.default_rng(2312)
    cn, moist = rng.uniform(10, 60, 510), rng.uniform(20, 80, 510)
    vol, days = rng.uniform(5, 200, 510), rng.uniform(0, 40, 510)
    y = 40 * np.exp(-(((cn - 30) / 12) ** 2) - ((moist - 55) / 18) ** 2) * np.log1p(vol / 20) * np.exp(-days / 15)
    return _reg(np.stack([cn, moist, vol, days], 1), y + rng.normal(0, 1.5, 510))


@functools.cache
def greenhouse_humidity_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """485 greenhouse hours, raw: outside temperature in tenths of deg C (0-350), vent opening in %
    (0-100), plant leaf area in m2 (10-400) and irrigation in l/h (0-250); the target the relative
    humidity, transpiration against venting."""
    rng = np.random.default_rng(2313)
    temp, vent = rng.uniform(0, 350, 485), rng.uniform(0, 100, 485)
    leaf, water = rng.uniform(10, 400, 485), rng.uniform(0, 250, 485)
    y = (leaf / 100 * np.exp(temp / 200) + water / 80) / (1 + vent / 25)
    return _reg(np.stack([temp, vent, leaf, water], 1), y + rng.normal(0, 0.2, 485))


@functools.cache
def tidal_current_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 channel readings, raw: tidal range in dm (5-80), channel width in tens of m (5-300), depth
    in dm (20-400) and hours after high water (0-12.4); the target the current speed, the range over the
    depth's square root, swinging with the tide's phase."""
    rng = np.random.default_rng(2314)
    rng_dm, width = rng.uniform(5, 80, 500), rng.uniform(5, 300, 500)
    depth, hours = rng.uniform(20, 400, 500), rng.uniform(0, 12.4, 500)
    y = rng_dm / np.sqrt(depth) * np.abs(np.sin(2 * np.pi * hours / 12.4)) * (1 + 50 / width)
    return _reg(np.stack([rng_dm, width, depth, hours], 1), y + rng.normal(0, 0.2, 500))


@functools.cache
def silo_pressure_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 silos, raw: fill height in dm (20-300), silo diameter in dm (20-120), grain density in
    tens of kg/m3 (55-85) and wall friction in hundredths (20-60); the target the wall pressure at the
    base, Janssen's saturating law in height over diameter."""
    rng = np.random.default_rng(2315)
    h, d = rng.uniform(20, 300, 490), rng.uniform(20, 120, 490)
    rho, mu = rng.uniform(55, 85, 490), rng.uniform(20, 60, 490)
    k = 0.4
    y = rho * d / (4 * mu / 100 * k) * (1 - np.exp(-4 * mu / 100 * k * h / d)) / 100
    return _reg(np.stack([h, d, rho, mu], 1), y + rng.normal(0, 0.5, 490))


@functools.cache
def rope_fatigue_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 rope tests, raw: load in % of breaking strength (10-80), sheave diameter over rope diameter
    (10-60), bends per minute (1-120) and lubrication age in days (0-300); the target the log cycles to
    failure, falling steeply with load and rising with the sheave ratio."""
    rng = np.random.default_rng(2316)
    load, ratio = rng.uniform(10, 80, 505), rng.uniform(10, 60, 505)
    bends, lube = rng.uniform(1, 120, 505), rng.uniform(0, 300, 505)
    y = 7 - 3 * np.log10(load) + 1.5 * np.log10(ratio) - 0.002 * bends - 0.003 * lube
    return _reg(np.stack([load, ratio, bends, lube], 1), y + rng.normal(0, 0.15, 505))


@functools.cache
def pasture_regrowth_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """480 paddocks, raw: days since grazing (1-60), rainfall in mm (0-250), nitrogen in kg/ha
    (0-200) and soil temperature in tenths of deg C (40-250); the target the dry matter, logistic in
    the days with a rate set by warmth and water."""
    rng = np.random.default_rng(2317)
    days, rain = rng.uniform(1, 60, 480), rng.uniform(0, 250, 480)
    nitro, soil = rng.uniform(0, 200, 480), rng.uniform(40, 250, 480)
    rate = 0.05 + 0.1 * (soil / 250) * np.minimum(rain / 100, 1)
    y = (2000 + 8 * nitro) / (1 + np.exp(-rate * (days - 25)))
    return _reg(np.stack([days, rain, nitro, soil], 1), y + rng.normal(0, 80, 480))


@functools.cache
def yarn_defect() -> tuple[torch.Tensor, torch.Tensor]:
    """515 yarn lots, 3 defect classes (none, slub, thin place), 6 standardised features (twist,
    count, humidity, spindle speed, fibre length, tension); the class by two non-linear scores, with
    overlap."""
    rng = np.random.default_rng(2318)
    X = rng.normal(0, 1, (515, 6))
    a = X[:, 0] * X[:, 1] + 0.8 * X[:, 2] + rng.normal(0, 0.5, 515)
    b = np.sin(X[:, 3]) + 0.6 * X[:, 4] - 0.4 * X[:, 5] + rng.normal(0, 0.5, 515)
    y = np.where(a > 0.8, 1, np.where(b > 0.8, 2, 0))
    return standardised(X), torch.as_tensor(y.astype(np.int64))
