"""The data of section ``lr_quality``'s fresh group of session 20 (``lr_suite.py``: fresh-s20),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before session 20's lr=auto round is designed and before any run on it: ten tasks, six of
them classifiers trained with heavy-ball momentum or Nesterov (where a large rate may settle late),
four on raw, unstandardised inputs, one with Muon (new to the suite), on generators the suite has
not used (a yin-yang, eight blobs on a ring, raw fish measurements, raw blood tests, a raw wind
turbine's power curve, raw truck fuel, four interleaved crescents, line orientations in 8x8
images, alternating annulus sectors, the Ackley surface)."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def yin_yang() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points in the unit disc, three classes: the yin, the yang and the two small dots
    (radius 0.15 at (0, +-0.5)) of the yin-yang symbol; standardised."""
    rng = np.random.default_rng(2001)
    r = np.sqrt(rng.uniform(0, 1, 1800))
    a = rng.uniform(0, 2 * np.pi, 1800)
    x, y = r * np.cos(a), r * np.sin(a)
    dot = (np.hypot(x, y - 0.5) < 0.15) | (np.hypot(x, y + 0.5) < 0.15)
    upper = np.hypot(x, y - 0.5) < 0.5
    lower = np.hypot(x, y + 0.5) < 0.5
    yin = (upper | ((x < 0) & ~lower)).astype(np.int64)
    label = np.where(dot, 2, yin)
    # Keep every dot point (about 4.5% of the disc) and fill to 600 with the rest.
    keep = np.concatenate([np.flatnonzero(dot), np.flatnonzero(~dot)])[:600]
    X = np.stack([x[keep], y[keep]], 1)
    return standardised(X), torch.as_tensor(label[keep])


@functools.cache
def ring_of_blobs() -> tuple[torch.Tensor, torch.Tensor]:
    """480 points, eight classes: Gaussian blobs of sd 0.35 centred on a circle of radius 2 at
    angles k pi / 4; standardised."""
    rng = np.random.default_rng(2002)
    label = rng.integers(0, 8, 480)
    centre = 2 * np.stack([np.cos(label * np.pi / 4), np.sin(label * np.pi / 4)], 1)
    return standardised(centre + rng.normal(0, 0.35, (480, 2))), torch.as_tensor(label)


