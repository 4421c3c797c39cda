"""The data of section ``lr_quality``'s fourth group of session 21 (``lr_suite.py``:
fresh-s21d), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto7 before its round's idea is chosen and before any ``lr="auto"`` run on
it, aimed at the regimes of the suite's open misses: seven regressions on raw, unstandardised
inputs (features on scales of 1 to 200) with standardised targets under adaptive rules
(RMSprop, Adam, NAdam, Adagrad), some with kinked, peaked or saturating targets (cider pressing
yield, sawmill throughput, canal lock wait, hop yield, salmon growth, snowpack depth, cocoa
fermentation), and three momentum or Nesterov classifiers on raw inputs (sheep breed, copper
grade, windmill fault); on generators the suite has not used. Row counts are not multiples of
the batch size."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _reg(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


def _cls(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y.astype(np.int64))


@functools.cache
def cider_yield_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 pressings of cider apples, raw: apples in tens of kg (10-150), press pressure in bar
    (20-180), minutes pressed (5-60) and apple ripeness in days past picking (0-40); the target the
    juice yield, saturating in minutes and best at moderate ripeness."""
    rng = np.random.default_rng(2141)
    kg, bar = rng.uniform(10, 150, 505), rng.uniform(20, 180, 505)
    mins, ripe = rng.uniform(5, 60, 505), rng.uniform(0, 40, 505)
    y = kg * 0.6 * (1 - np.exp(-mins / 15)) * (0.6 + 0.4 * np.tanh(bar / 60)) * np.exp(-((ripe - 15) ** 2) / 300)
    return _reg(np.stack([kg, bar, mins, ripe], 1), y + rng.normal(0, 3, 505))


@functools.cache
def sawmill_throughput_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """475 shifts at a sawmill, raw: log diameter in cm (15-90), blade speed in tens of rpm
    (60-200), moisture in % (10-70) and crew size (2-12); the target boards per hour, rising with
    blade speed until the blade binds in wet wood."""
    rng = np.random.default_rng(2142)
    diam, speed = rng.uniform(15, 90, 475), rng.uniform(60, 200, 475)
    moist, crew = rng.uniform(10, 70, 475), rng.uniform(2, 12, 475)
    y = 0.5 * speed - 0.01 * np.maximum(speed - 200 + 2 * moist, 0) ** 2 + 0.2 * diam + 3 * np.sqrt(crew)
    return _reg(np.stack([diam, speed, moist, crew], 1), y + rng.normal(0, 4, 475))


@functools.cache
def canal_lock_wait_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 boats at a canal lock, raw: boats queued (0-30), lock length in m (20-120), the hour
    (6-22) and water level difference in dm (5-80); the target the wait in minutes, linear in the
    features plus noise."""
    rng = np.random.default_rng(2143)
    queue, length = rng.uniform(0, 30, 515), rng.uniform(20, 120, 515)
    hour, head = rng.uniform(6, 22, 515), rng.uniform(5, 80, 515)
    y = 2.5 * queue - 0.1 * length + 0.4 * hour + 0.3 * head
    return _reg(np.stack([queue, length, hour, head], 1), y + rng.normal(0, 4, 515))


@functools.cache
def hop_yield_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 hop gardens, raw: trellis height in dm (30-80), nitrogen in kg/ha (20-200), summer
    rain in cm (5-60) and plant age in years (1-25); the target the cone yield, best at moderate
    nitrogen and rising with rain up to a plateau."""
    rng = np.random.default_rng(2144)
    height, nitro = rng.uniform(30, 80, 490), rng.uniform(20, 200, 490)
    rain, age = rng.uniform(5, 60, 490), rng.uniform(1, 25, 490)
    y = 0.05 * height - ((nitro - 120) / 60) ** 2 + 2 * np.tanh(rain / 20) + 0.8 * np.exp(-((age - 8) ** 2) / 30)
    return _reg(np.stack([height, nitro, rain, age], 1), y + rng.normal(0, 0.4, 490))


