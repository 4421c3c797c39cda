"""The data of section ``lr_quality``'s second fresh group of session 18 (``lr_suite.py``:
fresh-s18b), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before session 18's second lr=auto change was committed and before any run on it:
Adagrad, RAdam, Adamax, Nesterov and AdamW on generators the suite has not used (the Michalewicz
surface, four half-annuli, raw sensor drift, a sparse 10-D Gaussian mixture, clusters on a
sphere); batches of 16 to 64."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def michalewicz_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [0, pi]^2, the 2-D Michalewicz function (m = 5) plus noise of sd
    0.05; features and target standardised."""
    rng = np.random.default_rng(1811)
    X = rng.uniform(0, np.pi, (500, 2))
    i = np.arange(1, 3)
    y = -(np.sin(X) * np.sin(i * X**2 / np.pi) ** 10).sum(1) + rng.normal(0, 0.05, 500)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def half_annuli() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points on four interleaved half-annuli (radii 1 and 2, upper and lower halves, the
    lower ones shifted right by 1), one class each, with noise of sd 0.15; standardised."""
    rng = np.random.default_rng(1812)
    label = rng.integers(0, 4, 600)
    radius = np.where(label % 2 == 0, 1.0, 2.0)
    angle = rng.uniform(0, np.pi, 600) * np.where(label < 2, 1.0, -1.0)
    X = np.stack([radius * np.cos(angle) + (label >= 2), radius * np.sin(angle)], 1)
    X = X + rng.normal(0, 0.15, (600, 2))
    return standardised(X), torch.as_tensor(label.astype(np.int64))


@functools.cache
def sensor_drift_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 readings: seconds since midnight (0-86 400), ambient temperature in deg C (5-35) and
    supply voltage in mV (4 800-5 200), raw; the target a sensor's drift (a daily cycle, linear in
    temperature and voltage, plus noise), standardised."""
    rng = np.random.default_rng(1813)
    t, temp, volt = rng.uniform(0, 86_400, 500), rng.uniform(5, 35, 500), rng.uniform(4_800, 5_200, 500)
    drift = np.sin(2 * np.pi * t / 86_400) + 0.05 * (temp - 20) + 0.004 * (volt - 5_000) + rng.normal(0, 0.2, 500)
    X = np.stack([t, temp, volt], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(drift[:, None])[:, 0]


@functools.cache
def sparse_mixture_10d() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points in 10-D, two classes of Gaussians whose means differ in 3 coordinates only
    (by 1.2 each), unit covariance; standardised."""
    rng = np.random.default_rng(1814)
    label = rng.integers(0, 2, 800)
    shift = np.zeros(10)
    shift[[1, 4, 7]] = 1.2
    X = rng.normal(0, 1, (800, 10)) + label[:, None] * shift
    return standardised(X), torch.as_tensor(label.astype(np.float32))


@functools.cache
def sphere_clusters() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points in 5 Gaussian clusters (sd 0.35) centred on the unit sphere in 3-D at fixed
    random directions, one class each; standardised."""
    rng = np.random.default_rng(1815)
    centres = rng.normal(0, 1, (5, 3))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    label = rng.integers(0, 5, 500)
    X = centres[label] + rng.normal(0, 0.35, (500, 3))
    return standardised(X), torch.as_tensor(label.astype(np.int64))
