"""The data of section ``lr_quality``'s fourth fresh group of session 20 (``lr_suite.py``:
fresh-s20d), as ``lr_data.py`` makes the others: ``(X, y)`` tensors, made once per process.

Written by helper lrauto3 before its round is frozen and before any run on it: ten tasks on
standardised inputs whose epochs end with a small last batch (the number of rows is not a
multiple of the batch size; the last batch holds 1-14 rows), where pilots can oscillate:
cross-entropy MLPs with momentum and Nesterov (a cardioid, a bullseye of four rings), Adam on
a lemniscate's lobes, Lion on three nested triangles and on the drop-wave surface, Adam on the
Schwefel surface, RMSprop on the Griewank surface, RAdam on a sombrero surface, Adagrad on five
skewed clusters in 6-D and NAdam on a tilted plane in 10-D with flipped labels; on
generators the suite has not used."""

from __future__ import annotations

import functools

import numpy as np
import torch

from lr_data import standardised


@functools.cache
def cardioid_region() -> tuple[torch.Tensor, torch.Tensor]:
    """520 points uniform on [-2.5, 1]x[-1.8, 1.8]: inside (1) or outside (0) the cardioid
    r = 1 - cos(theta); standardised."""
    rng = np.random.default_rng(2041)
    X = np.stack([rng.uniform(-2.5, 1, 520), rng.uniform(-1.8, 1.8, 520)], 1)
    r, theta = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    return standardised(X), torch.as_tensor((r < 1 - np.cos(theta)).astype(np.int64))


@functools.cache
def bullseye_rings() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform on the disc of radius 2: four classes by the ring of radius (cuts at
    0.7, 1.1 and 1.5) they fall in, with radial noise of sd 0.05 before the cut; standardised."""
    rng = np.random.default_rng(2042)
    r, theta = 2 * np.sqrt(rng.uniform(0, 1, 500)), rng.uniform(0, 2 * np.pi, 500)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], 1)
    y = np.digitize(r + rng.normal(0, 0.05, 500), [0.7, 1.1, 1.5])
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def lemniscate_lobes() -> tuple[torch.Tensor, torch.Tensor]:
    """610 points uniform on [-1.6, 1.6]x[-0.8, 0.8]: three classes, inside the left lobe of the
    lemniscate (x^2 + y^2)^2 = 2 (x^2 - y^2), inside the right lobe, or outside; standardised."""
    rng = np.random.default_rng(2043)
    X = np.stack([rng.uniform(-1.6, 1.6, 610), rng.uniform(-0.8, 0.8, 610)], 1)
    q = (X**2).sum(1)
    inside = q**2 < 2 * (X[:, 0] ** 2 - X[:, 1] ** 2)
    y = np.where(inside, np.where(X[:, 0] < 0, 0, 1), 2)
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def nested_triangles() -> tuple[torch.Tensor, torch.Tensor]:
    """550 points uniform on [-1, 1]^2: three classes by the nested equilateral triangle (of
    inradius 0.25 and 0.5, centred) they fall in, or outside both; standardised."""
    rng = np.random.default_rng(2044)
    X = rng.uniform(-1, 1, (550, 2))
    normals = np.array([[np.cos(a), np.sin(a)] for a in np.pi / 2 + 2 * np.pi * np.arange(3) / 3])
    depth = (X @ normals.T).max(1)  # the inradius of the smallest centred triangle holding the point
    return standardised(X), torch.as_tensor(np.digitize(depth, [0.25, 0.5]).astype(np.int64))


@functools.cache
def drop_wave_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """520 points uniform on [-2, 2]^2, the drop-wave function plus noise of sd 0.02; features and
    target standardised."""
    rng = np.random.default_rng(2045)
    X = rng.uniform(-2, 2, (520, 2))
    r2 = (X**2).sum(1)
    y = -(1 + np.cos(12 * np.sqrt(r2))) / (0.5 * r2 + 2) + rng.normal(0, 0.02, 520)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def schwefel_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """515 points uniform on [-500, 500]^2, the Schwefel function plus noise of sd 5; features and
    target standardised."""
    rng = np.random.default_rng(2046)
    X = rng.uniform(-500, 500, (515, 2))
    y = 418.9829 * 2 - (X * np.sin(np.sqrt(np.abs(X)))).sum(1) + rng.normal(0, 5, 515)
    return standardised(X), standardised(y[:, None])[:, 0]


@functools.cache
def griewank_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """525 points uniform on [-10, 10]^3, the Griewank function plus noise of sd 0.05; features
    and target standardised."""
    rng = np.random.default_rng(2047)
    X = rng.uniform(-10, 10, (525, 3))
    y = 1 + (X**2).sum(1) / 4000 - np.prod(np.cos(X / np.sqrt(np.arange(1, 4))), 1)
    return standardised(X), standardised((y + rng.normal(0, 0.05, 525))[:, None])[:, 0]


@functools.cache
def sombrero_surface() -> tuple[torch.Tensor, torch.Tensor]:
    """328 points uniform on [-8, 8]^2, sin(r) / r plus noise of sd 0.03; features and target
    standardised."""
    rng = np.random.default_rng(2048)
    X = rng.uniform(-8, 8, (328, 2))
    r = np.hypot(X[:, 0], X[:, 1]) + 1e-9
    return standardised(X), standardised((np.sin(r) / r + rng.normal(0, 0.03, 328))[:, None])[:, 0]


@functools.cache
def skewed_clusters_6d() -> tuple[torch.Tensor, torch.Tensor]:
    """545 points in 6-D, five classes (109 each): Gaussian means 1.5 apart at random, each class
    skewed by its own random linear map (scales 0.3-1.5); standardised."""
    rng = np.random.default_rng(2049)
    means = rng.normal(0, 1.5, (5, 6))
    maps = [rng.normal(0, 1, (6, 6)) * rng.uniform(0.3, 1.5, 6) / np.sqrt(6) for _ in range(5)]
    y = np.repeat(np.arange(5), 109)
    X = np.stack([means[c] + rng.normal(size=6) @ maps[c] for c in y])
    return standardised(X), torch.as_tensor(y.astype(np.int64))


@functools.cache
def tilted_plane_10d() -> tuple[torch.Tensor, torch.Tensor]:
    """590 points Gaussian in 10-D with correlated features (a random mixing map), labelled by the
    side of a tilted plane, 10% of labels flipped; standardised."""
    rng = np.random.default_rng(2050)
    X = rng.normal(size=(590, 10)) @ rng.normal(0, 1, (10, 10))
    w = rng.normal(size=10)
    side = (X - X.mean(0)) / X.std(0) @ w > 0.3
    label = np.where(rng.uniform(0, 1, 590) < 0.1, ~side, side).astype(np.float32)
    return standardised(X), torch.as_tensor(label)
