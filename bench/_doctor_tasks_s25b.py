"""The data of the doctor corpus's fifty-fourth group (``_doctor_tasks.py``): ``fresh54``, written on
2026-12-06 at 07:11 UTC by session 25's doctor helper doctor24, before any run of the group was
trained or diagnosed. It was written FOR a candidate already conceived (a caveat): doctor23's spike
part, S (a run without readings is not told its rate is too small where its gradient norm spiked and
died while the median step changed the weights by at least their own norm), which moved no run of
the groups it was read on (fresh5, fresh6, held_out, readings stripped). This group holds the runs S
is about: mini-batch ReLU/GELU MLPs and a small CNN that large rates may throw onto a plateau (a
ten-class MLP among them, as the watched digits MLP at SGD lr=3 was), and tasks whose mini-batch
gradient norm is noisy (heavy-tailed targets, a few outlying rows), where a tiny rate can show a
spike with the weights barely moving.

Six small tasks, standardised inputs, trained with the corpus's mini-batch grids (SGD, momentum,
Adam; full-batch GD beside them): a ReLU MLP (32, 32) on quarry blast vibration; a GELU MLP (32)
classifying loom faults (5 classes); a ReLU MLP (32) classifying ferry ticket glyphs (10 classes,
8 x 8 prototypes in pixel noise, not the digits); a CNN (4, 8) classifying 12 x 12 tile glaze
patterns (4 classes); a ReLU MLP (16, 16) on hailstone mass with Student-t noise (df 1.5); a GELU
MLP (24, 24) on kelp bed cover with 3% of the rows outlying in their inputs.
Every training set has at most 400 rows. None of its tasks shares a generator, a data set and a
model with a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors
from _doctor_tasks_s24f import _columns

FRESH54 = "fresh54"


@functools.cache
def quarry_blast() -> tuple[torch.Tensor, torch.Tensor]:
    """360 blasts: charge per delay in kg (lognormal 4, 0.5), distance in m (uniform 100-1500),
    rock hardness (uniform 1-10), stemming length in m (normal 3, sd 0.5); the target the log peak
    particle velocity ``log(1000 (distance / sqrt(charge))^-1.6) + 0.05 hardness - 0.1 stemming``
    plus normal noise (sd 0.15), standardised: a ReLU MLP (32, 32)."""
    rng = np.random.default_rng(540)
    n = 360
    charge, dist = rng.lognormal(4.0, 0.5, n), rng.uniform(100.0, 1500.0, n)
    hard, stem = rng.uniform(1.0, 10.0, n), rng.normal(3.0, 0.5, n)
    y = np.log(1000.0 * (dist / np.sqrt(charge)) ** -1.6) + 0.05 * hard - 0.1 * stem + rng.normal(0.0, 0.15, n)
    return _tensors(_columns(np.log(charge), dist, hard, stem), _standardised(y).astype(np.float32))


@functools.cache
def loom_fault() -> tuple[torch.Tensor, torch.Tensor]:
    """380 loom stops: warp tension, weft speed, humidity, shuttle temperature, vibration band
    energies (3), all normal; the fault (5 classes) the largest of five quadratic scores of the
    first five columns plus Gumbel noise (scale 0.6): a GELU MLP (32)."""
    rng = np.random.default_rng(541)
    n = 380
    X = rng.normal(0.0, 1.0, (n, 7))
    W = rng.normal(0.0, 1.0, (5, 5))
    Q = rng.normal(0.0, 0.5, (5, 5))
    scores = X[:, :5] @ W.T + (X[:, :5] ** 2) @ Q.T + rng.gumbel(0.0, 0.6, (n, 5))
    return _tensors(_columns(*X.T), scores.argmax(1).astype(np.int64))


@functools.cache
def ferry_ticket() -> tuple[torch.Tensor, torch.Tensor]:
    """400 stamped ferry tickets: 8 x 8 glyphs of ten random binary prototypes (each pixel on with
    probability 0.35), shifted by up to one pixel, pixel noise sd 0.5, scaled to 0-16 as scanned
    and then standardised per pixel; the class (10) the prototype: a ReLU MLP (32)."""
    rng = np.random.default_rng(542)
    n = 400
    protos = (rng.random((10, 8, 8)) < 0.35).astype(float)
    y = rng.integers(0, 10, n)
    X = np.empty((n, 8, 8))
    for i, k in enumerate(y):
        X[i] = np.roll(protos[k], tuple(rng.integers(-1, 2, 2)), axis=(0, 1))
    X = np.clip(X + rng.normal(0.0, 0.5, X.shape), 0.0, 1.5) * 16 / 1.5
    X = X.reshape(n, -1)
    X = (X - X.mean(0)) / (X.std(0) + 1e-6)
    return _tensors(X, y.astype(np.int64))


@functools.cache
def tile_glaze() -> tuple[torch.Tensor, torch.Tensor]:
    """360 noisy 12 x 12 one-channel tile images, 4 classes of glaze (a centred spot, a ring, a
    cross, a plain tile with a random gradient), random offset up to 2 pixels, amplitude 1, pixel
    noise sd 0.8, flattened: a CNN (4, 8)."""
    rng = np.random.default_rng(543)
    side, n = 12, 360
    y = rng.integers(0, 4, n)
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    X = rng.normal(0.0, 0.8, (n, side, side))
    for i, k in enumerate(y):
        cr, cc = 5.5 + rng.integers(-2, 3), 5.5 + rng.integers(-2, 3)
        d = np.hypot(r - cr, c - cc)
        if k == 0:
            X[i] += np.exp(-(d**2) / 6.0)
        elif k == 1:
            X[i] += np.exp(-((d - 3.5) ** 2) / 1.5)
        elif k == 2:
            X[i] += ((np.abs(r - cr) < 1) | (np.abs(c - cc) < 1)).astype(float)
        else:
            a = rng.uniform(0, 2 * np.pi)
            X[i] += (np.cos(a) * (r - 5.5) + np.sin(a) * (c - 5.5)) / 6.0
    return _tensors(X.reshape(n, -1), y.astype(np.int64))


@functools.cache
def hailstone_mass() -> tuple[torch.Tensor, torch.Tensor]:
    """320 hailstones: updraft speed (normal 20, sd 6), freezing level (normal 3.5, sd 0.6), cloud
    water (gamma 2, scale 1), cloud-top temperature (normal -40, sd 8); the target the log mass
    ``0.1 updraft + 0.5 log(water) - 0.3 level - 0.02 temperature`` plus Student-t noise (df 1.5,
    scale 0.3: heavy-tailed), standardised: a ReLU MLP (16, 16)."""
    rng = np.random.default_rng(544)
    n = 320
    up, level = rng.normal(20.0, 6.0, n), rng.normal(3.5, 0.6, n)
    water, top = rng.gamma(2.0, 1.0, n), rng.normal(-40.0, 8.0, n)
    y = 0.1 * up + 0.5 * np.log(water) - 0.3 * level - 0.02 * top + 0.3 * rng.standard_t(1.5, n)
    return _tensors(_columns(up, level, water, top), _standardised(y).astype(np.float32))


@functools.cache
def kelp_bed() -> tuple[torch.Tensor, torch.Tensor]:
    """340 transects: depth, water temperature, nitrate, wave exposure, urchin density (normal,
    standardised), 3% of the rows outlying (their inputs times 8, as a mis-logged sensor); the target
    the cover ``sigmoid(1 - depth - 0.8 temperature + 0.6 nitrate - 0.5 exposure - urchin)`` of the
    true inputs plus normal noise (sd 0.05), standardised: a GELU MLP (24, 24)."""
    rng = np.random.default_rng(545)
    n = 340
    X = rng.normal(0.0, 1.0, (n, 5))
    z = 1 - X[:, 0] - 0.8 * X[:, 1] + 0.6 * X[:, 2] - 0.5 * X[:, 3] - X[:, 4]
    y = 1 / (1 + np.exp(-z)) + rng.normal(0.0, 0.05, n)
    out = rng.random(n) < 0.03
    X[out] *= 8.0
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("quarry blast relu mlp", FRESH54, "regression", quarry_blast, "mlp", "mse", {"hidden": (32, 32)}),
    ("loom fault gelu mlp", FRESH54, "classification", loom_fault, "mlp", "cross_entropy", {"hidden": (32,), "activation": "gelu"}),
    ("ferry ticket relu mlp", FRESH54, "classification", ferry_ticket, "mlp", "cross_entropy", {"hidden": (32,)}),
    ("tile glaze cnn", FRESH54, "classification", tile_glaze, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
    ("hailstone mass relu mlp", FRESH54, "regression", hailstone_mass, "mlp", "mse", {"hidden": (16, 16)}),
    ("kelp bed gelu mlp", FRESH54, "regression", kelp_bed, "mlp", "mse", {"hidden": (24, 24), "activation": "gelu"}),
)  # fmt: skip
