"""The data of section ``lr_quality``'s fresh group of session 14c (``lr_suite.py``: fresh-s14c),
as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Session 14b's second test: where the pilots' first round is won by the bracket's lowest rate and
the initial outputs are saturated, the second finalist is a probe as far below the bracket as its
top lies above it. The group was written before any run on it: three rules on raw, uncentred
features (sensor readings in physical units, 0-255 glyph pixels, map coordinates) and two on
standardised data (where the rule must not hurt); generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def sensor_readings_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """600 readings of temperature (K, about 300), pressure (hPa, about 1010), humidity (%) and
    wind speed (m/s), raw; the label (rain or not) from a noisy linear rule in the centred
    readings; labels as floats for ``bce``."""
    rng = np.random.default_rng(1451)
    T = rng.normal(295, 6, 600)
    P = rng.normal(1010, 9, 600)
    H = np.clip(rng.normal(65, 18, 600), 5, 100)
    W = rng.gamma(2.0, 2.5, 600)
    logit = -0.15 * (T - 295) - 0.25 * (P - 1010) + 0.08 * (H - 65) + 0.2 * (W - 5)
    y = (rng.random(600) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    return torch.as_tensor(np.stack([T, P, H, W], 1), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def glyph_pixels_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """700 5x5 glyphs (a cross, a frame, a diagonal, a dot) as raw 0-255 intensities (a
    background of about 40, strokes of about 200, noise of sd 30, clipped), 4 classes."""
    rng = np.random.default_rng(1452)
    eye, cross, frame, dot = np.eye(5), np.zeros((5, 5)), np.ones((5, 5)), np.zeros((5, 5))
    cross[2, :] = cross[:, 2] = 1
    frame[1:4, 1:4] = 0
    dot[1:4, 1:4] = 1
    shapes = np.stack([cross, frame, eye, dot]).reshape(4, 25)
    label = rng.integers(0, 4, 700)
    X = np.clip(40 + 160 * shapes[label] + rng.normal(0, 30, (700, 25)), 0, 255)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def map_regions_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points of (latitude 30-50, longitude -120 to -70), raw, each labelled by the nearest of
    5 random region centres (a Voronoi map)."""
    rng = np.random.default_rng(1453)
    X = np.stack([rng.uniform(30, 50, 800), rng.uniform(-120, -70, 800)], 1)
    centres = np.stack([rng.uniform(30, 50, 5), rng.uniform(-120, -70, 5)], 1)
    label = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def linked_tori() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points near two linked rings in 3-D (radius 1, tube noise sd 0.12: one in the x-y
    plane at the origin, one in the x-z plane centred at (1, 0, 0)), the class the ring;
    standardised."""
    rng = np.random.default_rng(1454)
    label = rng.integers(0, 2, 700)
    t = rng.uniform(0, 2 * np.pi, 700)
    ring0 = np.stack([np.cos(t), np.sin(t), 0 * t], 1)
    ring1 = np.stack([1 + np.cos(t), 0 * t, np.sin(t)], 1)
    X = np.where(label[:, None] == 0, ring0, ring1) + rng.normal(0, 0.12, (700, 3))
    return standardised(X), torch.as_tensor(label)


@functools.cache
def damped_wave_2d() -> tuple[torch.Tensor, torch.Tensor]:
    """700 points uniform on [0, 3] x [-2, 2], the target ``exp(-x) cos(4 y + 2 x)`` plus noise of
    sd 0.03; both standardised."""
    rng = np.random.default_rng(1455)
    X = np.stack([rng.uniform(0, 3, 700), rng.uniform(-2, 2, 700)], 1)
    f = np.exp(-X[:, 0]) * np.cos(4 * X[:, 1] + 2 * X[:, 0])
    y = f[:, None] + rng.normal(0, 0.03, (700, 1))
    return standardised(X), standardised(y)[:, 0]
