"""The data of section ``lr_quality``'s fresh group of session 14 (``lr_suite.py``: fresh-s14),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Session 14's rule picks a pilot dropped after the first round when its loss was already below
both finalists' at the end (their loss rose after the round). The group was written before any
run on it: three adaptive rules on raw, heavy-tailed or uncentred features (where a large rate
can lead early and blow up late) and two rules on standardised data (where the rule must not
hurt); generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def lognormal_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """700 x 8 log-normal features (sigma 1) scaled by ``10**linspace(0, 2.5, 8)`` (1 to 316,
    uncentred, heavy right tails); the label drawn from a logistic model in the features' logs;
    labels as floats for ``bce``."""
    rng = np.random.default_rng(141)
    Z = rng.normal(size=(700, 8))
    X = np.exp(Z) * 10 ** np.linspace(0, 2.5, 8)
    logit = Z @ np.array([1.5, -1.0, 0.8, 0.0, -0.6, 1.2, 0.0, -0.9])
    y = (rng.random(700) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def poisson_counts_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """800 x 12 Poisson counts, 4 classes, each with its own rate per feature (drawn between 2
    and 40), counts as they are (uncentred)."""
    rng = np.random.default_rng(142)
    rates = rng.uniform(2, 40, (4, 12))
    label = rng.integers(0, 4, 800)
    X = rng.poisson(rates[label]).astype(np.float32)
    return torch.as_tensor(X), torch.as_tensor(label)


@functools.cache
def himmelblau_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points uniform on [-5, 5]^2, the target the log of Himmelblau's function
    ``log(1 + (x^2 + y - 11)^2 + (x + y^2 - 7)^2)`` plus noise of sd 0.05; both standardised."""
    rng = np.random.default_rng(143)
    X = rng.uniform(-5, 5, (700, 2))
    a, b = X[:, 0], X[:, 1]
    f = np.log1p((a**2 + b - 11) ** 2 + (a + b**2 - 7) ** 2)
    y = f[:, None] + rng.normal(0, 0.05, (700, 1))
    return standardised(X), standardised(y)[:, 0]


@functools.cache
def radial_sinc_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [0, 40] x [0, 40] (raw, uncentred), the target ``sinc(r / 4)`` of
    the distance ``r`` from (20, 20) plus noise of sd 0.02; the target standardised."""
    rng = np.random.default_rng(144)
    X = rng.uniform(0, 40, (600, 2))
    r = np.linalg.norm(X - 20, axis=1)
    y = np.sinc(r / 4)[:, None] + rng.normal(0, 0.02, (600, 1))
    return torch.as_tensor(X, dtype=torch.float32), standardised(y)[:, 0]


@functools.cache
def gaussian_or_uniform() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points in 5-D, class 0 from the standard normal, class 1 uniform on [-1.8, 1.8]^5
    (about the same variance: the classes differ in the shape of their distribution);
    standardised."""
    rng = np.random.default_rng(145)
    label = rng.integers(0, 2, 800)
    X = np.where(label[:, None] == 0, rng.normal(size=(800, 5)), rng.uniform(-1.8, 1.8, (800, 5)))
    return standardised(X), torch.as_tensor(label)
