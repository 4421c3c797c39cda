"""The data of section ``lr_quality``'s fresh group of session 17 (``lr_suite.py``: fresh-s17),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before any run on it and before session 17's rule was designed: four plain-gradient
rules (Nesterov, momentum, full-batch GD, SGD) and one adaptive rule (RMSprop), on raw and
standardised features; generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def weather_readings_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 days: temperature in kelvin (270-310), pressure in hPa (985-1035) and relative
    humidity in % (20-100), raw; the class whether it rained (logistic in low pressure and high
    humidity); unstandardised."""
    rng = np.random.default_rng(1701)
    T, p, h = rng.uniform(270, 310, 600), rng.normal(1010, 10, 600), rng.uniform(20, 100, 600)
    score = -0.15 * (p - 1010) + 0.06 * (h - 60) - 0.03 * (T - 290) + rng.logistic(0, 0.7, 600)
    X = np.stack([T, p, h], 1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((score > 0).astype(np.int64))


@functools.cache
def styblinski_tang_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points uniform on [-4, 4]^2, the 2-D Styblinski-Tang function plus noise of sd 2;
    features and target standardised."""
    rng = np.random.default_rng(1702)
    X = rng.uniform(-4, 4, (700, 2))
    y = 0.5 * (X**4 - 16 * X**2 + 5 * X).sum(1) + rng.normal(0, 2.0, 700)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def nested_squares() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [-2, 2]^2, the class which of 3 nested square bands (by the largest
    absolute coordinate: below 0.8, 0.8-1.4, above 1.4) holds them; standardised."""
    rng = np.random.default_rng(1703)
    X = rng.uniform(-2, 2, (600, 2))
    m = np.abs(X).max(1)
    label = (m > 0.8).astype(np.int64) + (m > 1.4).astype(np.int64)
    return standardised(X), torch.as_tensor(label)


@functools.cache
def hexagon_blobs() -> tuple[torch.Tensor, torch.Tensor]:
    """720 points in 6 Gaussian blobs (sd 0.45) at the corners of a unit hexagon, one class each;
    standardised."""
    rng = np.random.default_rng(1704)
    label = rng.integers(0, 6, 720)
    angle = label * np.pi / 3
    X = np.stack([np.cos(angle), np.sin(angle)], 1) + rng.normal(0, 0.45, (720, 2))
    return standardised(X), torch.as_tensor(label)


@functools.cache
def store_sales_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 store-days: price in cents (150-450), advertising spend in dollars (0-2000), the
    day of the week as 7 one-hot columns and the previous day's sales in units (40-400), raw;
    the target the day's sales, standardised."""
    rng = np.random.default_rng(1705)
    price, ads = rng.uniform(150, 450, 600), rng.uniform(0, 2000, 600)
    day = rng.integers(0, 7, 600)
    lag = rng.uniform(40, 400, 600)
    y = 300 - 0.5 * price + 0.05 * ads + 30 * (day >= 5) + 0.4 * lag + rng.normal(0, 20, 600)
    X = np.concatenate([price[:, None], ads[:, None], np.eye(7)[day], lag[:, None]], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]
