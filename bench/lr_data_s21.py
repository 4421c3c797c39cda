"""The data of section ``lr_quality``'s group of session 21 (``lr_suite.py``: fresh-s21), as
``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto5 before its round is designed and before any run on it: ten tasks where
the pilots' first round may rank rates by their transients rather than by where they settle.
Four tanh MLPs under momentum or Nesterov on uncentred coordinates (an astroid region,
superellipse rings, a deltoid, nephroid bands), prone to plateaus; three momentum or Nesterov
classifiers on raw inputs (gemstones, insurance claims, parking occupancy); two Adagrad models
(eight overlapping Gaussians in 5-D, wildfire risk on raw inputs), whose large rates can blow up
late; one momentum MLP regression (the Bukin surface). Row counts are not multiples of the batch
size; on generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch


def _raw(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y.astype(np.int64))


def _std(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(0)) / X.std(0)


@functools.cache
def astroid_region() -> tuple[torch.Tensor, torch.Tensor]:
    """470 points uniform on [0, 10]^2: inside (1) the astroid |u|^(2/3) + |v|^(2/3) < 4^(2/3)
    about (5, 5), with 4% of labels flipped; inputs not centred."""
    rng = np.random.default_rng(2101)
    X = rng.uniform(0, 10, (470, 2))
    u, v = np.abs(X[:, 0] - 5), np.abs(X[:, 1] - 5)
    inside = u ** (2 / 3) + v ** (2 / 3) < 4 ** (2 / 3)
    return _raw(X, np.where(rng.uniform(0, 1, 470) < 0.04, ~inside, inside))


@functools.cache
def superellipse_rings() -> tuple[torch.Tensor, torch.Tensor]:
    """530 points uniform on [10, 30]^2: three classes by the superellipse radius
    ((u/10)^4 + (v/10)^4)^(1/4) about (20, 20), cut at 0.55 and 0.85, with noise of sd 0.04;
    inputs not centred."""
    rng = np.random.default_rng(2102)
    X = rng.uniform(10, 30, (530, 2))
    r = (((X[:, 0] - 20) / 10) ** 4 + ((X[:, 1] - 20) / 10) ** 4) ** 0.25 + rng.normal(0, 0.04, 530)
    return _raw(X, np.digitize(r, [0.55, 0.85]))


@functools.cache
def deltoid() -> tuple[torch.Tensor, torch.Tensor]:
    """505 points uniform on [0, 12]^2: inside (1) the deltoid (three-cusped hypocycloid of
    radius 5) about (6, 6), read from its polar boundary, with noise; inputs not centred."""
    rng = np.random.default_rng(2103)
    X = rng.uniform(0, 12, (505, 2))
    t = np.linspace(0, 2 * np.pi, 2000)
    bx, by = (2 * np.cos(t) + np.cos(2 * t)) * 5 / 3, (2 * np.sin(t) - np.sin(2 * t)) * 5 / 3
    ang, rad = np.arctan2(by, bx), np.hypot(bx, by)
    order = np.argsort(ang)
    u, v = X[:, 0] - 6, X[:, 1] - 6
    edge = np.interp(np.arctan2(v, u), ang[order], rad[order], period=2 * np.pi)
    return _raw(X, np.hypot(u, v) + rng.normal(0, 0.15, 505) < edge)


@functools.cache
def nephroid_bands() -> tuple[torch.Tensor, torch.Tensor]:
    """440 points uniform on [0, 16]x[0, 12]: two classes by the sign of the nephroid's implicit
    form (u^2 + v^2 - 4)^3 - 108 v^2 (a = 1, coordinates scaled by 1/2.5 about (8, 6)), plus
    noise; inputs not centred."""
    rng = np.random.default_rng(2104)
    X = np.stack([rng.uniform(0, 16, 440), rng.uniform(0, 12, 440)], 1)
    u, v = (X[:, 0] - 8) / 2.5, (X[:, 1] - 6) / 2.5
    f = (u**2 + v**2 - 4) ** 3 - 108 * v**2
    return _raw(X, np.sign(f) * np.abs(f) ** (1 / 3) + rng.normal(0, 0.5, 440) > 0)


@functools.cache
def gemstones_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """525 stones of four kinds, raw: refractive index (1.4-2.5), density in g/cm^3 (2-5),
    Mohs hardness (5-10) and carat weight (0.1-8), each kind a Gaussian cloud on these scales."""
    rng = np.random.default_rng(2105)
    centres = np.array([[1.54, 2.65, 7.0, 2.0], [1.77, 4.0, 9.0, 1.5], [2.42, 3.52, 10.0, 1.0], [1.58, 2.7, 7.5, 3.0]])
    spreads = np.array([0.05, 0.2, 0.5, 1.2])
    y = np.arange(525) % 4
    X = (centres[y] + rng.normal(size=(525, 4)) * spreads).clip([1.4, 2, 5, 0.1], [2.5, 5, 10, 8])
    return _raw(X, y)


@functools.cache
def insurance_claims_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 policies, raw: age (18-80), yearly premium in hundreds (2-40), past claims (0-6) and
    years insured (0-30); a claim (1) through a logistic link on a curved score."""
    rng = np.random.default_rng(2106)
    age, prem = rng.uniform(18, 80, 490), rng.uniform(2, 40, 490)
    past, years = rng.poisson(1.2, 490).clip(0, 6).astype(float), rng.uniform(0, 30, 490)
    z = ((age - 45) / 15) ** 2 - 1 + (prem - 20) / 10 + 0.8 * (past - 1.2) - (years - 15) / 10
    return _raw(np.stack([age, prem, past, years], 1), rng.uniform(0, 1, 490) < 1 / (1 + np.exp(-1.5 * z)))


