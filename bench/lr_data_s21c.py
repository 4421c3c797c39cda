"""The data of section ``lr_quality``'s third group of session 21 (``lr_suite.py``:
fresh-s21c), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto6 before its round's idea is chosen and before any ``lr="auto"`` run on
it, aimed at the regimes of the suite's open misses: seven regressions on raw, unstandardised
inputs (features on scales of 1 to 200) with standardised targets under adaptive rules
(RMSprop, Adam, NAdam, Adagrad), some with a kinked or saturating target whose grid may have
two dips (vineyard yield, ferry delay, mushroom farm humidity, brewery fermentation,
chairlift queue, wool shrinkage, fishery catch), and three momentum or Nesterov classifiers on
raw inputs (honey grade, ore type, avalanche risk); on generators the suite has not used. Row
counts are not multiples of the batch size."""

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
def vineyard_yield_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """510 vineyard blocks, raw: summer rainfall in mm (50-600), growing degree days in tens
    (80-220), vine age in years (3-60) and slope in degrees (0-30); the target tonnes per
    hectare (best at moderate rain, rising then falling with vine age, plus noise)."""
    rng = np.random.default_rng(2131)
    rain, gdd = rng.uniform(50, 600, 510), rng.uniform(80, 220, 510)
    age, slope = rng.uniform(3, 60, 510), rng.uniform(0, 30, 510)
    y = 8 - ((rain - 300) / 150) ** 2 + 0.03 * gdd + 2 * np.exp(-((age - 25) ** 2) / 200) - 0.05 * slope
    return _reg(np.stack([rain / 10, gdd, age, slope], 1), y + rng.normal(0, 0.5, 510))


@functools.cache
def ferry_delay_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """465 crossings, raw: wind speed in km/h (0-90), wave height in dm (0-50), cars boarded
    (20-180) and the departure hour (5-23); the target the delay in minutes, nil in calm weather
    and rising steeply once the wind passes 50 km/h."""
    rng = np.random.default_rng(2132)
    wind, wave = rng.uniform(0, 90, 465), rng.uniform(0, 50, 465)
    cars, hour = rng.uniform(20, 180, 465), rng.uniform(5, 23, 465)
    y = 0.8 * np.maximum(wind - 50, 0) + 0.2 * wave + 0.03 * cars + 3 * (np.abs(hour - 17) < 2)
    return _reg(np.stack([wind, wave, cars, hour], 1), y + rng.normal(0, 2, 465))


@functools.cache
def mushroom_humidity_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """530 readings in a mushroom farm, raw: misting minutes per hour (0-40), fan speed in
    tens of rpm (30-150), outside humidity in % (20-95) and room temperature in deg C (10-25);
    the target the room's relative humidity, linear in the features plus noise."""
    rng = np.random.default_rng(2133)
    mist, fan = rng.uniform(0, 40, 530), rng.uniform(30, 150, 530)
    out, temp = rng.uniform(20, 95, 530), rng.uniform(10, 25, 530)
    y = 1.2 * mist - 0.15 * fan + 0.3 * out - 0.8 * temp
    return _reg(np.stack([mist, fan, out, temp], 1), y + rng.normal(0, 3, 530))


