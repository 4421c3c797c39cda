"""The data of section ``lr_quality``'s first group of session 23 (``lr_suite.py``:
fresh-s23a), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto13 before its round's idea is chosen and before any ``lr="auto"`` run on
it, aimed at the NAdam side effect of the probe branch's step above the probe (best rate near
0.1 with a second dip near 1e-3 on raw regressions) and at adaptive rules beside it: three
regressions on raw, unstandardised inputs (features on scales of 1 to 500) with standardised
targets under NAdam (kombucha acidity, asphalt rutting, turbine bearing wear), one each under
Adam (hail damage), AdamW (roof truss deflection) and RMSprop (dune migration), and two ordinary
tasks on standardised inputs under NAdam (orchard yield, a regression; pottery glaze, a
classifier), so that a rule that harms the common case shows; on generators the suite has not
used. Row counts are not multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def kombucha_acidity_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 batches, raw: days fermented (3-30), sugar in g/l (40-120), tea in g/l (2-15) and room
    temperature in tenths of deg C (180-300); the target the acidity, a saturating rise in days
    whose rate doubles every 10 deg C and whose ceiling grows with the sugar."""
    rng = np.random.default_rng(2301)
    days, sugar = rng.uniform(3, 30, 490), rng.uniform(40, 120, 490)
    tea, temp = rng.uniform(2, 15, 490), rng.uniform(180, 300, 490)
    rate = 0.08 * 2 ** ((temp - 240) / 100) * (1 + tea / 30)
    y = sugar / 20 * (1 - np.exp(-rate * days))
    return _reg(np.stack([days, sugar, tea, temp], 1), y + rng.normal(0, 0.2, 490))


@functools.cache
def asphalt_rutting_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 road sections, raw: axle loads in thousands per day (1-60), binder grade in deg C
    (52-76), air voids in tenths of % (30-90), pavement temperature in deg C (10-65) and layer
    thickness in mm (50-250); the target the rut depth, a power law in the loads with an
    exponential rise above the binder's grade."""
    rng = np.random.default_rng(2302)
    load, grade = rng.uniform(1, 60, 505), rng.uniform(52, 76, 505)
    voids, temp, thick = rng.uniform(30, 90, 505), rng.uniform(10, 65, 505), rng.uniform(50, 250, 505)
    y = load**0.4 * np.exp((temp - grade) / 12) * (voids / 60) * (150 / thick) ** 0.5
    return _reg(np.stack([load, grade, voids, temp, thick], 1), y + rng.normal(0, 0.3, 505))


@functools.cache
def bearing_wear_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """470 turbine bearings, raw: hours run in hundreds (1-400), shaft speed in rpm/10 (50-360),
    oil viscosity in cSt (20-220) and vibration in hundredths of mm/s (10-400); the target the
    wear, linear in hours with a knee where the oil film thins."""
    rng = np.random.default_rng(2303)
    hours, speed = rng.uniform(1, 400, 470), rng.uniform(50, 360, 470)
    visc, vib = rng.uniform(20, 220, 470), rng.uniform(10, 400, 470)
    film = visc * speed / 10000
    y = hours / 100 * (1 + 2 / (1 + np.exp(4 * (film - 1.5)))) + vib / 200
    return _reg(np.stack([hours, speed, visc, vib], 1), y + rng.normal(0, 0.4, 470))


@functools.cache
def hail_damage_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 storms, raw: hailstone diameter in mm (5-80), storm minutes (5-90), wind in km/h (0-120)
    and roof age in years (1-40); the target the claim size, cubic in the diameter above a
    threshold, scaled by duration and wind."""
    rng = np.random.default_rng(2304)
    diam, mins = rng.uniform(5, 80, 515), rng.uniform(5, 90, 515)
    wind, age = rng.uniform(0, 120, 515), rng.uniform(1, 40, 515)
    y = (np.maximum(diam - 20, 0) / 20) ** 3 * np.sqrt(mins / 30) * (1 + wind / 100) + age / 40
    return _reg(np.stack([diam, mins, wind, age], 1), y + rng.normal(0, 0.3, 515))


@functools.cache
def truss_deflection_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """480 roof trusses, raw: span in tenths of m (40-200), snow load in kg/m2 (50-400), timber
    depth in mm (100-300) and spacing in cm (40-120); the target the deflection, as a beam's:
    load times span to the fourth over depth cubed."""
    rng = np.random.default_rng(2305)
    span, snow = rng.uniform(40, 200, 480), rng.uniform(50, 400, 480)
    depth, space = rng.uniform(100, 300, 480), rng.uniform(40, 120, 480)
    y = snow * space / 100 * (span / 100) ** 4 / (depth / 200) ** 3 / 100
    return _reg(np.stack([span, snow, depth, space], 1), y + rng.normal(0, 0.2, 480))


@functools.cache
def dune_migration_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 dunes, raw: wind speed in tenths of m/s (30-180), dune height in dm (10-300), grain size
    in hundredths of mm (10-80) and vegetation cover in % (0-60); the target the yearly migration,
    cubic in the wind above a threshold set by the grain, inversely to the height."""
    rng = np.random.default_rng(2306)
    wind, height = rng.uniform(30, 180, 500), rng.uniform(10, 300, 500)
    grain, veg = rng.uniform(10, 80, 500), rng.uniform(0, 60, 500)
    excess = np.maximum(wind / 10 - 3 - grain / 20, 0)
    y = excess**3 / (height / 100 + 0.5) * (1 - veg / 80)
    return _reg(np.stack([wind, height, grain, veg], 1), y + rng.normal(0, 2, 500))


@functools.cache
def orchard_yield() -> tuple[torch.Tensor, torch.Tensor]:
    """520 orchard plots, 6 standardised features (chill hours, rain, tree age, spacing, pruning,
    soil nitrogen); the target the yield, smooth with one interaction, standardised."""
    rng = np.random.default_rng(2307)
    X = rng.normal(0, 1, (520, 6))
    y = np.tanh(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2] - 0.3 * X[:, 3] ** 2 + 0.2 * X[:, 4] + rng.normal(0, 0.3, 520)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def pottery_glaze() -> tuple[torch.Tensor, torch.Tensor]:
    """495 glazes, 3 finishes (matte, satin, gloss), 5 standardised features (silica, alumina, flux,
    kiln peak, cooling rate); the finish by a non-linear score, with overlap."""
    rng = np.random.default_rng(2308)
    X = rng.normal(0, 1, (495, 5))
    score = X[:, 0] - X[:, 1] + 0.7 * X[:, 2] * X[:, 3] + 0.5 * np.sin(2 * X[:, 4]) + rng.normal(0, 0.5, 495)
    y = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
    return standardised(X), torch.as_tensor(y.astype(np.int64))
