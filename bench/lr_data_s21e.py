"""The data of section ``lr_quality``'s fifth group of session 21 (``lr_suite.py``:
fresh-s21e), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto8 before its round's idea is chosen and before any ``lr="auto"`` run on
it, aimed at the regimes of the suite's open misses: six regressions on raw, unstandardised
inputs (features on scales of 1 to 300) with standardised targets under RMSprop, NAdam and Adam,
some at batch size 16 or 8 (tram delay, lichen cover, vinegar acidity, foundry cooling time,
hive weight, bell tone), and two momentum classifiers on raw inputs (loom defect, orchard pest),
one of them at batch size 8; on generators the suite has not used.
Row counts are not multiples of the batch size."""

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
def tram_delay_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """485 tram trips, raw: stops on the route (5-40), passengers (10-250), traffic lights (2-30)
    and rain in tenths of mm (0-120); the target the delay in minutes, linear plus noise."""
    rng = np.random.default_rng(2151)
    stops, pax = rng.uniform(5, 40, 485), rng.uniform(10, 250, 485)
    lights, rain = rng.uniform(2, 30, 485), rng.uniform(0, 120, 485)
    y = 0.4 * stops + 0.03 * pax + 0.5 * lights + 0.05 * rain
    return _reg(np.stack([stops, pax, lights, rain], 1), y + rng.normal(0, 2, 485))


@functools.cache
def lichen_cover_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """470 rock plots, raw: altitude in tens of m (20-300), rock age in decades (1-100), shade in %
    (0-90) and SO2 in tenths of ug/m^3 (5-150); the target the lichen cover, rising with age to a
    plateau and killed off above an SO2 threshold."""
    rng = np.random.default_rng(2152)
    alt, age = rng.uniform(20, 300, 470), rng.uniform(1, 100, 470)
    shade, so2 = rng.uniform(0, 90, 470), rng.uniform(5, 150, 470)
    y = 60 * (1 - np.exp(-age / 25)) * (1 + shade / 180) / (1 + np.exp((so2 - 80) / 10)) + 0.02 * alt
    return _reg(np.stack([alt, age, shade, so2], 1), y + rng.normal(0, 3, 470))


@functools.cache
def vinegar_acidity_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 vinegar casks, raw: days aged (5-180), cellar temperature in tenths of deg C (100-300),
    starting alcohol in tenths of % (30-120) and cask volume in l (20-250); the target the acidity,
    saturating in days and peaked in temperature."""
    rng = np.random.default_rng(2153)
    days, temp = rng.uniform(5, 180, 505), rng.uniform(100, 300, 505)
    alc, vol = rng.uniform(30, 120, 505), rng.uniform(20, 250, 505)
    y = alc * 0.08 * (1 - np.exp(-days / 40)) * np.exp(-((temp - 270) ** 2) / 5000) - 0.002 * vol
    return _reg(np.stack([days, temp, alc, vol], 1), y + rng.normal(0, 0.3, 505))


@functools.cache
def foundry_cooling_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 castings, raw: mass in kg (2-200), wall thickness in mm (3-80), pour temperature in tens
    of deg C (120-160) and mould sand moisture in tenths of % (20-80); the target the cooling time,
    growing with the square of the thickness, kinked where the sand steams."""
    rng = np.random.default_rng(2154)
    mass, wall = rng.uniform(2, 200, 490), rng.uniform(3, 80, 490)
    pour, sand = rng.uniform(120, 160, 490), rng.uniform(20, 80, 490)
    y = 0.004 * wall**2 + 0.05 * mass + 0.2 * (pour - 120) + 0.3 * np.maximum(sand - 50, 0)
    return _reg(np.stack([mass, wall, pour, sand], 1), y + rng.normal(0, 1.5, 490))


@functools.cache
def hive_weight_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 apiary hives, raw: colony size in thousands (5-60), forage in hectares (1-150), days of
    flow (10-90) and distance to water in tens of m (1-100); the target the hive weight gain,
    saturating in forage and falling off past a water distance."""
    rng = np.random.default_rng(2155)
    col, forage = rng.uniform(5, 60, 515), rng.uniform(1, 150, 515)
    flow, water = rng.uniform(10, 90, 515), rng.uniform(1, 100, 515)
    y = col * forage / (forage + 40) * flow / 60 - 0.002 * np.maximum(water - 50, 0) ** 2
    return _reg(np.stack([col, forage, flow, water], 1), y + rng.normal(0, 1, 515))


@functools.cache
def bell_tone_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """475 cast bells, raw: diameter in cm (20-150), lip thickness in mm (10-120), tin content in
    tenths of % (150-250) and height in cm (15-140); the target the strike frequency's log, a
    power law in thickness over diameter squared."""
    rng = np.random.default_rng(2156)
    diam, lip = rng.uniform(20, 150, 475), rng.uniform(10, 120, 475)
    tin, height = rng.uniform(150, 250, 475), rng.uniform(15, 140, 475)
    y = np.log(lip / diam**2) + 0.003 * (tin - 200) - 0.002 * (height - 80)
    return _reg(np.stack([diam, lip, tin, height], 1), y + rng.normal(0, 0.1, 475))


@functools.cache
def loom_defect_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 bolts of cloth, 3 defect classes, raw: thread count per 10 cm (80-300), loom speed in
    picks per min (100-280), humidity in % (20-90) and warp tension in cN (20-160); the class by
    which of three centres is nearest, with overlap."""
    rng = np.random.default_rng(2157)
    centres = np.array([[150, 200, 50, 90], [240, 150, 70, 60], [200, 250, 35, 120]], float)
    y = rng.integers(0, 3, 500)
    X = centres[y] + rng.normal(0, 1, (500, 4)) * np.array([40, 35, 15, 30])
    return _cls(X.clip(1, None), y)


@functools.cache
def orchard_pest_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 orchard blocks, 3 pest levels, raw: tree age in years (2-60), canopy in tenths of m
    (20-90), days since spraying (0-120) and degree-days in tens (10-250); the level by a linear
    score with label noise."""
    rng = np.random.default_rng(2158)
    age, canopy = rng.uniform(2, 60, 490), rng.uniform(20, 90, 490)
    since, dd = rng.uniform(0, 120, 490), rng.uniform(10, 250, 490)
    score = 0.02 * (since - 60) + 0.008 * (dd - 130) + 0.01 * (canopy - 55) - 0.005 * (age - 30)
    y = np.digitize(score + rng.normal(0, 0.4, 490), [-0.5, 0.5])
    return _cls(np.stack([age, canopy, since, dd], 1), y)
