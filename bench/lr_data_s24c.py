"""The data of section ``lr_quality``'s third group of session 24 (``lr_suite.py``: fresh-s24c), as
``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto17 at the start of its round, before any design and before any ``lr="auto"``
run on it. New generators on mild raw scales (features of about 0-60) or standardised, so that the
tasks train: canoe drift under NAdam, bread crust colour under SGD with momentum, solar still output
under RMSprop, ski wax glide through a wide MLP under AdamW, chimney draught through 3 tanh layers
under Adam and snail speed under Nesterov; a raw-count classifier under momentum at batch 16 (mushroom
genus) and a softmax under plain SGD (rock type). Each task was kept only where its best grid mean over
10 seeds beats the constant prediction by a clear margin (checked on the grid alone). Row counts are
not multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def canoe_drift_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """497 paddles, raw: current in tenths of m/s (0-20), cross wind in m/s (0-12), paddle rate per min
    (20-60) and load in tens of kg (5-25); the target the drift, current plus wind over a rate-made
    heading correction, heavier canoes drifting less."""
    rng = np.random.default_rng(2421)
    cur, wind = rng.uniform(0, 20, 497), rng.uniform(0, 12, 497)
    rate, load = rng.uniform(20, 60, 497), rng.uniform(5, 25, 497)
    y = cur / 4 + wind**1.5 / 10 / (1 + rate / 40) - 0.05 * load + 0.02 * cur * wind
    return _reg(np.stack([cur, wind, rate, load], 1), y + rng.normal(0, 0.2, 497))


@functools.cache
def bread_crust_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """509 loaves, raw: oven temperature above 180 deg C in deg (0-60), bake time in min (15-50), sugar
    in % (0-12) and steam in s (0-30); the target the crust colour, a Maillard curve saturating in
    temperature times time, darkened by sugar and lightened by steam."""
    rng = np.random.default_rng(2422)
    temp, mins = rng.uniform(0, 60, 509), rng.uniform(15, 50, 509)
    sugar, steam = rng.uniform(0, 12, 509), rng.uniform(0, 30, 509)
    y = 10 * (1 - np.exp(-(temp + 20) * mins / 1500)) + 0.4 * sugar - 0.08 * steam
    return _reg(np.stack([temp, mins, sugar, steam], 1), y + rng.normal(0, 0.4, 509))


@functools.cache
def solar_still_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """493 days, raw: sun hours (2-14), air temperature in deg C (5-40), basin depth in cm (1-10) and
    cover tilt in degrees (10-50); the target the distilled water, sun times a temperature gain, best at
    a tilt near 30 degrees and in shallow basins."""
    rng = np.random.default_rng(2423)
    sun, temp = rng.uniform(2, 14, 493), rng.uniform(5, 40, 493)
    depth, tilt = rng.uniform(1, 10, 493), rng.uniform(10, 50, 493)
    y = sun * (1 + temp / 30) / np.sqrt(depth) * np.exp(-(((tilt - 30) / 15) ** 2))
    return _reg(np.stack([sun, temp, depth, tilt], 1), y + rng.normal(0, 0.3, 493))


@functools.cache
def ski_wax_glide() -> tuple[torch.Tensor, torch.Tensor]:
    """505 runs, 6 standardised features (snow temperature, humidity, grain size, wax hardness, base
    structure, skier mass); the target the glide time, a smooth score with a wax-snow interaction."""
    rng = np.random.default_rng(2424)
    X = rng.normal(0, 1, (505, 6))
    y = 0.7 * np.tanh(X[:, 0] - X[:, 3]) - 0.4 * X[:, 1] + 0.3 * np.abs(X[:, 2]) + 0.25 * X[:, 4] * X[:, 5]
    return standardised(X), standardised((y + rng.normal(0, 0.2, 505))[:, None])[:, 0]


@functools.cache
def chimney_draught_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """501 fires, raw: flue height in m (2-15), flue gas temperature above ambient in tens of deg (1-30),
    flue diameter in cm (10-40) and outside wind in m/s (0-15); the target the draught, the stack effect
    (height times temperature difference) with a wind-induced suction."""
    rng = np.random.default_rng(2425)
    height, dt = rng.uniform(2, 15, 501), rng.uniform(1, 30, 501)
    diam, wind = rng.uniform(10, 40, 501), rng.uniform(0, 15, 501)
    y = height * dt / (dt + 10) * 3 + 0.02 * wind**2 - 20 / diam
    return _reg(np.stack([height, dt, diam, wind], 1), y + rng.normal(0, 0.5, 501))


@functools.cache
def snail_speed_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """494 snails, raw: shell diameter in mm (5-45), ground moisture in % (5-60), temperature in deg C
    (2-30) and slope in degrees (0-40); the target the speed, peaked in temperature, rising with
    moisture, slowed by slope."""
    rng = np.random.default_rng(2426)
    shell, moist = rng.uniform(5, 45, 494), rng.uniform(5, 60, 494)
    temp, slope = rng.uniform(2, 30, 494), rng.uniform(0, 40, 494)
    y = np.sqrt(shell) * np.log1p(moist / 10) * np.exp(-(((temp - 18) / 9) ** 2)) * (1 - slope / 80)
    return _reg(np.stack([shell, moist, temp, slope], 1), y + rng.normal(0, 0.3, 494))


@functools.cache
def mushroom_genus_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """503 mushrooms, 3 genera, raw counts and sizes: gill count in tens (2-12), cap width in mm (10-60),
    stem height in mm (10-50) and spots on the cap (0-25); the genus by two noisy scores."""
    rng = np.random.default_rng(2427)
    gills, cap = rng.integers(2, 13, 503).astype(float), rng.uniform(10, 60, 503)
    stem, spots = rng.uniform(10, 50, 503), rng.integers(0, 26, 503).astype(float)
    a = (spots - 12) / 4 + (gills - 7) / 3 + rng.normal(0, 0.8, 503)
    b = (cap - stem) / 10 + rng.normal(0, 0.8, 503)
    y = np.where(a > 1, 2, np.where(b > 0, 1, 0))
    return torch.as_tensor(np.stack([gills, cap, stem, spots], 1), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def rock_type() -> tuple[torch.Tensor, torch.Tensor]:
    """499 rocks, 4 types, 5 standardised features (density, grain size, porosity, hardness, silica);
    the type by the nearest of four centres, with overlap."""
    rng = np.random.default_rng(2428)
    centres = rng.normal(0, 1.1, (4, 5))
    y = rng.integers(0, 4, 499)
    X = centres[y] + rng.normal(0, 1.0, (499, 5))
    return standardised(X), torch.as_tensor(y.astype(np.int64))
