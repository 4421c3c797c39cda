"""The data of section ``lr_quality``'s fifth fresh group of session 20 (``lr_suite.py``:
fresh-s20e), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto4 before its round is frozen and before any run on it: nine
cross-entropy MLPs in the regime where pilots can oscillate wildly at large rates. Six take raw
inputs on moderate scales (about 1-100, not centred) under AdamW, RAdam and Adam: hospital
triage, beehive health, traffic speeds, fruit grades, bird song features and cargo delays;
three are tanh MLPs under momentum or Nesterov on uncentred coordinates (a sunflower spiral, a
product of sines, bands about a cubic curve), prone to plateaus. In every task the row count is
not a multiple of the batch size, and each epoch ends with a last batch of at most half a batch;
on generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch


def _raw(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y.astype(np.int64))


@functools.cache
def hospital_triage_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """530 patients, raw: heart rate (50-150), temperature in C (35-41), age (1-90) and breathing
    rate (10-40); three triage levels from a noisy severity score."""
    rng = np.random.default_rng(2051)
    hr, temp = rng.uniform(50, 150, 530), rng.uniform(35, 41, 530)
    age, br = rng.uniform(1, 90, 530), rng.uniform(10, 40, 530)
    score = (hr - 90) / 25 + (temp - 37.5) / 1.2 + (age - 50) / 40 + (br - 20) / 6 + rng.normal(0, 0.6, 530)
    return _raw(np.stack([hr, temp, age, br], 1), np.digitize(score, [-0.5, 1.5]))


@functools.cache
def beehive_health_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """455 hives, raw: brood temperature in C (25-38), humidity in % (40-80), weight in kg (10-60)
    and hum frequency in tens of Hz (15-45); healthy (1) when the brood is near 35 C and the hive
    heavy, with 5% of labels flipped."""
    rng = np.random.default_rng(2052)
    temp, hum = rng.uniform(25, 38, 455), rng.uniform(40, 80, 455)
    weight, freq = rng.uniform(10, 60, 455), rng.uniform(15, 45, 455)
    healthy = (np.abs(temp - 35) < 2.5) & (weight + 0.3 * (freq - 30) > 28)
    label = np.where(rng.uniform(0, 1, 455) < 0.05, ~healthy, healthy)
    return _raw(np.stack([temp, hum, weight, freq], 1), label)


@functools.cache
def traffic_speeds_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 road segments, raw: mean speed in km/h (20-120), speed spread in km/h (2-30), lanes
    (1-4) and hourly vehicles in hundreds (1-60); three road kinds (street, arterial, motorway)."""
    rng = np.random.default_rng(2053)
    kind = rng.integers(0, 3, 490)
    speed = rng.normal(np.array([35, 60, 100])[kind], 10).clip(20, 120)
    spread = rng.normal(np.array([12, 8, 15])[kind], 4).clip(2, 30)
    lanes = (np.array([1, 2, 3])[kind] + rng.integers(0, 2, 490)).clip(1, 4)
    volume = rng.normal(np.array([5, 20, 40])[kind], 8).clip(1, 60)
    return _raw(np.stack([speed, spread, lanes, volume], 1), kind)


@functools.cache
def fruit_grades_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 apples, raw: diameter in mm (50-90), sugar in Brix (8-18), firmness in N (40-90) and
    blemished area in % (0-20); four grades from a noisy quality score."""
    rng = np.random.default_rng(2054)
    d, brix = rng.uniform(50, 90, 515), rng.uniform(8, 18, 515)
    firm, blem = rng.uniform(40, 90, 515), rng.exponential(4, 515).clip(0, 20)
    score = (d - 70) / 10 + (brix - 13) / 2.5 + (firm - 65) / 15 - blem / 4 + rng.normal(0, 0.5, 515)
    return _raw(np.stack([d, brix, firm, blem], 1), np.digitize(score, [-2, 0, 2]))


@functools.cache
def bird_song_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """550 recorded songs of five species (110 each), raw: peak pitch in hundreds of Hz (10-90),
    song length in tenths of a second (5-60), syllables per second (2-30) and pitch range in
    hundreds of Hz (1-40), each species a Gaussian cloud on these scales."""
    rng = np.random.default_rng(2055)
    centres = np.array([[25, 15, 8, 5], [40, 30, 20, 12], [60, 20, 12, 25], [75, 45, 6, 10], [50, 40, 25, 30]])
    spreads = np.array([8, 8, 4, 5])
    y = np.repeat(np.arange(5), 110)
    X = (centres[y] + rng.normal(size=(550, 4)) * spreads).clip([10, 5, 2, 1], [90, 60, 30, 40])
    return _raw(X, y)


@functools.cache
def cargo_delays_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 shipments, raw: distance in hundreds of km (1-80), weight in tonnes (1-40), handling
    stops (1-8) and the month (1-12); delayed (1) when long, heavy winter shipments with many
    stops, through a logistic link."""
    rng = np.random.default_rng(2056)
    dist, w = rng.uniform(1, 80, 505), rng.uniform(1, 40, 505)
    stops, month = rng.integers(1, 9, 505).astype(float), rng.integers(1, 13, 505).astype(float)
    z = (dist - 40) / 15 + (w - 20) / 10 + (stops - 4.5) / 1.5 + 1.5 * np.cos(2 * np.pi * month / 12)
    label = rng.uniform(0, 1, 505) < 1 / (1 + np.exp(-2 * z))
    return _raw(np.stack([dist, w, stops, month], 1), label)


@functools.cache
def sunflower_spiral() -> tuple[torch.Tensor, torch.Tensor]:
    """426 points of a sunflower (Vogel's spiral: the k-th at radius 5 sqrt(k / 426) and angle
    k times the golden angle) about (5, 5), jittered by 0.05; two classes alternating by the
    Fibonacci parastichy k mod 8 < 4; inputs not centred."""
    rng = np.random.default_rng(2057)
    k = np.arange(426)
    r, a = 5 * np.sqrt((k + 0.5) / 426), k * np.pi * (3 - np.sqrt(5))
    X = np.stack([5 + r * np.cos(a), 5 + r * np.sin(a)], 1) + rng.normal(0, 0.05, (426, 2))
    return _raw(X, (k % 8 < 4).astype(np.int64))


@functools.cache
def product_of_sines() -> tuple[torch.Tensor, torch.Tensor]:
    """515 points uniform on [5, 45]x[5, 45]: the sign of sin(x / 5) sin(y / 7) plus noise of
    sd 0.1; inputs not centred."""
    rng = np.random.default_rng(2058)
    X = rng.uniform(5, 45, (515, 2))
    s = np.sin(X[:, 0] / 5) * np.sin(X[:, 1] / 7) + rng.normal(0, 0.1, 515)
    return _raw(X, (s > 0).astype(np.int64))


@functools.cache
def cubic_curve_bands() -> tuple[torch.Tensor, torch.Tensor]:
    """468 points uniform on [0, 10]x[0, 30]: three classes by the band of width 4 about the
    cubic y = 0.02 (x - 5)^3 + 15 the point falls in (below, within, above), with noise of sd 0.5
    before the cut; inputs not centred."""
    rng = np.random.default_rng(2059)
    X = np.stack([rng.uniform(0, 10, 468), rng.uniform(0, 30, 468)], 1)
    gap = X[:, 1] - (0.02 * (X[:, 0] - 5) ** 3 + 15) + rng.normal(0, 0.5, 468)
    return _raw(X, np.digitize(gap, [-2, 2]))