@functools.cache
def salmon_growth_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """520 fish-farm pens, raw: water temperature in tenths of deg C (40-180), feed in kg per day
    (5-120), stocking density in fish per 10 m^3 (10-150) and days since stocking (10-200); the
    target the growth, peaked in temperature and saturating in feed."""
    rng = np.random.default_rng(2145)
    temp, feed = rng.uniform(40, 180, 520), rng.uniform(5, 120, 520)
    dens, days = rng.uniform(10, 150, 520), rng.uniform(10, 200, 520)
    y = 10 * np.exp(-((temp - 120) ** 2) / 1800) * feed / (feed + 30) - 0.02 * dens + 0.01 * days
    return _reg(np.stack([temp, feed, dens, days], 1), y + rng.normal(0, 0.5, 520))


@functools.cache
def snowpack_depth_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 stations in spring, raw: altitude in tens of m (80-200), winter snowfall
    in cm (5-200), days above freezing (0-60) and aspect in degrees from north
    (0-180); the target the snow depth, nil below the snow line and melting faster on south
    aspects."""
    rng = np.random.default_rng(2146)
    alt, fall = rng.uniform(80, 200, 500), rng.uniform(5, 200, 500)
    warm, aspect = rng.uniform(0, 60, 500), rng.uniform(0, 180, 500)
    y = np.maximum(0.5 * fall * np.tanh((alt - 110) / 30) - warm * (0.5 + aspect / 180), 0)
    return _reg(np.stack([alt, fall, warm, aspect], 1), y + rng.normal(0, 3, 500))


@functools.cache
def cocoa_fermentation_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 boxes of cocoa beans, raw: heap mass in tens of kg (5-100), days fermented (1-8 in
    tenths: 10-80), turns per day in tenths (0-30) and pulp sugar in g/l (40-160); the target the
    cut-test score, rising to a peak near six days."""
    rng = np.random.default_rng(2147)
    mass, days = rng.uniform(5, 100, 495), rng.uniform(10, 80, 495)
    turns, sugar = rng.uniform(0, 30, 495), rng.uniform(40, 160, 495)
    y = 5 * np.exp(-((days - 60) ** 2) / 400) * (1 + turns / 30) + 0.01 * sugar + 0.01 * mass
    return _reg(np.stack([mass, days, turns, sugar], 1), y + rng.normal(0, 0.5, 495))


@functools.cache
def sheep_breed_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """530 sheep, 3 breeds, raw: body mass in kg (40-120), fleece weight in hundreds of g (10-80),
    fibre diameter in tenths of microns (150-400) and height in cm (55-90); the breed by which of
    three class centres is nearest, with overlap."""
    rng = np.random.default_rng(2148)
    centres = np.array([[60, 50, 190, 65], [95, 35, 300, 80], [75, 25, 350, 70]], float)
    y = rng.integers(0, 3, 530)
    X = centres[y] + rng.normal(0, 1, (530, 4)) * np.array([12, 10, 45, 6])
    return _cls(X.clip(1, None), y)


@functools.cache
def copper_grade_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """510 drill cores, 3 copper grades, raw: sulphide content in tenths of % (0-100), core depth in
    tens of m (5-120), chargeability (10-160) and resistivity in tens of ohm-m (5-200); the grade
    by a linear score with label noise."""
    rng = np.random.default_rng(2149)
    sulph, depth = rng.uniform(0, 100, 510), rng.uniform(5, 120, 510)
    charge, resist = rng.uniform(10, 160, 510), rng.uniform(5, 200, 510)
    score = 0.03 * (sulph - 50) + 0.015 * (charge - 85) - 0.008 * (resist - 100) + 0.004 * (depth - 60)
    y = np.digitize(score + rng.normal(0, 0.4, 510), [-0.6, 0.6])
    return _cls(np.stack([sulph, depth, charge, resist], 1), y)


@functools.cache
def windmill_fault_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """480 windmill-days, 2 classes (fault or not), raw: gust speed in km/h (0-110), gearbox
    temperature in deg C (10-95), hours since service in tens (0-200) and vibration in mm/s
    (0-40); faults follow a logistic model with an interaction of gusts and vibration."""
    rng = np.random.default_rng(2150)
    gust, gear = rng.uniform(0, 110, 480), rng.uniform(10, 95, 480)
    since, vib = rng.uniform(0, 200, 480), rng.uniform(0, 40, 480)
    logit = 0.002 * gust * (vib - 15) + 0.03 * (gear - 55) + 0.006 * (since - 100) - 0.4
    y = (rng.random(480) < 1 / (1 + np.exp(-logit))).astype(int)
    return _cls(np.stack([gust, gear, since, vib], 1), y)
