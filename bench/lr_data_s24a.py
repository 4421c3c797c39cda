"""The data of section ``lr_quality``'s first group of session 24 (``lr_suite.py``: fresh-s24a), as
``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto15 at the start of its round, before any design and before any ``lr="auto"``
run on it. Generators the suite has not used: regressions on raw inputs on milder scales than session
23's groups (features of 0-60, so that a grid rate beats the constant prediction; session 23 found
half its raw tasks never did), under NAdam (espresso extraction; kite line tension at batch 16), SGD
with momentum (ferry fuel burn through 3 tanh layers), RMSprop (vineyard sugar) and AdamW (marathon
pace through a wide 2-layer MLP); a raw-count classifier under NAdam (beetle species), a softmax
under Nesterov (gemstone cut) and a standardised classifier through 2 tanh layers under Adam (bird
song type). Each task was kept only where one seed's grid beats the constant prediction (checked on
the grid alone). Row counts are not multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def espresso_extraction_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """493 shots, raw: grind setting (1-40), dose in g (14-22), water temperature above 85 deg C
    (0-12) and shot time in s (15-45); the target the extraction yield, saturating in time over a
    grind-dependent flow, warmer water extracting more."""
    rng = np.random.default_rng(2401)
    grind, dose = rng.uniform(1, 40, 493), rng.uniform(14, 22, 493)
    temp, secs = rng.uniform(0, 12, 493), rng.uniform(15, 45, 493)
    y = 22 * (1 - np.exp(-secs / (10 + grind / 2))) * (1 + temp / 40) - 0.3 * (dose - 18)
    return _reg(np.stack([grind, dose, temp, secs], 1), y + rng.normal(0, 0.4, 493))


@functools.cache
def kite_tension_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """487 flights, raw: wind in m/s (2-15), kite area in m2 (1-12), line length in tens of m (1-10)
    and angle of attack in degrees (5-25); the target the line tension, wind squared times area times
    a lift curve that stalls past 18 degrees."""
    rng = np.random.default_rng(2402)
    wind, area = rng.uniform(2, 15, 487), rng.uniform(1, 12, 487)
    line, aoa = rng.uniform(1, 10, 487), rng.uniform(5, 25, 487)
    lift = np.where(aoa < 18, aoa / 18, 1 - (aoa - 18) / 14)
    y = wind**2 * area * lift / 100 * (1 - line / 40)
    return _reg(np.stack([wind, area, line, aoa], 1), y + rng.normal(0, 0.3, 487))


@functools.cache
def ferry_fuel_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 crossings, raw: speed in knots (6-20), passengers in tens (0-60), head wind in m/s (-10 to
    15) and wave height in dm (0-30); the target the fuel burnt, cubic in speed through the water,
    plus load and sea state."""
    rng = np.random.default_rng(2403)
    speed, pax = rng.uniform(6, 20, 505), rng.uniform(0, 60, 505)
    wind, wave = rng.uniform(-10, 15, 505), rng.uniform(0, 30, 505)
    y = (speed + wind / 8) ** 3 / 400 + pax / 30 + 0.05 * wave * speed / 10
    return _reg(np.stack([speed, pax, wind, wave], 1), y + rng.normal(0, 0.3, 505))


@functools.cache
def vineyard_sugar_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """498 plots, raw: days after veraison (0-60), sunshine hours per day (2-12), rain in the month in
    cm (0-20) and vine age in years (2-50); the target the sugar level, logistic in days, sped up by
    sun, diluted by rain, a little higher on old vines."""
    rng = np.random.default_rng(2404)
    days, sun = rng.uniform(0, 60, 498), rng.uniform(2, 12, 498)
    rain, age = rng.uniform(0, 20, 498), rng.uniform(2, 50, 498)
    y = 24 / (1 + np.exp(-(days - 30 + 2 * (sun - 7)) / 8)) - 0.25 * rain + 0.03 * age
    return _reg(np.stack([days, sun, rain, age], 1), y + rng.normal(0, 0.5, 498))


@functools.cache
def marathon_pace() -> tuple[torch.Tensor, torch.Tensor]:
    """511 runners, 6 standardised features (weekly distance, long-run length, age, weight, course
    climb, heat); the target the pace, a smooth non-linear score with noise."""
    rng = np.random.default_rng(2405)
    X = rng.normal(0, 1, (511, 6))
    y = -0.8 * np.tanh(X[:, 0]) - 0.3 * X[:, 1] + 0.2 * X[:, 2] ** 2 + 0.4 * X[:, 3] + 0.3 * X[:, 4] * X[:, 5]
    return standardised(X), standardised((y + rng.normal(0, 0.2, 511))[:, None])[:, 0]


@functools.cache
def beetle_species_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """502 beetles, 3 species, raw counts and sizes: antenna segments (8-14), leg spines (0-30),
    elytra length in tenths of mm (20-60) and pits per mm2 (0-40); the species by two noisy scores."""
    rng = np.random.default_rng(2406)
    seg, spines = rng.integers(8, 15, 502).astype(float), rng.integers(0, 31, 502).astype(float)
    length, pits = rng.uniform(20, 60, 502), rng.uniform(0, 40, 502)
    a = (seg - 11) + (spines - 15) / 5 + rng.normal(0, 1.0, 502)
    b = (length - 40) / 8 - (pits - 20) / 10 + rng.normal(0, 0.8, 502)
    y = np.where(a > 1, 2, np.where(b > 0, 1, 0))
    return torch.as_tensor(np.stack([seg, spines, length, pits], 1), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def gemstone_cut() -> tuple[torch.Tensor, torch.Tensor]:
    """496 stones, 4 cuts, 5 standardised features (table %, depth %, girdle, crown angle, pavilion
    angle); the cut by the nearest of four centres, with overlap."""
    rng = np.random.default_rng(2407)
    centres = rng.normal(0, 1.2, (4, 5))
    y = rng.integers(0, 4, 496)
    X = centres[y] + rng.normal(0, 1.0, (496, 5))
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def bird_song() -> tuple[torch.Tensor, torch.Tensor]:
    """508 recordings, 3 song types, 6 standardised features (pitch, trill rate, note count,
    duration, bandwidth, pause); the type by a ring and a half-plane, with noise."""
    rng = np.random.default_rng(2408)
    X = rng.normal(0, 1, (508, 6))
    r = np.hypot(X[:, 0], X[:, 1]) + rng.normal(0, 0.2, 508)
    y = np.where(r < 0.9, 0, np.where(X[:, 2] + 0.5 * X[:, 3] > 0, 1, 2))
    return standardised(X), torch.as_tensor(y.astype(np.int64))
