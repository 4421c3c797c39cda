"""The data of section ``lr_quality``'s third fresh group of session 18 (``lr_suite.py``:
fresh-s18c), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before session 18's third lr=auto change is designed and before any run on it: momentum,
Adafactor, NAdam at full batch, LARS and Nesterov at batch 8 on generators the suite has not used
(concentric spherical shells, the Goldstein-Price surface, raw crop yields, Laplace blobs with
flipped labels, a rose curve's petals)."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def spherical_shells() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points on three concentric spheres in 3-D (radii 1, 2 and 3, one class each) with
    radial noise of sd 0.2; standardised."""
    rng = np.random.default_rng(1821)
    label = rng.integers(0, 3, 600)
    direction = rng.normal(0, 1, (600, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    X = direction * (label + 1.0 + rng.normal(0, 0.2, 600))[:, None]
    return standardised(X), torch.as_tensor(label.astype(np.int64))


@functools.cache
def goldstein_price_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-2, 2]^2, the log of the Goldstein-Price function plus noise of sd
    0.05; features and target standardised."""
    rng = np.random.default_rng(1822)
    X = rng.uniform(-2, 2, (500, 2))
    a, b = X[:, 0], X[:, 1]
    f1 = 1 + (a + b + 1) ** 2 * (19 - 14 * a + 3 * a**2 - 14 * b + 6 * a * b + 3 * b**2)
    f2 = 30 + (2 * a - 3 * b) ** 2 * (18 - 32 * a + 12 * a**2 + 48 * b - 36 * a * b + 27 * b**2)
    y = np.log(f1 * f2) + rng.normal(0, 0.05, 500)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def crop_yields_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 fields: seasonal rainfall in mm (200-900), nitrogen in kg/ha (0-250) and hours of sun
    (900-1 600), raw; the target the yield (rising and saturating in rain and nitrogen, linear in
    sun, plus noise), standardised."""
    rng = np.random.default_rng(1823)
    rain, nitrogen, sun = rng.uniform(200, 900, 400), rng.uniform(0, 250, 400), rng.uniform(900, 1_600, 400)
    crop = 4 * (1 - np.exp(-rain / 400)) + 2 * (1 - np.exp(-nitrogen / 100)) + 0.002 * sun + rng.normal(0, 0.3, 400)
    X = np.stack([rain, nitrogen, sun], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(crop[:, None])[:, 0]


@functools.cache
def laplace_blobs_flipped() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points in 4-D, two classes with Laplace noise (scale 1) about means 1.5 apart along
    (1, 1, 0, 0) / sqrt 2, 10% of labels flipped; standardised."""
    rng = np.random.default_rng(1824)
    label = rng.integers(0, 2, 700)
    mean = np.array([1.0, 1.0, 0.0, 0.0]) * 1.5 / np.sqrt(2)
    X = rng.laplace(0, 1, (700, 4)) + label[:, None] * mean
    flip = rng.uniform(0, 1, 700) < 0.1
    return standardised(X), torch.as_tensor(np.where(flip, 1 - label, label).astype(np.float32))


@functools.cache
def rose_petals() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points near the rose curve r = cos(5 theta) (five petals, one class each, by angle),
    radial jitter of sd 0.05 and points scattered across each petal's width; standardised."""
    rng = np.random.default_rng(1825)
    label = rng.integers(0, 5, 400)
    theta = 2 * np.pi * label / 5 + rng.uniform(-np.pi / 10, np.pi / 10, 400)
    r = np.abs(np.cos(5 * theta)) * rng.uniform(0.2, 1.0, 400) + rng.normal(0, 0.05, 400)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], 1)
    return standardised(X), torch.as_tensor(label.astype(np.int64))
