"""The data of the doctor corpus's third session-20 group (``_doctor_tasks.py``): a thirty-seventh
fresh group, ``fresh37``, written on 2026-12-05 at 17:14 UTC, before session 20's third doctor
helper designs a change on "slow progress" calls of classifier MLPs whose reading of what is left
is infinite (negative curvature: doctor2's what-next 2, the conflict of the examples where the
local quadratic model has no minimum), and before any run of this group was trained. Written for
that regime: MLP classifiers (tanh, GELU, sigmoid, ReLU) on classes with flipped labels or
overlapping clouds, whose best loss sits above 0 but well under the start (moderate noise, so
that the bottom of each grid is too small and not ambiguous). Three arcs for a two-layer tanh MLP,
a wobbly boundary for a GELU MLP, tilted strips for a two-layer sigmoid MLP, five gaussians on a
pentagon for a ReLU MLP; a tanh MLP regression on raw barn climate readings (the group's badly
scaled task: lux, percent, ppm); and, as the corpus's other kinds, a small CNN telling which way
a dim hook turns in a noisy image, with flipped labels. Every training set has at most 256 rows.
None of its tasks shares a generator, a data set and a model with a task of an earlier group,
fresh36 included, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH37 = "fresh37"


def _flip(rng: np.random.Generator, y: np.ndarray, share: float, classes: int) -> np.ndarray:
    """``y`` with a random ``share`` of its labels replaced by another class drawn at random."""
    y = y.copy()
    flip = rng.uniform(0.0, 1.0, len(y)) < share
    y[flip] = (y[flip] + rng.integers(1, classes, int(flip.sum()))) % classes
    return y


@functools.cache
def three_arcs() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points on three concentric half-circle arcs (radii 1, 1.6, 2.2; angle uniform 0-pi;
    radial noise sd 0.22), the class the arc, labels flipped at random for 10%, standardised: a
    two-layer tanh MLP."""
    rng = np.random.default_rng(370)
    y = rng.permutation(np.repeat(np.arange(3), 80))
    angle = rng.uniform(0.0, np.pi, 240)
    radius = 1.0 + 0.6 * y + rng.normal(0.0, 0.22, 240)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _tensors(_standardised(X).astype(np.float32), _flip(rng, y, 0.10, 3).astype(np.int64))


@functools.cache
def wobbly_boundary() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points uniform in [-3, 3] x [-2, 2], the class (2) whether ``x1 > 0.8 sin(1.5 x0)``,
    labels flipped at random for 12%, standardised: a one-layer GELU MLP of 24 units."""
    rng = np.random.default_rng(371)
    X = np.column_stack([rng.uniform(-3.0, 3.0, 230), rng.uniform(-2.0, 2.0, 230)])
    y = (X[:, 1] > 0.8 * np.sin(1.5 * X[:, 0])).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), _flip(rng, y, 0.12, 2))


@functools.cache
def tilted_strips() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points uniform in [-2, 2]^2, the class (2) the parity of the strip ``floor((x0 + 0.5
    x1) / 1.3)`` they fall in, labels flipped at random for 8%, standardised: a two-layer sigmoid
    MLP on alternating tilted strips."""
    rng = np.random.default_rng(372)
    X = rng.uniform(-2.0, 2.0, (250, 2))
    y = (np.floor((X[:, 0] + 0.5 * X[:, 1]) / 1.3) % 2).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), _flip(rng, y, 0.08, 2))


@functools.cache
def pentagon_gaussians() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points in 5 classes (50 each), normal clouds (sd 0.8) around the corners of a pentagon
    of radius 1.5 in the plane, with 2 more features of pure noise, standardised: a one-layer
    ReLU MLP on overlapping clouds (no flips)."""
    rng = np.random.default_rng(373)
    angles = 2.0 * np.pi * np.arange(5) / 5
    centres = 1.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = rng.permutation(np.repeat(np.arange(5), 50))
    X = np.column_stack([centres[y] + rng.normal(0.0, 0.8, (250, 2)), rng.normal(0.0, 1.0, (250, 2))])
    return _tensors(_standardised(X).astype(np.float32), y.astype(np.int64))


@functools.cache
def raw_barn_climate() -> tuple[torch.Tensor, torch.Tensor]:
    """220 barn readings: light in lux (normal 20000, sd 8000), humidity in percent (normal 60,
    sd 15) and CO2 in ppm (normal 600, sd 150), given raw (the group's badly scaled task: scales
    from 15 to 20000); the target a milk yield ``tanh((lux - 20000) / 8000) - ((hum - 60) / 15)^2
    / 2 + (ppm - 600) / 300`` plus normal noise (sd 0.3), standardised: a regression for a
    one-layer tanh MLP."""
    rng = np.random.default_rng(374)
    n = 220
    lux, hum, ppm = rng.normal(20000.0, 8000.0, n), rng.normal(60.0, 15.0, n), rng.normal(600.0, 150.0, n)
    y = np.tanh((lux - 20000.0) / 8000.0) - ((hum - 60.0) / 15.0) ** 2 / 2 + (ppm - 600.0) / 300.0
    y = y + rng.normal(0.0, 0.3, n)
    X = np.column_stack([lux, hum, ppm])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def dim_hook_turns() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images, each with a dim hook (a 3-pixel stroke and a 2-pixel turn,
    brightness uniform 0.5-1) at a random place, the class (4) the way it turns (up-right,
    up-left, down-right, down-left), over normal pixel noise (sd 0.5), labels flipped at random
    for 8%: a classification for a small CNN whose best loss is above 0."""
    rng = np.random.default_rng(375)
    n, side = 240, 8
    X = rng.normal(0.0, 0.5, (n, side, side))
    y = rng.integers(0, 4, n).astype(np.int64)
    for i in range(n):
        r, c = rng.integers(2, side - 2, 2)
        up, right = y[i] < 2, y[i] % 2 == 0
        rows = [r, r, r, r - 1 if up else r + 1, r - 2 if up else r + 2]
        cols = [c - 1, c, c + 1, c + 1 if right else c - 1, c + 1 if right else c - 1]
        X[i, rows, cols] += rng.uniform(0.5, 1.0)
    return _tensors(X.reshape(n, side * side).astype(np.float32), _flip(rng, y, 0.08, 4))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("jittered three arcs tanh mlp", FRESH37, "classification", three_arcs, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "tanh"}),
    ("wobbly boundary gelu mlp", FRESH37, "classification", wobbly_boundary, "mlp", "cross_entropy", {"hidden": (24,), "activation": "gelu"}),
    ("tilted strips sigmoid mlp", FRESH37, "classification", tilted_strips, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "sigmoid"}),
    ("pentagon gaussians relu mlp", FRESH37, "classification", pentagon_gaussians, "mlp", "cross_entropy", {"hidden": (32,), "activation": "relu"}),
    ("raw barn climate tanh mlp", FRESH37, "regression", raw_barn_climate, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
    ("dim hook turns cnn", FRESH37, "classification", dim_hook_turns, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
)  # fmt: skip
