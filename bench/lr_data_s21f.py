"""The data of section ``lr_quality``'s first group of session 22 (``lr_suite.py``:
fresh-s21f), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto9 before its round's idea is chosen and before any ``lr="auto"`` run on
it, aimed at the regimes of the suite's open misses: seven regressions on raw, unstandardised
inputs (features on scales of 1 to 300) with standardised targets under RMSprop, Adam, NAdam and
Adagrad, some at batch size 16 or 8 (river silt load, organ pipe pitch, lighthouse visibility,
tea withering, ski wax glide, kelp growth, violin varnish drying), and three classifiers on raw
inputs (timber species under Adam, seed viability under RMSprop, glass defect under momentum);
on generators the suite has not used. Row counts are not multiples of the batch size."""

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
def river_silt_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 river gauges, raw: discharge in m^3/s (5-250), slope in tenths of per mille (1-60),
    catchment tillage in % (0-90) and bank vegetation in % (10-100); the target the silt load,
    a power law in discharge, rising with tillage and falling with vegetation."""
    rng = np.random.default_rng(2201)
    q, slope = rng.uniform(5, 250, 490), rng.uniform(1, 60, 490)
    till, veg = rng.uniform(0, 90, 490), rng.uniform(10, 100, 490)
    y = (q / 50) ** 1.4 * (1 + slope / 30) * (1 + till / 60) / (1 + veg / 50)
    return _reg(np.stack([q, slope, till, veg], 1), y + rng.normal(0, 0.3, 490))


@functools.cache
def organ_pipe_pitch_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """510 organ pipes, raw: length in cm (15-300), diameter in mm (10-150), mouth cut-up in tenths
    of mm (20-120) and wind pressure in mm water (40-120); the target the pitch's log, falling with
    the length plus an end correction, with a small rise in pressure."""
    rng = np.random.default_rng(2202)
    length, diam = rng.uniform(15, 300, 510), rng.uniform(10, 150, 510)
    cut, wind = rng.uniform(20, 120, 510), rng.uniform(40, 120, 510)
    y = -np.log(length + 0.06 * diam) + 0.002 * wind - 0.001 * cut
    return _reg(np.stack([length, diam, cut, wind], 1), y + rng.normal(0, 0.05, 510))


@functools.cache
def lighthouse_visibility_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """475 nights, raw: lamp height in m (10-80), humidity in % (30-100), sea spray index (0-50)
    and lamp power in tens of W (20-250); the target the visible range in km, linear plus noise."""
    rng = np.random.default_rng(2203)
    height, hum = rng.uniform(10, 80, 475), rng.uniform(30, 100, 475)
    spray, power = rng.uniform(0, 50, 475), rng.uniform(20, 250, 475)
    y = 0.3 * height - 0.15 * hum - 0.2 * spray + 0.04 * power
    return _reg(np.stack([height, hum, spray, power], 1), y + rng.normal(0, 2, 475))


@functools.cache
def tea_withering_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 tea batches, raw: withering hours (2-30), air flow in tenths of m/s (5-60), trough
    temperature in tenths of deg C (180-350) and leaf load in kg (20-200); the target the moisture
    lost, saturating in hours and peaked in temperature."""
    rng = np.random.default_rng(2204)
    hours, flow = rng.uniform(2, 30, 500), rng.uniform(5, 60, 500)
    temp, load = rng.uniform(180, 350, 500), rng.uniform(20, 200, 500)
    y = 40 * (1 - np.exp(-hours * (1 + flow / 40) / 12)) * np.exp(-((temp - 280) ** 2) / 8000) - 0.03 * load
    return _reg(np.stack([hours, flow, temp, load], 1), y + rng.normal(0, 1, 500))


