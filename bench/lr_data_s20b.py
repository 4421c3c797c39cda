"""The data of section ``lr_quality``'s second fresh group of session 20 (``lr_suite.py``:
fresh-s20b), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written before session 20's second lr=auto round is designed and before any run on it: ten tasks,
six classifiers trained with heavy-ball momentum or Nesterov on standardised inputs, three on raw,
unstandardised inputs with adaptive rules (RAdam, RMSprop, AdamW), one with plain SGD, on generators the suite has not
used (a five-pointed star, chevrons, six Gaussian classes in 12-D, raw study habits, a raw battery's
capacity, raw solar panel output, T, L and plus shapes in 8x8 images, the octants of a cube, the
six-hump camel surface, a wavy boundary with label noise)."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def star_inside() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [-1.2, 1.2]^2, labelled inside or outside a five-pointed star
    (outer radius 1, inner 0.4); standardised."""
    rng = np.random.default_rng(2011)
    X = rng.uniform(-1.2, 1.2, (600, 2))
    r, a = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0]) + np.pi / 2
    # The star's radius at angle a: linear in the angle between an outer and an inner vertex.
    phase = np.abs(((a / (2 * np.pi / 5)) % 1.0) - 0.5) * 2  # 1 at an outer vertex, 0 at an inner
    edge = 0.4 + 0.6 * phase
    return standardised(X), torch.as_tensor((r < edge).astype(np.int64))


@functools.cache
def chevrons() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [-2, 2]^2, three classes by the band of y - 0.8 |x| they fall in
    (cuts at -0.9 and 0.2), Gaussian jitter of sd 0.08 on both coordinates; standardised."""
    rng = np.random.default_rng(2012)
    X = rng.uniform(-2, 2, (600, 2))
    v = X[:, 1] - 0.8 * np.abs(X[:, 0])
    label = np.digitize(v, [-0.9, 0.2]).astype(np.int64)
    return standardised(X + rng.normal(0, 0.08, X.shape)), torch.as_tensor(label)


@functools.cache
def gaussians_12d() -> tuple[torch.Tensor, torch.Tensor]:
    """720 points, six classes in 12-D: Gaussian means drawn with sd 1.2, a shared random
    covariance (eigenvalues 0.2 to 3); standardised."""
    rng = np.random.default_rng(2013)
    means = rng.normal(0, 1.2, (6, 12))
    q, _ = np.linalg.qr(rng.normal(size=(12, 12)))
    cov_root = q * np.sqrt(np.linspace(0.2, 3, 12))
    label = rng.integers(0, 6, 720)
    X = means[label] + rng.normal(size=(720, 12)) @ cov_root.T
    return standardised(X), torch.as_tensor(label)


@functools.cache
def study_habits_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 students, raw: hours studied a week (0-30), hours of sleep a night (4-10) and lecture
    attendance in percent (40-100), centred by nothing; passed (1) drawn from a logistic model
    of the standardised habits."""
    rng = np.random.default_rng(2014)
    hours, sleep, attend = (
        rng.gamma(3, 3, 500).clip(0, 30),
        rng.normal(7, 1.2, 500).clip(4, 10),
        rng.uniform(40, 100, 500),
    )
    X = np.stack([hours, sleep, attend], 1)
    z = (X - X.mean(0)) / X.std(0) @ np.array([1.5, 0.6, 1.0]) + 0.3
    label = (rng.uniform(0, 1, 500) < 1 / (1 + np.exp(-z))).astype(np.float32)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(label)


