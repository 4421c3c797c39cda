"""The data of section ``lr_quality``'s third group of session 23 (``lr_suite.py``:
fresh-s23c), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto14 before its round's declaration and before any figure of it: on generators
the suite has not used, regressions on raw, unstandardised inputs (features on scales of 1 to 800)
with standardised targets under adaptive rules, RMSprop (well drawdown; bridge cable sag at batch 16;
hive honey yield), NAdam (kiln shrinkage; glacier calving at batch 16) and Adam (croissant proof),
where the range test's sweep can run to its end and the bracket's top rest there; and two ordinary
tasks on standardised inputs, a regression under Adam (lighthouse visibility) and a classifier under
SGD with momentum (moth species), so that a rule that harms the common case shows. Row counts are not
multiples of the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def well_drawdown_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """493 pumping tests, raw: pumping rate in m3/day (20-800), aquifer thickness in m (5-120),
    hours pumped (1-72) and distance to the observation well in m (2-300); the target the drawdown,
    Theis-like: the rate over the thickness times the log of time over distance squared."""
    rng = np.random.default_rng(2321)
    q, b = rng.uniform(20, 800, 493), rng.uniform(5, 120, 493)
    t, r = rng.uniform(1, 72, 493), rng.uniform(2, 300, 493)
    y = q / b * np.log1p(400 * t / r**2) / 10
    return _reg(np.stack([q, b, t, r], 1), y + rng.normal(0, 0.3, 493))


@functools.cache
def kiln_shrinkage_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """507 firings, raw: peak temperature in deg C (600-1300), soak minutes (0-240), clay water content
    in tenths of % (80-300) and ramp rate in deg C/h (20-400); the target the linear shrinkage, a
    sigmoid in temperature lifted by water and soak."""
    rng = np.random.default_rng(2322)
    temp, soak = rng.uniform(600, 1300, 507), rng.uniform(0, 240, 507)
    water, ramp = rng.uniform(80, 300, 507), rng.uniform(20, 400, 507)
    y = (4 + water / 40) / (1 + np.exp(-(temp - 1000) / 60)) * (1 + soak / 400) - ramp / 500
    return _reg(np.stack([temp, soak, water, ramp], 1), y + rng.normal(0, 0.2, 507))


@functools.cache
def cable_sag_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """486 cable spans, raw: span in m (50-600), tension in kN (30-500), cable mass in kg/m (1-40) and
    temperature in tenths of deg C (0-400); the target the mid-span sag, the catenary's parabola with
    thermal stretch."""
    rng = np.random.default_rng(2323)
    span, tens = rng.uniform(50, 600, 486), rng.uniform(30, 500, 486)
    mass, temp = rng.uniform(1, 40, 486), rng.uniform(0, 400, 486)
    y = mass * 9.81 * span**2 / (8 * tens * 1000) * (1 + temp / 2000)
    return _reg(np.stack([span, tens, mass, temp], 1), y + rng.normal(0, 0.4, 486))


@functools.cache
def glacier_calving_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """498 glacier fronts, raw: water depth at the front in m (10-400), ice velocity in m/yr (50-800),
    ocean temperature in tenths of deg C (0-60) and front width in hundreds of m (5-100); the target the
    calving rate, linear in depth, rising sharply with warm water."""
    rng = np.random.default_rng(2324)
    depth, vel = rng.uniform(10, 400, 498), rng.uniform(50, 800, 498)
    ocean, width = rng.uniform(0, 60, 498), rng.uniform(5, 100, 498)
    y = depth / 100 * (1 + np.exp((ocean - 30) / 10)) + np.sqrt(vel) / 10 + 0.01 * width
    return _reg(np.stack([depth, vel, ocean, width], 1), y + rng.normal(0, 0.3, 498))


@functools.cache
def croissant_proof_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """502 croissant batches, raw: proof minutes (30-600), dough temperature in tenths of deg C (180-320), starter
    share in tenths of % (50-400) and hydration in % (55-95); the target the rise, saturating in proof
    time at a rate doubling every 8 degrees, collapsing past a peak."""
    rng = np.random.default_rng(2325)
    minutes, temp = rng.uniform(30, 600, 502), rng.uniform(180, 320, 502)
    starter, hyd = rng.uniform(50, 400, 502), rng.uniform(55, 95, 502)
    k = starter / 20000 * 2 ** ((temp - 250) / 80)
    x = k * minutes
    y = x * np.exp(1 - x) * (1 + (hyd - 75) / 50)
    return _reg(np.stack([minutes, temp, starter, hyd], 1), y + rng.normal(0, 0.05, 502))


@functools.cache
def honey_yield_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """489 hives, raw: colony size in thousands of bees (5-80), forage area in ha within reach
    (1-500), days of flow (5-90) and varroa count per 100 bees in tenths (0-150); the target the honey
    yield, colony times flow with a saturating forage term and a varroa penalty."""
    rng = np.random.default_rng(2326)
    colony, forage = rng.uniform(5, 80, 489), rng.uniform(1, 500, 489)
    flow, mites = rng.uniform(5, 90, 489), rng.uniform(0, 150, 489)
    y = colony * flow / 100 * forage / (forage + 80) * np.exp(-mites / 60)
    return _reg(np.stack([colony, forage, flow, mites], 1), y + rng.normal(0, 0.8, 489))


@functools.cache
def lighthouse_visibility() -> tuple[torch.Tensor, torch.Tensor]:
    """511 nights, 5 standardised features (humidity, aerosol, lamp power, height, wind); the target
    the visible range, a smooth non-linear score with noise."""
    rng = np.random.default_rng(2327)
    X = rng.normal(0, 1, (511, 5))
    y = np.tanh(X[:, 2] - X[:, 0] * X[:, 1]) + 0.5 * np.log1p(np.exp(X[:, 3])) - 0.3 * X[:, 4] ** 2
    return standardised(X), standardised((y + rng.normal(0, 0.2, 511))[:, None])[:, 0]


@functools.cache
def moth_species() -> tuple[torch.Tensor, torch.Tensor]:
    """503 moths, 4 species, 6 standardised features (wingspan, antenna length, hue, saturation,
    body length, flight hour); the class by a radial and an angular score, with overlap."""
    rng = np.random.default_rng(2328)
    X = rng.normal(0, 1, (503, 6))
    r = X[:, 0] ** 2 + X[:, 1] ** 2 + 0.5 * X[:, 2] + rng.normal(0, 0.4, 503)
    a = np.arctan2(X[:, 3], X[:, 4]) + 0.3 * X[:, 5] + rng.normal(0, 0.3, 503)
    y = np.where(r > 2.5, 3, np.where(a > 1.0, 2, np.where(a > -0.5, 1, 0)))
    return standardised(X), torch.as_tensor(y.astype(np.int64))
