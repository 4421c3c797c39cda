"""The data of section ``lr_quality``'s second group of session 24 (``lr_suite.py``: fresh-s24b), as
``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto16 after lrauto15's candidate A (the bracket's lowest rate instead of the step
above the probe after a first round won above it) was designed, and before A's re-freeze and any
``lr="auto"`` loss on it: the group is aimed at the regime where that step fires (raw regressions on
feature scales of about 1 to 1000, under NAdam and RMSprop), with a budget of 40 epochs so that some
grid rates train. New generators: loom thread breaks, cheese ripening, lighthouse beam range, bee
forage distance and avalanche runout under NAdam; peat bog carbon, hot spring mineral load and mine
ventilation airflow under RMSprop. Each task was kept only where one seed's grid beats the constant
prediction (checked on the grid alone). Row counts are not multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def loom_thread_breaks_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """491 loom shifts, raw: shuttle speed in picks per min (100-900), warp tension in cN (20-300),
    relative humidity in % (30-90) and yarn count in tex (5-80); the target the thread breaks per shift,
    rising steeply with speed and tension, eased by humidity."""
    rng = np.random.default_rng(2411)
    speed, tension = rng.uniform(100, 900, 491), rng.uniform(20, 300, 491)
    hum, tex = rng.uniform(30, 90, 491), rng.uniform(5, 80, 491)
    y = (speed / 400) ** 2 * (tension / 150) * np.exp(-(hum - 30) / 60) * 20 / np.sqrt(tex)
    return _reg(np.stack([speed, tension, hum, tex], 1), y + rng.normal(0, 0.3, 491))


@functools.cache
def cheese_ripening_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """507 wheels, raw: age in days (10-700), cellar temperature in tenths of deg C (60-160), salt in
    tenths of % (10-40) and wheel mass in hundreds of g (5-400); the target the firmness, saturating in
    age at a temperature-set rate, softened by mass."""
    rng = np.random.default_rng(2412)
    age, temp = rng.uniform(10, 700, 507), rng.uniform(60, 160, 507)
    salt, mass = rng.uniform(10, 40, 507), rng.uniform(5, 400, 507)
    y = 30 * (1 - np.exp(-age * temp / 40000)) + 0.3 * salt - 2 * np.log(mass)
    return _reg(np.stack([age, temp, salt, mass], 1), y + rng.normal(0, 0.8, 507))


@functools.cache
def lighthouse_range_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """489 nights, raw: lamp power in W (50-1000), tower height in m (5-80), visibility in hundreds of m
    (2-300) and observer height in dm (10-200); the target the range seen, the geographic horizon capped
    by the luminous range."""
    rng = np.random.default_rng(2413)
    power, tower = rng.uniform(50, 1000, 489), rng.uniform(5, 80, 489)
    vis, obs = rng.uniform(2, 300, 489), rng.uniform(10, 200, 489)
    geo = 2.08 * (np.sqrt(tower) + np.sqrt(obs / 10))
    lum = 4 * np.log1p(power / 50) * np.sqrt(vis / 30)
    y = np.minimum(geo, lum)
    return _reg(np.stack([power, tower, vis, obs], 1), y + rng.normal(0, 0.4, 489))


@functools.cache
def bee_forage_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """503 hive-days, raw: colony size in hundreds of bees (50-600), flower density per hectare in tens
    (1-500), wind in tenths of m/s (0-120) and air temperature in tenths of deg C (80-350); the target the
    mean forage distance, longer where flowers are sparse and colonies big, cut short by wind and cold."""
    rng = np.random.default_rng(2414)
    colony, flowers = rng.uniform(50, 600, 503), rng.uniform(1, 500, 503)
    wind, temp = rng.uniform(0, 120, 503), rng.uniform(80, 350, 503)
    y = 3 * np.sqrt(colony / 100) / np.log1p(flowers / 10) * np.exp(-wind / 150) / (1 + np.exp(-(temp - 140) / 20))
    return _reg(np.stack([colony, flowers, wind, temp], 1), y + rng.normal(0, 0.15, 503))


@functools.cache
def avalanche_runout_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 avalanches, raw: fall height in m (50-900), release volume in hundreds of m3 (1-600), slope
    angle in degrees (25-50) and snow density in kg/m3 (80-450); the target the runout, growing with the
    square root of height and the log of volume, longer for dense snow on steep slopes."""
    rng = np.random.default_rng(2415)
    height, vol = rng.uniform(50, 900, 495), rng.uniform(1, 600, 495)
    angle, dens = rng.uniform(25, 50, 495), rng.uniform(80, 450, 495)
    y = np.sqrt(height) * (1 + np.log1p(vol) / 4) * (1 + np.tanh((angle - 35) / 6) / 3) * (dens / 300) ** 0.3
    return _reg(np.stack([height, vol, angle, dens], 1), y + rng.normal(0, 1.0, 495))


@functools.cache
def peat_carbon_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """499 cores, raw: depth in cm (5-800), water table below surface in cm (0-90), sphagnum cover in %
    (0-100) and age in decades (1-900); the target the carbon density, rising then falling with depth,
    oxidised above the water table."""
    rng = np.random.default_rng(2416)
    depth, table = rng.uniform(5, 800, 499), rng.uniform(0, 90, 499)
    moss, age = rng.uniform(0, 100, 499), rng.uniform(1, 900, 499)
    y = 50 * np.exp(-((depth - 250) ** 2) / 120000) * (1 - 0.5 * (depth < table)) + 0.1 * moss + 3 * np.log(age)
    return _reg(np.stack([depth, table, moss, age], 1), y + rng.normal(0, 1.5, 499))


@functools.cache
def hot_spring_minerals_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """486 samples, raw: water temperature in tenths of deg C (300-950), flow in l/min (1-600), depth of
    source in m (10-1000) and pH in tenths (20-95); the target the dissolved mineral load, Arrhenius-like in
    temperature, diluted by flow, peaked near neutral pH."""
    rng = np.random.default_rng(2417)
    temp, flow = rng.uniform(300, 950, 486), rng.uniform(1, 600, 486)
    depth, ph = rng.uniform(10, 1000, 486), rng.uniform(20, 95, 486)
    y = 8 * np.exp(-3000 / (temp / 10 + 273) + 9) / np.sqrt(1 + flow / 50) + depth / 400 - ((ph - 65) / 20) ** 2
    return _reg(np.stack([temp, flow, depth, ph], 1), y + rng.normal(0, 0.3, 486))


@functools.cache
def mine_airflow_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """502 mine sections, raw: fan pressure in Pa (100-1000), drift length in m (20-900), cross-section
    in dm2 (40-400) and number of doors open (0-12); the target the airflow, the square root of pressure
    over a resistance growing with length and shrinking with area."""
    rng = np.random.default_rng(2418)
    press, length = rng.uniform(100, 1000, 502), rng.uniform(20, 900, 502)
    area, doors = rng.uniform(40, 400, 502), rng.integers(0, 13, 502).astype(float)
    y = np.sqrt(press / (length / 100 + 0.5)) * (area / 100) ** 1.25 * (1 - doors / 30)
    return _reg(np.stack([press, length, area, doors], 1), y + rng.normal(0, 0.5, 502))