@functools.cache
def battery_capacity_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """500 battery tests, raw: discharge current in A (0.2-5), temperature in deg C (-10-45) and
    cycles so far (0-1000); the target the capacity left (falling with cycles, more steeply when
    hot, lower at high current and in the cold, plus noise), standardised."""
    rng = np.random.default_rng(2015)
    amps, celsius, cycles = rng.uniform(0.2, 5, 500), rng.uniform(-10, 45, 500), rng.uniform(0, 1000, 500)
    fade = np.exp(-cycles / 1500 * (1 + np.maximum(celsius - 25, 0) / 20))
    cap = fade * (1 - 0.03 * amps) * (1 - 0.4 / (1 + np.exp((celsius + 5) / 5))) + rng.normal(0, 0.02, 500)
    X = np.stack([amps, celsius, cycles], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(cap[:, None])[:, 0]


@functools.cache
def solar_output_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 hourly readings of a solar panel, raw: irradiance in W/m^2 (0-1000), panel temperature
    in deg C (5-65), tilt in degrees (10-50) and dust cover in percent (0-20); the target the
    output (linear in irradiance, less 0.4% per degree above 25, less the dust, plus noise),
    standardised."""
    rng = np.random.default_rng(2016)
    sun, temp, tilt, dust = (
        rng.uniform(0, 1000, 400),
        rng.uniform(5, 65, 400),
        rng.uniform(10, 50, 400),
        rng.uniform(0, 20, 400),
    )
    out = sun * (1 - 0.004 * (temp - 25)) * (1 - dust / 100) * np.cos(np.radians(tilt - 30)) + rng.normal(0, 15, 400)
    X = np.stack([sun, temp, tilt, dust], 1)
    return torch.as_tensor(X, dtype=torch.float32), standardised(out[:, None])[:, 0]


@functools.cache
def t_l_plus() -> tuple[torch.Tensor, torch.Tensor]:
    """600 noisy 8x8 images, flattened: a 3x3 T, L or plus sign at a random place (3 classes),
    plus Gaussian noise of sd 0.45."""
    rng = np.random.default_rng(2017)
    stamps = [
        np.array([[1, 1, 1], [0, 1, 0], [0, 1, 0]]),
        np.array([[1, 0, 0], [1, 0, 0], [1, 1, 1]]),
        np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]]),
    ]
    y = np.arange(600) % 3
    images = rng.normal(0, 0.45, (600, 8, 8))
    for i, (r, c) in enumerate(rng.integers(0, 6, (600, 2))):
        images[i, r : r + 3, c : c + 3] += stamps[y[i]]
    return torch.as_tensor(images.reshape(600, 64), dtype=torch.float32), torch.as_tensor(y)


@functools.cache
def cube_octants() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform in [-1, 1]^3, two classes alternating over the eight octants (the
    parity of the signs), points within 0.05 of a face dropped before drawing 600; standardised."""
    rng = np.random.default_rng(2018)
    X = rng.uniform(-1, 1, (900, 3))
    X = X[np.abs(X).min(1) > 0.05][:600]
    label = ((X > 0).sum(1) % 2).astype(np.int64)
    return standardised(X), torch.as_tensor(label)


@functools.cache
def six_hump_camel() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on [-2, 2] x [-1, 1], the six-hump camel function plus noise of sd 0.05;
    features and target standardised."""
    rng = np.random.default_rng(2019)
    X = np.stack([rng.uniform(-2, 2, 500), rng.uniform(-1, 1, 500)], 1)
    a, b = X[:, 0], X[:, 1]
    y = (4 - 2.1 * a**2 + a**4 / 3) * a**2 + a * b + (-4 + 4 * b**2) * b**2 + rng.normal(0, 0.05, 500)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def wavy_boundary_noisy() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform on [-3, 3]^2, labelled by which side of y = sin(1.5 x) + 0.3 x they
    lie, 8% of labels flipped; standardised."""
    rng = np.random.default_rng(2020)
    X = rng.uniform(-3, 3, (600, 2))
    label = (X[:, 1] > np.sin(1.5 * X[:, 0]) + 0.3 * X[:, 0]).astype(np.int64)
    label = np.where(rng.uniform(0, 1, 600) < 0.08, 1 - label, label)
    return standardised(X), torch.as_tensor(label)
