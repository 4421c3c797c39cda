"""The data of section ``lr_quality``'s second group of session 21 (``lr_suite.py``:
fresh-s21b), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto5 after its round's idea was chosen on the fitting groups but before it
is frozen and before any run on this group: eight regressions on raw, unstandardised inputs
(features on scales of 1 to 200, in units such as tens of km) with standardised targets, under adaptive rules (RMSprop,
Adam, Adagrad, NAdam), the regime where the two finalists of the pilots can both blow up late:
bakery bread sales, a reservoir's level, gym attendance, cheese ripening, tire wear, glacier
melt, bus ridership and a paper mill's sheet strength; on generators the suite has not used.
A first draft with features on scales up to 2000 and 10-15 epochs trained at no grid rate on
7 of 8 tasks (the best grid loss above the constant prediction's; no lr="auto" run was made),
so the features were put in larger units and the budgets raised to 20 epochs."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


def _raw(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def bakery_sales_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """520 bakery days, raw: loaf price in cents (200-600), morning temperature in deg C (-5-30),
    flyers handed out (0-1500) and yesterday's loaves sold (50-500); the target the day's loaves
    sold (falling with price, peaking on mild days, plus noise)."""
    rng = np.random.default_rng(2111)
    price, temp = rng.uniform(200, 600, 520), rng.uniform(-5, 30, 520)
    flyers, lag = rng.uniform(0, 1500, 520), rng.uniform(50, 500, 520)
    y = 400 - 0.4 * price - 0.3 * (temp - 15) ** 2 + 0.05 * flyers + 0.3 * lag + rng.normal(0, 15, 520)
    return _raw(np.stack([price / 10, temp, flyers / 10, lag / 10], 1), y)


@functools.cache
def reservoir_level_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """470 weeks of a reservoir, raw: inflow in m^3/s (0-500), rainfall in mm (0-200), outflow
    in m^3/s (20-400) and the day of the year (1-365); the target the level change."""
    rng = np.random.default_rng(2112)
    inflow, rain = rng.uniform(0, 500, 470), rng.exponential(40, 470).clip(0, 200)
    outflow, day = rng.uniform(20, 400, 470), rng.uniform(1, 365, 470)
    y = 0.02 * (inflow - outflow) + 0.01 * rain - 1.5 * np.sin(2 * np.pi * (day - 80) / 365) + rng.normal(0, 0.5, 470)
    return _raw(np.stack([inflow / 10, rain / 10, outflow / 10, day / 7], 1), y)


@functools.cache
def gym_attendance_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """505 gym hours, raw: hour of day (6-23), members (100-2000), outside temperature in deg C
    (-10-35) and monthly fee in dollars (15-90); the target attendance (peaks morning and
    evening, scaled by members, plus noise)."""
    rng = np.random.default_rng(2113)
    hour, members = rng.uniform(6, 23, 505), rng.uniform(100, 2000, 505)
    temp, fee = rng.uniform(-10, 35, 505), rng.uniform(15, 90, 505)
    peak = np.exp(-((hour - 7.5) ** 2) / 2) + 1.3 * np.exp(-((hour - 18.5) ** 2) / 3)
    y = members * 0.04 * (0.3 + peak) * (1 - 0.004 * fee) - 0.5 * np.abs(temp - 12) + rng.normal(0, 5, 505)
    return _raw(np.stack([hour, members / 10, temp, fee], 1), y)


@functools.cache
def cheese_ripening_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """490 wheels, raw: days aged (10-720), cellar temperature in deg C (6-16), humidity in %
    (70-98) and salt in g/kg (10-40); the target a firmness score, linear in the features plus
    noise."""
    rng = np.random.default_rng(2114)
    days, temp = rng.uniform(10, 720, 490), rng.uniform(6, 16, 490)
    hum, salt = rng.uniform(70, 98, 490), rng.uniform(10, 40, 490)
    y = 0.01 * days + 0.3 * temp - 0.08 * hum + 0.05 * salt + rng.normal(0, 0.6, 490)
    return _raw(np.stack([days / 7, temp, hum, salt], 1), y)


@functools.cache
def tire_wear_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """455 tires, raw: distance driven in hundreds of km (0-800), pressure in kPa (180-300),
    load in kg (300-900) and road temperature in deg C (-10-50); the target tread depth lost
    (growing with distance, faster off the best pressure, under load and on hot roads)."""
    rng = np.random.default_rng(2115)
    dist, kpa = rng.uniform(0, 800, 455), rng.uniform(180, 300, 455)
    load, temp = rng.uniform(300, 900, 455), rng.uniform(-10, 50, 455)
    rate = 1 + ((kpa - 240) / 40) ** 2 + (load - 600) / 600 + np.maximum(temp - 20, 0) / 40
    return _raw(np.stack([dist / 10, kpa / 10, load / 10, temp], 1), 0.008 * dist * rate + rng.normal(0, 0.4, 455))


@functools.cache
def glacier_melt_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """515 days on a glacier, raw: air temperature in deg C (-15-15), sunshine in minutes
    (0-900), altitude in m (1500-3500) and snow cover in cm (0-300); the target the melt, a
    positive degree-day model with a radiation term, less under snow, plus noise."""
    rng = np.random.default_rng(2116)
    temp, sun = rng.uniform(-15, 15, 515), rng.uniform(0, 900, 515)
    alt, snow = rng.uniform(1500, 3500, 515), rng.uniform(0, 300, 515)
    t_local = temp - 0.0065 * (alt - 2500)
    melt = (np.maximum(t_local, 0) * 4 + 0.01 * sun) * np.exp(-snow / 150) + rng.normal(0, 1.5, 515)
    return _raw(np.stack([temp, sun / 10, alt / 100, snow / 10], 1), melt)


@functools.cache
def bus_ridership_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """545 route-days, raw: stops on the route (5-60), fare in cents (100-400), buses per hour
    (1-12) and population served in thousands (5-300); the target daily riders, linear in the
    features plus noise."""
    rng = np.random.default_rng(2117)
    stops, fare = rng.uniform(5, 60, 545), rng.uniform(100, 400, 545)
    freq, pop = rng.uniform(1, 12, 545), rng.uniform(5, 300, 545)
    y = 20 * stops - 2 * fare + 150 * freq + 8 * pop + rng.normal(0, 300, 545)
    return _raw(np.stack([stops, fare / 10, freq, pop / 10], 1), y)


@functools.cache
def paper_strength_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 paper rolls, raw: pulp density in kg/m^3 (400-900), machine speed in m/min
    (500-2000) and drying temperature in deg C (80-140); the target tensile strength (rising
    with density, falling with speed, best at a drying temperature near 110, plus noise)."""
    rng = np.random.default_rng(2118)
    dens, speed, dry = rng.uniform(400, 900, 500), rng.uniform(500, 2000, 500), rng.uniform(80, 140, 500)
    y = 0.05 * dens - 0.01 * speed - 0.01 * (dry - 110) ** 2 + rng.normal(0, 1.5, 500)
    return _raw(np.stack([dens / 10, speed / 10, dry], 1), y)
