"""The data of section ``lr_quality``'s third fresh group of session 20 (``lr_suite.py``:
fresh-s20c), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto2 before its round is designed and before any run on it: ten tasks, six
on raw, unstandardised inputs with adaptive rules (RMSprop, Adam, NAdam, AdamW, Adagrad, RAdam:
a kiln's temperature, a river's discharge, card fraud, an engine's exhaust temperature, coffee
beans' origin, seismic events), four on standardised inputs (the Levy surface with RMSprop,
sin-cos bands with Adam, U, H and Z letters in 8x8 images with momentum, the Zakharov surface
with Nesterov), on generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def kiln_temperature_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 kiln readings, raw: gas flow in m^3/h (5-60), door openings per hour (0-6), ambient
    temperature in deg C (-5-35) and minutes since firing began (0-600); the target the kiln's
    temperature (saturating in time towards a level set by the gas flow, less per door opening,
    plus noise), standardised."""
    rng = np.random.default_rng(2031)
    gas, doors, ambient, minutes = (
        rng.uniform(5, 60, 500),
        rng.poisson(2, 500).clip(0, 6).astype(float),
        rng.uniform(-5, 35, 500),
        rng.uniform(0, 600, 500),
    )
    level = ambient + 20 * gas - 40 * doors
    temp = ambient + (level - ambient) * (1 - np.exp(-minutes / 150)) + rng.normal(0, 15, 500)
    X = np.stack([gas, doors, ambient, minutes], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(temp[:, None])[:, 0]


@functools.cache
def river_discharge_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """450 daily readings of a river, raw: rain in the last day in mm (0-80, mostly small), the
    upstream gauge in m (0.5-4), days since the last heavy rain (0-30) and a snowmelt index (0-1);
    the target the discharge (linear in the readings plus noise), standardised."""
    rng = np.random.default_rng(2032)
    rain, gauge, dry, melt = (
        rng.exponential(8, 450).clip(0, 80),
        rng.uniform(0.5, 4, 450),
        rng.integers(0, 31, 450).astype(float),
        rng.uniform(0, 1, 450),
    )
    flow = 2.5 * rain + 40 * gauge - 1.2 * dry + 30 * melt + rng.normal(0, 10, 450)
    X = np.stack([rain, gauge, dry, melt], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(flow[:, None])[:, 0]


@functools.cache
def card_fraud_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 card transactions, raw: amount in $ (log-normal, 1-3000), hour of day (0-23), distance
    from home in km (0-500) and account age in days (1-4000), centred by nothing; fraud (1) drawn
    from a logistic model of the standardised log amount, night hours, distance and a young
    account (about a third are fraud)."""
    rng = np.random.default_rng(2033)
    amount = np.exp(rng.normal(3.5, 1.2, 600)).clip(1, 3000)
    hour = rng.integers(0, 24, 600).astype(float)
    km = rng.exponential(40, 600).clip(0, 500)
    age = rng.uniform(1, 4000, 600)
    night = ((hour < 6) | (hour > 22)).astype(float)
    feats = np.stack([np.log(amount), night, np.log1p(km), -np.log(age)], 1)
    z = (feats - feats.mean(0)) / feats.std(0) @ np.array([1.0, 0.8, 1.2, 0.7]) - 0.8
    label = (rng.uniform(0, 1, 600) < 1 / (1 + np.exp(-z))).astype(np.float32)
    X = np.stack([amount, hour, km, age], 1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def engine_exhaust_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 engine test-bench points, raw: speed in rpm (800-6000), torque in N m (20-400), intake
    air in deg C (-10-50) and boost in bar (0-1.5); the target the exhaust gas temperature (rising
    with power, speed x torque, and with intake temperature and boost, plus noise),
    standardised."""
    rng = np.random.default_rng(2034)
    rpm, torque, intake, boost = (
        rng.uniform(800, 6000, 500),
        rng.uniform(20, 400, 500),
        rng.uniform(-10, 50, 500),
        rng.uniform(0, 1.5, 500),
    )
    power_kw = rpm * torque * 2 * np.pi / 60 / 1000
    egt = 300 + 180 * np.sqrt(power_kw) + 1.5 * intake + 60 * boost + rng.normal(0, 20, 500)
    X = np.stack([rpm, torque, intake, boost], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(egt[:, None])[:, 0]


@functools.cache
def coffee_beans_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """540 coffee bean lots, raw: farm altitude in m (600-2200), moisture in percent (8-14), bean
    size in mm (5-8) and bulk density in g/L (600-800); three origins (180 each) with their
    own Gaussian means and spreads, overlapping."""
    rng = np.random.default_rng(2035)
    means = np.array([[1000, 11.5, 6.2, 680], [1500, 10.5, 6.8, 720], [1900, 9.8, 7.1, 760]])
    sds = np.array([180, 0.9, 0.35, 25])
    y = np.repeat(np.arange(3), 180)
    X = means[y] + rng.normal(size=(540, 4)) * sds
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def seismic_events_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 seismic events, raw: magnitude (1-6), depth in km (0-40), distance to the station in km
    (5-800) and dominant frequency in Hz (1-20); earthquake (0) or quarry blast (1): blasts are
    shallow, small and of higher frequency, with 5% of labels flipped."""
    rng = np.random.default_rng(2036)
    blast = rng.uniform(0, 1, 600) < 0.4
    mag = np.where(blast, rng.uniform(1, 3, 600), rng.uniform(1, 6, 600))
    depth = np.where(blast, rng.exponential(1.0, 600), rng.uniform(0, 40, 600)).clip(0, 40)
    dist = rng.uniform(5, 800, 600)
    freq = np.where(blast, rng.normal(12, 3, 600), rng.normal(6, 3, 600)).clip(1, 20)
    label = np.where(rng.uniform(0, 1, 600) < 0.05, ~blast, blast).astype(np.int64)
    X = np.stack([mag, depth, dist, freq], 1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def levy_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-5, 5]^2, the Levy function plus noise of sd 0.1; features and
    target standardised."""
    rng = np.random.default_rng(2037)
    X = rng.uniform(-5, 5, (500, 2))
    w = 1 + (X - 1) / 4
    y = (
        np.sin(np.pi * w[:, 0]) ** 2
        + (w[:, 0] - 1) ** 2 * (1 + 10 * np.sin(np.pi * w[:, 0] + 1) ** 2)
        + (w[:, 1] - 1) ** 2 * (1 + np.sin(2 * np.pi * w[:, 1]) ** 2)
        + rng.normal(0, 0.1, 500)
    )
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def sin_cos_bands() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [-3, 3]^2, four classes by the band of sin(x) + cos(1.3 y) they fall
    in (cuts at -0.8, 0 and 0.8); standardised."""
    rng = np.random.default_rng(2038)
    X = rng.uniform(-3, 3, (600, 2))
    v = np.sin(X[:, 0]) + np.cos(1.3 * X[:, 1])
    return standardised(X), torch.as_tensor(np.digitize(v, [-0.8, 0.0, 0.8]).astype(np.int64))


@functools.cache
def u_h_z_letters() -> tuple[torch.Tensor, torch.Tensor]:
    """600 noisy 8x8 images, flattened: a 3x3 U, H or Z at a random place (3 classes), plus
    Gaussian noise of sd 0.5."""
    rng = np.random.default_rng(2039)
    stamps = [
        np.array([[1, 0, 1], [1, 0, 1], [1, 1, 1]]),
        np.array([[1, 0, 1], [1, 1, 1], [1, 0, 1]]),
        np.array([[1, 1, 1], [0, 1, 0], [1, 1, 1]]),
    ]
    y = np.arange(600) % 3
    images = rng.normal(0, 0.5, (600, 8, 8))
    for i, (r, c) in enumerate(rng.integers(0, 6, (600, 2))):
        images[i, r : r + 3, c : c + 3] += stamps[y[i]]
    return torch.as_tensor(images.reshape(600, 64), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def zakharov_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-2, 2]^3, the Zakharov function plus noise of sd 0.5; features and
    target standardised."""
    rng = np.random.default_rng(2040)
    X = rng.uniform(-2, 2, (500, 3))
    s = X @ (0.5 * np.arange(1, 4))
    y = (X**2).sum(1) + s**2 + s**4 + rng.normal(0, 0.5, 500)
    return standardised(X), standardised(y[:, None])[:, 0]
