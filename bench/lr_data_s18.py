"""The data of section ``lr_quality``'s fresh group of session 18 (``lr_suite.py``: fresh-s18),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before any run on it and before session 18's rule was designed: optimizers the suite has
not used (SAM, Prodigy, Rprop) with NAdam and Nesterov, losses it has not used (Huber, L1), two
regressions with a noise floor, two classifications and one on raw scales; generators the suite
has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def heavy_tailed_wave() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-3, 3]^2, the target ``sin(1.5 x0) + 0.5 cos(2 x1)`` plus Student-t
    noise (2.5 degrees of freedom, scale 0.3: a few large outliers); features standardised, the
    target centred on its median and divided by its interquartile range."""
    rng = np.random.default_rng(1801)
    X = rng.uniform(-3, 3, (500, 2))
    y = np.sin(1.5 * X[:, 0]) + 0.5 * np.cos(2 * X[:, 1]) + 0.3 * rng.standard_t(2.5, 500)
    q1, q2, q3 = np.percentile(y, [25, 50, 75])
    return standardised(X), torch.as_tensor((y - q2) / (q3 - q1), dtype=torch.float32)


@functools.cache
def apartment_rents_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 apartments: floor area in m^2 (20-150), rooms (1-5), age in years (0-80), distance to
    the centre in km (0.5-25) and floor (0-12), raw; the target the monthly rent (linear in them
    plus Laplace noise), standardised."""
    rng = np.random.default_rng(1802)
    area = rng.uniform(20, 150, 500)
    rooms = np.clip(np.round(area / 30 + rng.normal(0, 0.6, 500)), 1, 5)
    age, dist, floor = rng.uniform(0, 80, 500), rng.uniform(0.5, 25, 500), rng.integers(0, 13, 500)
    rent = 300 + 12 * area + 40 * rooms - 4 * age - 25 * dist + 10 * floor + rng.laplace(0, 80, 500)
    X = np.stack([area, rooms, age, dist, floor], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(rent[:, None])[:, 0]


@functools.cache
def voronoi_cells() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on the unit square, the class the nearest of 7 fixed random sites;
    standardised."""
    rng = np.random.default_rng(1803)
    sites = rng.uniform(0, 1, (7, 2))
    X = rng.uniform(0, 1, (600, 2))
    label = ((X[:, None, :] - sites[None]) ** 2).sum(2).argmin(1)
    return standardised(X), torch.as_tensor(label.astype(np.int64))


@functools.cache
def loan_applications_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 loan applications: yearly income in dollars (log-normal, median 50 000), loan amount in
    dollars (5 000-60 000), age in years (21-70) and open credit lines (Poisson, mean 4), raw; the
    class whether the loan defaulted (logistic in the loan-to-income ratio, age and lines)."""
    rng = np.random.default_rng(1804)
    income = rng.lognormal(np.log(50_000), 0.5, 400)
    loan, age, lines = rng.uniform(5_000, 60_000, 400), rng.uniform(21, 70, 400), rng.poisson(4, 400)
    score = 3.0 * (loan / income - 0.6) - 0.03 * (age - 45) + 0.2 * (lines - 4) + rng.logistic(0, 0.5, 400)
    X = np.stack([income, loan, age, lines], 1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((score > 0).astype(np.float32))


@functools.cache
def hartmann3_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [0, 1]^3, the Hartmann 3-D function plus Gaussian noise (sd 0.1);
    features and target standardised."""
    rng = np.random.default_rng(1805)
    alpha = np.array([1.0, 1.2, 3.0, 3.2])
    A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
    P = 1e-4 * np.array([[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]])
    X = rng.uniform(0, 1, (500, 3))
    y = -(alpha * np.exp(-(A[None] * (X[:, None, :] - P[None]) ** 2).sum(2))).sum(1) + rng.normal(0, 0.1, 500)
    return standardised(X), standardised(y[:, None])[:, 0]