@functools.cache
def ski_wax_glide_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """485 test runs, raw: snow temperature in tenths of deg C below zero (0-250), snow crystal size
    in tenths of mm (2-40), wax hardness grade (1-100) and skier mass in kg (45-110); the target the
    glide time, best where the hardness matches the cold."""
    rng = np.random.default_rng(2205)
    cold, crystal = rng.uniform(0, 250, 485), rng.uniform(2, 40, 485)
    hard, mass = rng.uniform(1, 100, 485), rng.uniform(45, 110, 485)
    y = -((hard - 0.35 * cold - 10) ** 2) / 400 + 0.05 * crystal + 0.02 * mass
    return _reg(np.stack([cold, crystal, hard, mass], 1), y + rng.normal(0, 0.5, 485))


@functools.cache
def kelp_growth_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 kelp lines, raw: depth in dm (10-150), nitrate in tenths of umol/l (5-200), water
    temperature in tenths of deg C (60-220) and current in cm/s (1-80); the target the growth,
    saturating in nitrate and falling off above a temperature."""
    rng = np.random.default_rng(2206)
    depth, no3 = rng.uniform(10, 150, 495), rng.uniform(5, 200, 495)
    temp, cur = rng.uniform(60, 220, 495), rng.uniform(1, 80, 495)
    y = 10 * no3 / (no3 + 50) / (1 + np.exp((temp - 170) / 12)) * np.exp(-depth / 200) + 0.01 * cur
    return _reg(np.stack([depth, no3, temp, cur], 1), y + rng.normal(0, 0.4, 495))


@functools.cache
def varnish_drying_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 violin varnish coats, raw: coat thickness in um (5-120), room humidity in % (20-90),
    UV exposure in hours (0-200) and oil share in % (10-80); the target the drying time, a product
    of thickness and humidity, shortened by UV."""
    rng = np.random.default_rng(2207)
    thick, hum = rng.uniform(5, 120, 505), rng.uniform(20, 90, 505)
    uv, oil = rng.uniform(0, 200, 505), rng.uniform(10, 80, 505)
    y = thick * (0.5 + hum / 60) * (1 + oil / 80) / (1 + uv / 50)
    return _reg(np.stack([thick, hum, uv, oil], 1), y + rng.normal(0, 5, 505))


@functools.cache
def timber_species_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """480 timber boards, 4 species, raw: density in kg/m^3 (350-900), ring width in tenths of mm
    (5-80), moisture in % (8-30) and hardness in tens of N (150-700); the species by which of four
    centres is nearest, with overlap."""
    rng = np.random.default_rng(2208)
    centres = np.array([[450, 40, 15, 250], [700, 20, 12, 550], [550, 55, 20, 350], [800, 15, 25, 620]], float)
    y = rng.integers(0, 4, 480)
    X = centres[y] + rng.normal(0, 1, (480, 4)) * np.array([90, 12, 4, 90])
    return _cls(X.clip(1, None), y)


@functools.cache
def seed_viability_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """470 seed lots, 3 viability grades, raw: storage months (1-120), storage temperature in tenths
    of deg C (0-300), seed moisture in tenths of % (40-180) and lot mass in g (10-250); the grade by
    a linear score with label noise."""
    rng = np.random.default_rng(2209)
    months, temp = rng.uniform(1, 120, 470), rng.uniform(0, 300, 470)
    moist, mass = rng.uniform(40, 180, 470), rng.uniform(10, 250, 470)
    score = -0.015 * (months - 60) - 0.006 * (temp - 150) - 0.01 * (moist - 110) + 0.001 * (mass - 130)
    y = np.digitize(score + rng.normal(0, 0.4, 470), [-0.6, 0.6])
    return _cls(np.stack([months, temp, moist, mass], 1), y)


@functools.cache
def glass_defect_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 glass sheets, 3 defect classes, raw: furnace temperature in tens of deg C (120-160),
    pull rate in t/day (100-300), cullet share in % (5-60) and annealing minutes (20-150); the class
    by which of three centres is nearest, with overlap."""
    rng = np.random.default_rng(2210)
    centres = np.array([[140, 180, 20, 60], [150, 250, 40, 90], [130, 220, 30, 120]], float)
    y = rng.integers(0, 3, 495)
    X = centres[y] + rng.normal(0, 1, (495, 4)) * np.array([6, 35, 10, 25])
    return _cls(X.clip(1, None), y)
