"""The data of the doctor corpus's session-14 group (``_doctor_tasks.py``): a tenth fresh group,
``fresh10``, written on 2026-12-04 at 23:00 UTC, before session 14's change (on quiet "too
small" runs) was designed and before any run of the group was trained. It is read once, as the
clean test of that change, by the rule pre-registered in the commit that freezes the change.
None of its tasks shares a generator, a data set and a model with a task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH10 = "fresh10"


@functools.cache
def annulus_sectors() -> tuple[torch.Tensor, torch.Tensor]:
    """480 points of an annulus (radius 1 to 2) in the plane, the class the sixth of the circle
    their angle falls in, the points jittered by normal noise (sd 0.15) after labelling: six
    wedge-shaped classes meeting at the hole."""
    rng = np.random.default_rng(23)
    angle = rng.uniform(0.0, 2 * np.pi, 480)
    radius = rng.uniform(1.0, 2.0, 480)
    y = np.floor(angle / (2 * np.pi / 6)).astype(np.int64)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1) + rng.normal(0.0, 0.15, (480, 2))
    return _tensors(X.astype(np.float32), y)


@functools.cache
def sine_sum() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points uniform in [-1, 1]^6, target ``sum_i a_i sin(w_i x_i + p_i)`` with frequencies
    ``w_i`` from 1 to 4, random amplitudes and phases, plus normal noise (sd 0.1), standardised:
    an additive smooth regression for a tanh MLP."""
    rng = np.random.default_rng(23)
    X = rng.uniform(-1.0, 1.0, (400, 6))
    w, a, p = np.linspace(1.0, 4.0, 6), rng.uniform(0.5, 1.5, 6), rng.uniform(0.0, 2 * np.pi, 6)
    f = (a * np.sin(w * X + p)).sum(1)
    return _tensors(X.astype(np.float32), _standardised(f + 0.1 * rng.normal(size=400)))


@functools.cache
def outlines() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel images (pixel noise sd 0.6) holding one outline of a plus,
    an x, a square or a diamond (radius 3, intensity 1) centred at a random place, flattened:
    image classes for a CNN."""
    rng = np.random.default_rng(23)
    r, c = np.meshgrid(np.arange(12.0), np.arange(12.0), indexing="ij")
    y = rng.integers(0, 4, 400).astype(np.int64)
    X = rng.normal(0.0, 0.6, (400, 12, 12))
    for i, (label, (cy, cx)) in enumerate(zip(y, rng.integers(3, 9, (400, 2)))):
        dy, dx = np.abs(r - cy), np.abs(c - cx)
        shape = [
            ((dy == 0) & (dx <= 3)) | ((dx == 0) & (dy <= 3)),  # plus
            (dy == dx) & (dy <= 3),  # x
            (np.maximum(dy, dx) == 3),  # square
            (dy + dx == 3),  # diamond
        ][label]
        X[i] += shape
    return _tensors(X.reshape(400, -1), y)


@functools.cache
def polynomial_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points ``t`` uniform in [0, 4], features the raw powers ``t, t^2, t^3, t^4`` (up to
    256, strongly correlated), target ``sin(1.5 t) + t / 2`` plus normal noise (sd 0.1),
    standardised: an ill-conditioned least squares on unscaled polynomial features."""
    rng = np.random.default_rng(23)
    t = rng.uniform(0.0, 4.0, 400)
    X = np.stack([t**k for k in range(1, 5)], 1)
    return _tensors(X.astype(np.float32), _standardised(np.sin(1.5 * t) + t / 2 + 0.1 * rng.normal(size=400)))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("annulus sectors relu mlp", FRESH10, "classification", annulus_sectors, "mlp", "cross_entropy", {"hidden": (48, 48)}),
    ("sine sum tanh mlp", FRESH10, "regression", sine_sum, "mlp", "mse", {"hidden": (64,), "activation": "tanh"}),
    ("outlines cnn", FRESH10, "classification", outlines, "cnn", "cross_entropy", {"channels": (6, 6)}, False, True),
    ("polynomial raw linear", FRESH10, "regression", polynomial_raw, "linear", "mse", {}, True),
)  # fmt: skip
