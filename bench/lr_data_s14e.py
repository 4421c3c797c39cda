"""The data of section ``lr_quality``'s fresh group of session 14e (``lr_suite.py``: fresh-s14e),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before any run on it and before session 14e's rule was designed (adaptive rules whose
bracket's top lies below the best rate): four adaptive rules (RMSprop, Adam, AdamW), on raw and
standardised features, and one plain-gradient rule (where such a rule must not fire); generators
the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def bird_measurements_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 birds of 3 species, 4 raw measurements (wing mm ~ 60-110, mass g ~ 20-60, tarsus mm
    ~ 18-30, bill mm ~ 9-16) from species means with 8% relative spread; unstandardised."""
    rng = np.random.default_rng(1471)
    means = np.array([[70.0, 25.0, 20.0, 10.0], [85.0, 38.0, 24.0, 12.5], [100.0, 50.0, 27.0, 15.0]])
    label = rng.integers(0, 3, 600)
    X = means[label] * (1 + rng.normal(0, 0.08, (600, 4)))
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def arrhenius_rates_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 reactions: temperature in kelvin (280-420) and activation energy in kJ/mol (40-90), raw;
    the target the log rate constant ``-E / (R T)`` plus noise of sd 0.3, standardised."""
    rng = np.random.default_rng(1472)
    T, E = rng.uniform(280, 420, 600), rng.uniform(40, 90, 600)
    y = -E * 1000 / (8.314 * T) + rng.normal(0, 0.3, 600)
    X = np.stack([T, E], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(y[:, None])[:, 0]


@functools.cache
def four_arm_spiral() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points on 4 interleaved spiral arms (one class each), radius 0.2-2, noise sd 0.08;
    standardised."""
    rng = np.random.default_rng(1473)
    label = rng.integers(0, 4, 800)
    r = rng.uniform(0.2, 2.0, 800)
    angle = 2.2 * r + label * np.pi / 2
    X = np.stack([r * np.cos(angle), r * np.sin(angle)], 1) + rng.normal(0, 0.08, (800, 2))
    return standardised(X), torch.as_tensor(label)


@functools.cache
def exam_scores_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """700 students: 3 raw scores out of 100 (means 55-70, sd 15, clipped); the class whether a
    weighted sum plus noise passes 60 (logistic); unstandardised."""
    rng = np.random.default_rng(1474)
    X = np.clip(rng.normal([55.0, 62.0, 70.0], 15.0, (700, 3)), 0, 100)
    score = X @ np.array([0.5, 0.3, 0.2]) + rng.normal(0, 5.0, 700)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((score > 60).astype(np.float32))


@functools.cache
def checkerboard_3x3() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points uniform on [0, 3]^2, the class the colour of their cell on a 3x3 checkerboard,
    5% of the labels flipped; standardised."""
    rng = np.random.default_rng(1475)
    X = rng.uniform(0, 3, (700, 2))
    label = (np.floor(X[:, 0]) + np.floor(X[:, 1])).astype(np.int64) % 2
    flip = rng.random(700) < 0.05
    label[flip] = 1 - label[flip]
    return standardised(X), torch.as_tensor(label)
