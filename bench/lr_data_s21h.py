"""The data of section ``lr_quality``'s third group of session 22 (``lr_suite.py``:
fresh-s21h), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto12 before its round's idea is chosen and before any ``lr="auto"`` run on
it, aimed at the regime of the probe branch's step above the probe and at that step's side-effect
families: two regressions on raw, unstandardised inputs (features on scales of 1 to 300) with
standardised targets under NAdam (quarry blast fragmentation, hop bitterness), one under RMSprop
(firn melt), and three softmax classifiers on raw inputs under momentum and Adagrad (lumber
grade, honey origin, wool grade); on generators the suite has not used. Row counts are not
multiples of the batch size."""

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
def blast_fragmentation_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """485 quarry blasts, raw: burden in cm (150-400), explosive in kg per hole (20-200), stemming
    in cm (100-300) and rock strength in MPa (40-250); the target the mean fragment size, a power
    law in the powder factor with a knee in strength."""
    rng = np.random.default_rng(2221)
    burden, charge = rng.uniform(150, 400, 485), rng.uniform(20, 200, 485)
    stem, ucs = rng.uniform(100, 300, 485), rng.uniform(40, 250, 485)
    pf = charge / (burden / 100) ** 2
    y = 60 * pf**-0.8 * (1 + np.tanh((ucs - 150) / 40)) + 0.02 * stem
    return _reg(np.stack([burden, charge, stem, ucs], 1), y + rng.normal(0, 0.5, 485))


@functools.cache
def hop_bitterness_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """510 brews, raw: boil minutes (5-120), alpha acid in tenths of % (30-180), hop grams per
    10 l (5-150) and wort gravity in thousandths above 1 (30-90); the target the bitterness units,
    saturating in boil time and falling with gravity."""
    rng = np.random.default_rng(2222)
    mins, alpha = rng.uniform(5, 120, 510), rng.uniform(30, 180, 510)
    grams, grav = rng.uniform(5, 150, 510), rng.uniform(30, 90, 510)
    util = 1.65 * 0.000125 ** (grav / 1000) * (1 - np.exp(-0.04 * mins)) / 4.15
    y = util * alpha / 10 * grams * 10 / 10
    return _reg(np.stack([mins, alpha, grams, grav], 1), y + rng.normal(0, 1.5, 510))


@functools.cache
def firn_melt_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """495 firn-field days, raw: air temperature in tenths of deg C above -5 (0-200), sunshine minutes
    (0-700), albedo in % (20-90) and elevation in tens of m (150-350); the target the melt, a
    degree-day term plus a radiation term, zero below freezing."""
    rng = np.random.default_rng(2223)
    temp, sun = rng.uniform(0, 200, 495), rng.uniform(0, 700, 495)
    alb, elev = rng.uniform(20, 90, 495), rng.uniform(150, 350, 495)
    t = temp / 10 - 5 - (elev - 250) / 15
    y = 4 * np.maximum(t, 0) + 0.01 * sun * (1 - alb / 100) * (t > -2)
    return _reg(np.stack([temp, sun, alb, elev], 1), y + rng.normal(0, 1, 495))


def _centres(seed: int, n: int, centres: np.ndarray, scale: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, len(centres), n)
    X = centres[y] + rng.normal(0, 1, (n, centres.shape[1])) * scale
    return _cls(X.clip(1, None), y)


@functools.cache
def lumber_grade_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 boards, 3 grades, raw: knots per metre in tenths (1-80), density in kg/m3 (380-650),
    moisture in tenths of % (80-250) and ring count per 10 cm (5-60); the grade by nearest centre,
    with overlap."""
    c = np.array([[10, 560, 110, 40], [35, 500, 160, 25], [60, 440, 210, 12]], float)
    return _centres(2224, 505, c, np.array([12, 45, 35, 10]))


@functools.cache
def honey_origin_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 honeys, 4 origins, raw: pollen count per g in tens (20-300), conductivity in hundredths
    of mS/cm (10-150), colour in mm Pfund (10-140) and proline in mg/kg (200-900); the origin by
    nearest centre, with overlap."""
    c = np.array([[60, 30, 30, 350], [150, 60, 70, 500], [240, 110, 110, 650], [110, 90, 40, 800]], float)
    return _centres(2225, 490, c, np.array([40, 20, 20, 90]))


@functools.cache
def wool_grade_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 fleeces, 3 grades, raw: fibre diameter in tenths of um (150-350), staple length in mm
    (40-150), yield in % (45-80) and crimp per 10 cm (10-90); the grade by nearest centre, with
    overlap."""
    c = np.array([[180, 80, 72, 70], [230, 100, 62, 45], [290, 120, 52, 25]], float)
    return _centres(2226, 500, c, np.array([25, 18, 6, 14]))
