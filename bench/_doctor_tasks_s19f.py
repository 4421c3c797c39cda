"""The data of the doctor corpus's sixth session-19 group (``_doctor_tasks.py``): a thirty-fourth
fresh group, ``fresh34``, written on 2026-12-05 at 15:38 UTC, before session 19's fifth doctor
helper maps and designs a change on "oscillation" false alarms, and before any run of this
group was trained. Written to hold plain-step runs (GD, SGD) where oscillation calls arise:
a small logistic model on raw orchard soil readings (the group's badly scaled task: pH, mg/kg,
metres, millimetres), a small logistic model on standardised readings, a sigmoid MLP and a
tanh MLP at rates where their curves may wobble, a tanh MLP regression on a Gaussian-damped sine; and,
as the corpus's other kinds, a small CNN telling a ring, a blob and a cross apart in an image.
Every training set has at most 256 rows. None of its tasks shares a generator, a data set and
a model with a task of an earlier group, fresh33 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH34 = "fresh34"


@functools.cache
def raw_orchard_soil() -> tuple[torch.Tensor, torch.Tensor]:
    """220 soil samples: pH (uniform 4.5-8.5), nitrogen in mg/kg (uniform 5-300), elevation in
    metres (uniform 0-2400) and yearly rain in millimetres (uniform 250-1800), given raw (the
    group's badly scaled task: scales from 4 to 2400); the class (2) whether an orchard on it
    yields well, ``(pH - 6.5) / 1.2 + (N - 150) / 90 - (elev - 1200) / 800 + (rain - 1000) / 500``
    plus logistic noise (scale 0.5) above 0: a logistic model on raw readings."""
    rng = np.random.default_rng(340)
    n = 220
    ph, nit = rng.uniform(4.5, 8.5, n), rng.uniform(5.0, 300.0, n)
    elev, rain = rng.uniform(0.0, 2400.0, n), rng.uniform(250.0, 1800.0, n)
    z = (ph - 6.5) / 1.2 + (nit - 150.0) / 90.0 - (elev - 1200.0) / 800.0 + (rain - 1000.0) / 500.0
    y = (z + rng.logistic(0.0, 0.5, n) > 0).astype(np.int64)
    X = np.column_stack([ph, nit, elev, rain])
    return _tensors(X.astype(np.float32), y)


@functools.cache
def loan_defaults() -> tuple[torch.Tensor, torch.Tensor]:
    """240 applicants, 6 standardised features (correlated normal, pairwise correlation 0.4);
    the class (2) drawn from a logistic model with weights (1.5, -1, 0.8, 0, 0, 0.3) and bias
    -0.4: a small logistic model whose classes overlap (its best loss is well above 0)."""
    rng = np.random.default_rng(341)
    cov = 0.6 * np.eye(6) + 0.4
    X = rng.multivariate_normal(np.zeros(6), cov, 240)
    p = 1.0 / (1.0 + np.exp(-(X @ np.array([1.5, -1.0, 0.8, 0.0, 0.0, 0.3]) - 0.4)))
    y = (rng.uniform(0.0, 1.0, 240) < p).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def wedge_sectors() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points in an annulus (radius 0.5-2, uniform angle); the class (4) the quarter of the
    angle after a twist of 0.6 radians per unit radius, labels flipped at random for 4%: a
    sigmoid MLP on a twisted, four-sector task."""
    rng = np.random.default_rng(342)
    n = 250
    radius, angle = rng.uniform(0.5, 2.0, n), rng.uniform(0.0, 2 * np.pi, n)
    y = (np.floor(((angle + 0.6 * radius) % (2 * np.pi)) / (np.pi / 2))).astype(np.int64) % 4
    flip = rng.uniform(0.0, 1.0, n) < 0.04
    y[flip] = rng.integers(0, 4, int(flip.sum()))
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def majority_of_three() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points, 5 standardised normal features; the class (2) whether at least two of
    ``x0 > 0``, ``x1 > 0.4``, ``x2 + x3 < 0`` hold, labels flipped at random for 5%: a one-layer
    tanh MLP on a majority vote of thresholds."""
    rng = np.random.default_rng(343)
    X = rng.normal(0.0, 1.0, (230, 5))
    votes = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.4).astype(int) + (X[:, 2] + X[:, 3] < 0).astype(int)
    y = (votes >= 2).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 230) < 0.05
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


@functools.cache
def gaussian_damped_sine() -> tuple[torch.Tensor, torch.Tensor]:
    """200 points uniform in [-3, 3] and a second feature uniform in [-1, 1]; the target
    ``exp(-x0^2 / 4) sin(2.5 x0) + 0.3 x1`` plus normal noise (sd 0.05), features and target
    standardised: a regression for a two-layer tanh MLP."""
    rng = np.random.default_rng(344)
    x0, x1 = rng.uniform(-3.0, 3.0, 200), rng.uniform(-1.0, 1.0, 200)
    y = np.exp(-(x0**2) / 4.0) * np.sin(2.5 * x0) + 0.3 * x1 + rng.normal(0.0, 0.05, 200)
    X = np.column_stack([x0, x1])
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def ring_blob_cross() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images of a ring, a filled blob or a cross (the class, 3), centred
    within a pixel of the middle at random, brightness uniform 0.4-1, over normal pixel noise
    (sd 0.35): a classification for a small CNN."""
    rng = np.random.default_rng(345)
    n, side = 240, 8
    r, c = np.mgrid[0:side, 0:side]
    X = np.empty((n, side * side))
    y = rng.integers(0, 3, n).astype(np.int64)
    for i in range(n):
        cr, cc = 3.5 + rng.uniform(-1.0, 1.0, 2)
        d = np.sqrt((r - cr) ** 2 + (c - cc) ** 2)
        if y[i] == 0:
            img = (np.abs(d - 2.5) < 0.7).astype(float)
        elif y[i] == 1:
            img = (d < 2.0).astype(float)
        else:
            img = ((np.abs(r - cr) < 0.6) | (np.abs(c - cc) < 0.6)).astype(float) * (d < 3.5)
        X[i] = (rng.uniform(0.4, 1.0) * img + rng.normal(0.0, 0.35, (side, side))).ravel()
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw orchard soil logistic", FRESH34, "classification", raw_orchard_soil, "logistic", "bce", {}, True),
    ("loan defaults logistic", FRESH34, "classification", loan_defaults, "logistic", "bce", {}),
    ("wedge sectors sigmoid mlp", FRESH34, "classification", wedge_sectors, "mlp", "cross_entropy", {"hidden": (32,), "activation": "sigmoid"}),
    ("majority of three tanh mlp", FRESH34, "classification", majority_of_three, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}),
    ("gaussian-damped sine tanh mlp", FRESH34, "regression", gaussian_damped_sine, "mlp", "mse", {"hidden": (24, 24), "activation": "tanh"}),
    ("ring blob cross cnn", FRESH34, "classification", ring_blob_cross, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
)  # fmt: skip
