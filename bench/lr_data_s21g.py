"""The data of section ``lr_quality``'s second group of session 22 (``lr_suite.py``:
fresh-s21g), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto9 after its first round was read and before its second round's idea is
designed (replayed) and before any ``lr="auto"`` run on it, aimed at the regimes of the suite's
open misses: seven regressions on raw, unstandardised inputs (features on scales of 1 to 300)
with standardised targets under NAdam, RMSprop, Adam and AdamW, some at batch size 16 or 8 (brick
strength, pond algae bloom, granary moisture, canoe hull drag, smelter slag viscosity, sourdough
rise, maple syrup yield), and one momentum classifier on raw inputs (reef health); on generators
the suite has not used. Row counts are not multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


def _cls(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y.astype(np.int64))


@functools.cache
def brick_strength_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 fired bricks, raw: kiln temperature in tens of deg C (80-130), firing hours (4-60), clay
    share in % (30-90) and water in tenths of % (50-250); the target the crushing strength, peaked
    in temperature and saturating in hours."""
    rng = np.random.default_rng(2211)
    temp, hours = rng.uniform(80, 130, 495), rng.uniform(4, 60, 495)
    clay, water = rng.uniform(30, 90, 495), rng.uniform(50, 250, 495)
    y = 30 * np.exp(-((temp - 110) ** 2) / 200) * (1 - np.exp(-hours / 15)) + 0.1 * clay - 0.02 * water
    return _reg(np.stack([temp, hours, clay, water], 1), y + rng.normal(0, 1, 495))


@functools.cache
def algae_bloom_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """480 ponds, raw: phosphate in ug/l (5-200), water temperature in tenths of deg C (50-300),
    sunlight hours in tenths (20-140) and depth in dm (5-60); the target the bloom's log density,
    a logistic in phosphate times a rise in temperature."""
    rng = np.random.default_rng(2212)
    po4, temp = rng.uniform(5, 200, 480), rng.uniform(50, 300, 480)
    sun, depth = rng.uniform(20, 140, 480), rng.uniform(5, 60, 480)
    y = 4 / (1 + np.exp(-(po4 - 80) / 20)) * (temp / 200) + 0.01 * sun - 0.02 * depth
    return _reg(np.stack([po4, temp, sun, depth], 1), y + rng.normal(0, 0.2, 480))


@functools.cache
def granary_moisture_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 grain bins, raw: days stored (1-200), outside humidity in % (20-100), aeration hours per
    day in tenths (0-240) and bin height in dm (20-150); the target the grain moisture, relaxing
    towards the humidity at a rate set by aeration."""
    rng = np.random.default_rng(2213)
    days, hum = rng.uniform(1, 200, 505), rng.uniform(20, 100, 505)
    air, height = rng.uniform(0, 240, 505), rng.uniform(20, 150, 505)
    y = 12 + (hum / 5 - 12) * (1 - np.exp(-days * (1 + air / 60) / 150)) + 0.01 * height
    return _reg(np.stack([days, hum, air, height], 1), y + rng.normal(0, 0.4, 505))


@functools.cache
def canoe_drag_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """470 towing runs, raw: speed in tenths of m/s (5-60), hull length in dm (30-70), load in kg
    (60-250) and hull roughness in um (5-200); the target the drag, quadratic in speed with a hump
    near the hull speed."""
    rng = np.random.default_rng(2214)
    speed, length = rng.uniform(5, 60, 470), rng.uniform(30, 70, 470)
    load, rough = rng.uniform(60, 250, 470), rng.uniform(5, 200, 470)
    hull = 13 * np.sqrt(length / 10)
    y = (speed / 10) ** 2 * (1 + load / 300) * (1 + rough / 1000) + 8 * np.exp(-((speed - hull) ** 2) / 40)
    return _reg(np.stack([speed, length, load, rough], 1), y + rng.normal(0, 1, 470))


@functools.cache
def slag_viscosity_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 smelter taps, raw: temperature in tens of deg C (130-170), silica in % (20-60), lime in
    % (10-50) and alumina in tenths of % (20-200); the target the log viscosity, Arrhenius in the
    temperature and rising with the silica-to-lime ratio."""
    rng = np.random.default_rng(2215)
    temp, sio2 = rng.uniform(130, 170, 490), rng.uniform(20, 60, 490)
    cao, al = rng.uniform(10, 50, 490), rng.uniform(20, 200, 490)
    y = 3000 / temp + 1.5 * np.log(sio2 / cao) + 0.004 * al
    return _reg(np.stack([temp, sio2, cao, al], 1), y + rng.normal(0, 0.15, 490))


@functools.cache
def sourdough_rise_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 loaves, raw: proofing minutes (30-300), dough temperature in tenths of deg C (180-300),
    starter share in % (5-40) and hydration in % (55-90); the target the rise, saturating in time at
    a rate peaked in temperature."""
    rng = np.random.default_rng(2216)
    mins, temp = rng.uniform(30, 300, 500), rng.uniform(180, 300, 500)
    starter, hyd = rng.uniform(5, 40, 500), rng.uniform(55, 90, 500)
    rate = starter / 20 * np.exp(-((temp - 270) ** 2) / 3000)
    y = 100 * (1 - np.exp(-mins * rate / 120)) + 0.3 * hyd
    return _reg(np.stack([mins, temp, starter, hyd], 1), y + rng.normal(0, 4, 500))


@functools.cache
def maple_syrup_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """485 sugarbush seasons, raw: taps per hectare (20-200), freeze-thaw days (5-60), tree diameter
    in cm (20-90) and sap sugar in tenths of % (10-40); the target the syrup yield, a product of taps,
    thaw days and sugar, with crowding above a tap density."""
    rng = np.random.default_rng(2217)
    taps, thaw = rng.uniform(20, 200, 485), rng.uniform(5, 60, 485)
    diam, sugar = rng.uniform(20, 90, 485), rng.uniform(10, 40, 485)
    y = taps * thaw * sugar / 20000 - 0.0003 * np.maximum(taps - 120, 0) ** 2 + 0.01 * diam
    return _reg(np.stack([taps, thaw, diam, sugar], 1), y + rng.normal(0, 0.3, 485))


@functools.cache
def reef_health_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 reef transects, 3 health classes, raw: sea temperature in tenths of deg C (240-320), coral
    cover in % (5-80), turbidity in NTU tenths (1-100) and fish count (10-300); the class by which of
    three centres is nearest, with overlap."""
    rng = np.random.default_rng(2218)
    centres = np.array([[260, 60, 15, 220], [285, 35, 40, 120], [305, 15, 70, 50]], float)
    y = rng.integers(0, 3, 495)
    X = centres[y] + rng.normal(0, 1, (495, 4)) * np.array([14, 15, 20, 60])
    return _cls(X.clip(1, None), y)