@functools.cache
def fish_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """450 fish of three species, raw: length in cm (10-60), weight in kg (0.05-3), the ratio of
    height to length (0.15-0.45) and age in years (1-12); species overlap."""
    rng = np.random.default_rng(2003)
    label = rng.integers(0, 3, 450)
    length = np.clip(np.array([22.0, 35.0, 45.0])[label] + rng.normal(0, 7, 450), 10, 60)
    ratio = np.clip(np.array([0.35, 0.25, 0.2])[label] + rng.normal(0, 0.04, 450), 0.15, 0.45)
    weight = np.clip(1e-5 * length**3 * (ratio / 0.25) ** 1.5 * np.exp(rng.normal(0, 0.15, 450)) * 1.8, 0.05, 3)
    age = np.clip(length / 5 + rng.normal(0, 1.5, 450), 1, 12)
    X = np.stack([length, weight, ratio, age], 1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def blood_tests_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 patients, raw: fasting glucose in mmol/L (3.5-12), BMI (18-42), age in years (20-80)
    and systolic pressure in mmHg (95-185); the label (1 = condition) drawn from a logistic
    model of the standardised readings."""
    rng = np.random.default_rng(2004)
    glucose = np.clip(rng.lognormal(np.log(5.8), 0.25, 500), 3.5, 12)
    bmi = np.clip(rng.normal(27, 5, 500), 18, 42)
    age = rng.uniform(20, 80, 500)
    systolic = np.clip(100 + 0.6 * age + rng.normal(0, 12, 500), 95, 185)
    X = np.stack([glucose, bmi, age, systolic], 1)
    z = (X - X.mean(0)) / X.std(0) @ np.array([1.8, 0.8, 0.5, 0.3]) - 0.4
    label = (rng.uniform(0, 1, 500) < 1 / (1 + np.exp(-z))).astype(np.float32)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def wind_turbine_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 ten-minute readings of a wind turbine, raw: wind speed in m/s (0-25), air density in
    kg/m^3 (1.1-1.3), air temperature in K (260-310) and yaw misalignment in degrees (-30-30);
    the target the power (zero below 3 m/s, cubic to the rated 12 m/s, flat to the cut-out at
    25, scaled by density and cos^2 of the yaw, plus noise), standardised."""
    rng = np.random.default_rng(2005)
    wind = rng.uniform(0, 25, 500)
    density = rng.uniform(1.1, 1.3, 500)
    kelvin = rng.uniform(260, 310, 500)
    yaw = rng.uniform(-30, 30, 500)
    curve = np.clip((wind - 3) / 9, 0, 1) ** 3
    power = curve * density / 1.2 * np.cos(np.radians(yaw)) ** 2 + rng.normal(0, 0.03, 500)
    X = np.stack([wind, density, kelvin, yaw], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(power[:, None])[:, 0]


@functools.cache
def truck_fuel_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 truck journeys, raw: distance in km (5-400), load in tonnes (0-20), number of stops
    (0-15) and mean speed in km/h (30-90); the target the fuel used (litres, linear in distance
    times load and in stops, plus noise), standardised."""
    rng = np.random.default_rng(2006)
    km, load, stops, speed = (
        rng.uniform(5, 400, 400),
        rng.uniform(0, 20, 400),
        rng.integers(0, 16, 400),
        rng.uniform(30, 90, 400),
    )
    fuel = km * (0.25 + 0.012 * load) + 3 * stops + 0.05 * km * (speed / 60) ** 2 + rng.normal(0, 8, 400)
    X = np.stack([km, load, stops.astype(float), speed], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(fuel[:, None])[:, 0]


@functools.cache
def four_crescents() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points on four interleaved half-circle crescents (radius 1, centres shifted by 1 along
    x, alternately opening up and down), one class each, noise of sd 0.12; standardised."""
    rng = np.random.default_rng(2007)
    label = rng.integers(0, 4, 600)
    t = rng.uniform(0, np.pi, 600)
    sign = np.where(label % 2 == 0, 1.0, -1.0)
    X = np.stack([np.cos(t) + label * 1.0, sign * np.sin(t) - 0.5 * sign], 1) + rng.normal(0, 0.12, (600, 2))
    return standardised(X), torch.as_tensor(label)


@functools.cache
def line_orientations() -> tuple[torch.Tensor, torch.Tensor]:
    """600 noisy 8x8 images, flattened: a line of length 4 at a random place, horizontal,
    vertical, diagonal or anti-diagonal (4 classes), plus Gaussian noise of sd 0.5."""
    rng = np.random.default_rng(2008)
    y = np.arange(600) % 4
    images = rng.normal(0, 0.5, (600, 8, 8))
    for i, (r, c) in enumerate(rng.integers(0, 5, (600, 2))):
        for k in range(4):
            rr, cc = [(r, c + k), (r + k, c), (r + k, c + k), (r + k, c + 3 - k)][y[i]]
            images[i, rr, cc] += 1.0
    return torch.as_tensor(images.reshape(600, 64), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def annulus_sectors() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points in the annulus 1 < r < 2, two classes alternating over its six 60-degree
    sectors, with 3% of labels flipped; standardised."""
    rng = np.random.default_rng(2009)
    r = np.sqrt(rng.uniform(1, 4, 600))
    a = rng.uniform(0, 2 * np.pi, 600)
    label = np.floor(a / (np.pi / 3)).astype(np.int64) % 2
    label = np.where(rng.uniform(0, 1, 600) < 0.03, 1 - label, label)
    return standardised(np.stack([r * np.cos(a), r * np.sin(a)], 1)), torch.as_tensor(label)


@functools.cache
def ackley_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-2, 2]^2, the Ackley function plus noise of sd 0.05; features and
    target standardised."""
    rng = np.random.default_rng(2010)
    X = rng.uniform(-2, 2, (500, 2))
    a, b = X[:, 0], X[:, 1]
    f = -20 * np.exp(-0.2 * np.sqrt(0.5 * (a**2 + b**2))) - np.exp(
        0.5 * (np.cos(2 * np.pi * a) + np.cos(2 * np.pi * b))
    )
    y = f + 20 + np.e + rng.normal(0, 0.05, 500)
    return standardised(X), standardised(y[:, None])[:, 0]