@functools.cache
def parking_occupancy_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 car parks by hour, raw: hour (0-23), capacity (20-400), price per hour in cents
    (50-500) and distance to the centre in hundreds of m (1-50); three levels of occupancy from
    a noisy score."""
    rng = np.random.default_rng(2107)
    hour, cap = rng.integers(0, 24, 515).astype(float), rng.uniform(20, 400, 515)
    price, dist = rng.uniform(50, 500, 515), rng.uniform(1, 50, 515)
    score = np.sin(np.pi * (hour - 6) / 12) - (price - 275) / 150 - (dist - 25) / 12 + (cap - 210) / 300
    return _raw(np.stack([hour, cap, price, dist], 1), np.digitize(score + rng.normal(0, 0.4, 515), [-0.6, 0.8]))


@functools.cache
def eight_gaussians_5d() -> tuple[torch.Tensor, torch.Tensor]:
    """545 points of eight overlapping Gaussian classes in 5-D (centres of norm about 2.5, unit
    spread), standardised."""
    rng = np.random.default_rng(2108)
    centres = rng.normal(size=(8, 5))
    centres *= 2.5 / np.linalg.norm(centres, axis=1, keepdims=True)
    y = rng.integers(0, 8, 545)
    return _raw(_std(centres[y] + rng.normal(size=(545, 5))), y)


@functools.cache
def wildfire_risk_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """455 days, raw: temperature in C (5-45), humidity in % (5-95), wind in km/h (0-60) and
    days since rain (0-40); a fire (1) through a logistic link on a linear score, as float
    targets for ``bce``."""
    rng = np.random.default_rng(2109)
    temp, hum = rng.uniform(5, 45, 455), rng.uniform(5, 95, 455)
    wind, dry = rng.uniform(0, 60, 455), rng.uniform(0, 40, 455)
    z = (temp - 25) / 8 - (hum - 50) / 20 + (wind - 30) / 20 + (dry - 20) / 10
    label = rng.uniform(0, 1, 455) < 1 / (1 + np.exp(-z))
    return torch.as_tensor(np.stack([temp, hum, wind, dry], 1), dtype=torch.float32), torch.as_tensor(
        label.astype(np.float32)
    )


@functools.cache
def bukin_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-15, -5]x[-3, 3]: Bukin's function no. 6,
    100 sqrt(|y - x^2/100|) + |x + 10|/100, inputs and target standardised."""
    rng = np.random.default_rng(2110)
    X = np.stack([rng.uniform(-15, -5, 500), rng.uniform(-3, 3, 500)], 1)
    f = 100 * np.sqrt(np.abs(X[:, 1] - X[:, 0] ** 2 / 100)) + np.abs(X[:, 0] + 10) / 100
    return torch.as_tensor(_std(X), dtype=torch.float32), torch.as_tensor((f - f.mean()) / f.std(), dtype=torch.float32)