@functools.cache
def brewery_fermentation_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 batches of beer, raw: original gravity in points (30-90), yeast pitch in grams
    (20-200), wort temperature in deg C (10-28) and days fermented (1-21); the target the
    attenuation, a saturating curve in days whose rate peaks near 20 deg C."""
    rng = np.random.default_rng(2134)
    og, pitch = rng.uniform(30, 90, 495), rng.uniform(20, 200, 495)
    temp, days = rng.uniform(10, 28, 495), rng.uniform(1, 21, 495)
    k = 0.05 + 0.25 * np.exp(-((temp - 20) ** 2) / 18) * (pitch / 200) ** 0.5
    y = 80 * (1 - np.exp(-k * days)) - 0.1 * og
    return _reg(np.stack([og, pitch, temp, days], 1), y + rng.normal(0, 2.5, 495))


@functools.cache
def chairlift_queue_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """525 quarter-hours at a chairlift, raw: skiers on the mountain in tens (10-200), the hour
    (8-16), fresh snow in cm (0-60) and wind in km/h (0-70); the target the queue in minutes
    (a morning and a midday peak, scaled by crowd and snow, cut when the wind closes the top)."""
    rng = np.random.default_rng(2135)
    crowd, hour = rng.uniform(10, 200, 525), rng.uniform(8, 16, 525)
    snow, wind = rng.uniform(0, 60, 525), rng.uniform(0, 70, 525)
    peaks = np.exp(-((hour - 9.5) ** 2) / 0.8) + 0.7 * np.exp(-((hour - 13) ** 2) / 1.5)
    y = crowd * 0.08 * (0.4 + peaks) * (1 + snow / 40) / (1 + np.exp((wind - 50) / 4))
    return _reg(np.stack([crowd, hour, snow, wind], 1), y + rng.normal(0, 1.5, 525))


@functools.cache
def wool_shrinkage_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """485 wool swatches, raw: wash temperature in deg C (20-90), spin in tens of rpm (40-140),
    minutes washed (10-120) and fibre diameter in microns (15-35); the target the shrinkage in %,
    near nil below 40 deg C and rising fast above it."""
    rng = np.random.default_rng(2136)
    temp, spin = rng.uniform(20, 90, 485), rng.uniform(40, 140, 485)
    mins, micron = rng.uniform(10, 120, 485), rng.uniform(15, 35, 485)
    y = 0.02 * np.maximum(temp - 40, 0) ** 1.5 * (1 + spin / 100) * np.log1p(mins / 20) - 0.2 * micron
    return _reg(np.stack([temp, spin, mins, micron], 1), y + rng.normal(0, 1, 485))


@functools.cache
def fishery_catch_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 fishing trips, raw: hours at sea (2-40), sea temperature in deg C (4-22), net length
    in tens of m (10-150) and the day of the year in weeks (1-52); the target the catch in
    tonnes (best in cool water, with a spring run)."""
    rng = np.random.default_rng(2137)
    hours, sst = rng.uniform(2, 40, 505), rng.uniform(4, 22, 505)
    net, week = rng.uniform(10, 150, 505), rng.uniform(1, 52, 505)
    y = 0.05 * hours * net / 50 * np.exp(-((sst - 10) ** 2) / 40) * (1 + np.exp(-((week - 15) ** 2) / 20))
    return _reg(np.stack([hours, sst, net, week], 1), y + rng.normal(0, 0.6, 505))


@functools.cache
def honey_grade_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """540 jars of honey, 3 grades, raw: moisture in tenths of % (150-220), colour in mm Pfund
    (10-120), HMF in mg/kg (0-60) and pollen count in thousands (5-150); the grade by a linear
    score with label noise."""
    rng = np.random.default_rng(2138)
    moist, colour = rng.uniform(150, 220, 540), rng.uniform(10, 120, 540)
    hmf, pollen = rng.uniform(0, 60, 540), rng.uniform(5, 150, 540)
    score = -0.05 * (moist - 185) - 0.04 * (hmf - 30) + 0.01 * (pollen - 75) + 0.005 * (colour - 65)
    y = np.digitize(score + rng.normal(0, 0.5, 540), [-0.8, 0.8])
    return _cls(np.stack([moist, colour, hmf, pollen], 1), y)


@functools.cache
def ore_type_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 rock samples, 3 ore types, raw: density in hundredths of g/cm^3 (250-500), magnetic
    susceptibility (0-120), conductivity (0-80) and depth in tens of m (1-150); the type by
    which of three class centres is nearest, with overlap."""
    rng = np.random.default_rng(2139)
    centres = np.array([[280, 20, 10, 40], [420, 90, 20, 90], [350, 40, 65, 70]], float)
    y = rng.integers(0, 3, 515)
    X = centres[y] + rng.normal(0, 1, (515, 4)) * np.array([40, 25, 15, 35])
    return _cls(X.clip(0, None), y)


@functools.cache
def avalanche_risk_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """470 slope-days, 2 classes (slide or not), raw: new snow in cm (0-120), slope angle in
    degrees (15-50), air temperature change over 24 h in tenths of deg C (-100-100) and wind in
    km/h (0-90); slides follow a logistic model with an interaction of snow and angle."""
    rng = np.random.default_rng(2140)
    snow, angle = rng.uniform(0, 120, 470), rng.uniform(15, 50, 470)
    dtemp, wind = rng.uniform(-100, 100, 470), rng.uniform(0, 90, 470)
    logit = 0.002 * snow * (angle - 25) + 0.015 * dtemp + 0.02 * (wind - 45) - 0.5
    y = (rng.random(470) < 1 / (1 + np.exp(-logit))).astype(int)
    return _cls(np.stack([snow, angle, dtemp, wind], 1), y)
