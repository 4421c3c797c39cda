"""The data of the doctor corpus's fifty-fifth group (``_doctor_tasks.py``): ``fresh55``, written on
2026-12-06 at 07:37 UTC by session 25's doctor helper doctor25, before any run of the group was
diagnosed. It was written FOR a candidate already conceived and frozen (a caveat): doctor24's S (a
run without readings is not told its rate is too small where its gradient norm spiked and died while
the median step changed the weights by at least their own norm), whose held-out group fresh54 could
not reach it (its gate held only on runs the start rule did not call too small). This group holds
the runs S is about: mini-batch ReLU/GELU MLPs on inputs scaled to [0, 1] (not centred, as the
watched digits MLP's X/16 was), which a large rate may throw onto a plateau at chance, and
regressions on [0, 1] inputs with heavy-tailed targets, where a tiny rate can show a noise spike.

Six small tasks, no image, trained with the corpus's mini-batch grids (SGD, momentum, Adam; full-
batch GD beside them): a ReLU MLP (72,) classifying 8 x 8 semaphore glyphs (10 classes, pixel
intensities in [0, 1]); a ReLU MLP (96,) classifying soil assays (8 classes, 40 element fractions
in [0, 1]); a GELU MLP (80,) classifying beehive sound bands (6 classes, 32 bands min-max scaled to
[0, 1]); a ReLU MLP (120,) classifying 7 x 7 loom punch cards (12 classes, binary holes with
flips); a ReLU MLP (24, 24) on orchard yield with Student-t noise (df 1.5) from min-max
scaled inputs; a GELU MLP (32,) on glacier melt with 3% of the targets outlying, inputs min-max
scaled. Every training set has at most 400 rows. None of its tasks shares a generator, a data set
and a model with a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH55 = "fresh55"


def _unit(X: np.ndarray) -> np.ndarray:
    """Each column min-max scaled to [0, 1], as float32."""
    lo, hi = X.min(0), X.max(0)
    return ((X - lo) / np.where(hi > lo, hi - lo, 1.0)).astype(np.float32)


@functools.cache
def semaphore_glyph() -> tuple[torch.Tensor, torch.Tensor]:
    """400 8 x 8 glyphs of ten random prototypes (each pixel on with probability 0.4), shifted by up
    to one pixel, intensity times uniform(0.6, 1) plus pixel noise sd 0.15, clipped to [0, 1]; the
    class (10) the prototype: a ReLU MLP (72,)."""
    rng = np.random.default_rng(550)
    n = 400
    protos = (rng.random((10, 8, 8)) < 0.4).astype(float)
    y = rng.integers(0, 10, n)
    X = np.empty((n, 8, 8))
    for i, k in enumerate(y):
        X[i] = np.roll(protos[k], tuple(rng.integers(-1, 2, 2)), axis=(0, 1)) * rng.uniform(0.6, 1.0)
    X = np.clip(X + rng.normal(0.0, 0.15, X.shape), 0.0, 1.0)
    return _tensors(X.reshape(n, -1).astype(np.float32), y.astype(np.int64))


@functools.cache
def soil_assay() -> tuple[torch.Tensor, torch.Tensor]:
    """400 assays of 40 element fractions in [0, 1]: the soil type's (8) profile (uniform 0-1 per
    element) plus normal noise (sd 0.25), clipped to [0, 1]; the class the type: a ReLU MLP (96,)."""
    rng = np.random.default_rng(551)
    n = 400
    profiles = rng.random((8, 40))
    y = rng.integers(0, 8, n)
    X = np.clip(profiles[y] + rng.normal(0.0, 0.25, (n, 40)), 0.0, 1.0)
    return _tensors(X.astype(np.float32), y.astype(np.int64))


@functools.cache
def beehive_sound() -> tuple[torch.Tensor, torch.Tensor]:
    """380 recordings: 32 band energies (lognormal around the colony state's profile, 6 states), min-
    max scaled to [0, 1] per band; the class the state: a GELU MLP (80,)."""
    rng = np.random.default_rng(552)
    n = 380
    profiles = rng.normal(0.0, 0.6, (6, 32))
    y = rng.integers(0, 6, n)
    X = np.exp(profiles[y] + rng.normal(0.0, 0.5, (n, 32)))
    return _tensors(_unit(X), y.astype(np.int64))


@functools.cache
def loom_punch_card() -> tuple[torch.Tensor, torch.Tensor]:
    """384 7 x 7 punch cards: twelve random hole patterns (probability 0.5), each hole flipped with
    probability 0.08, 0/1 pixels; the class (12) the pattern: a ReLU MLP (120,)."""
    rng = np.random.default_rng(553)
    n = 384
    protos = (rng.random((12, 49)) < 0.5).astype(float)
    y = rng.integers(0, 12, n)
    X = np.abs(protos[y] - (rng.random((n, 49)) < 0.08))
    return _tensors(X.astype(np.float32), y.astype(np.int64))


@functools.cache
def orchard_yield() -> tuple[torch.Tensor, torch.Tensor]:
    """320 orchards: chill hours, spring frost days, rainfall, tree age, pollinator visits (uniform,
    min-max scaled to [0, 1]); the target the yield ``2 chill - frost + sin(3 rain) + 0.5 age visits``
    of the scaled inputs plus Student-t noise (df 1.5, scale 0.3: heavy-tailed), standardised: a ReLU
    MLP (24, 24)."""
    rng = np.random.default_rng(554)
    n = 320
    X = _unit(rng.uniform(0.0, 1.0, (n, 5)) * np.array([1500.0, 20.0, 900.0, 40.0, 300.0]))
    y = 2 * X[:, 0] - X[:, 1] + np.sin(3 * X[:, 2]) + 0.5 * X[:, 3] * X[:, 4] + 0.3 * rng.standard_t(1.5, n)
    return _tensors(X, _standardised(y).astype(np.float32))


@functools.cache
def glacier_melt() -> tuple[torch.Tensor, torch.Tensor]:
    """340 stakes: elevation, aspect cosine, debris cover, summer temperature, albedo (normal, min-max
    scaled to [0, 1]); the target the melt ``temperature - albedo - 0.6 debris - 0.4 elevation +
    0.2 aspect`` plus normal noise (sd 0.05), 3% of the targets outlying (times 10, as a mis-read
    stake), standardised: a GELU MLP (32,)."""
    rng = np.random.default_rng(555)
    n = 340
    X = _unit(rng.normal(0.0, 1.0, (n, 5)))
    y = X[:, 3] - X[:, 4] - 0.6 * X[:, 2] - 0.4 * X[:, 0] + 0.2 * X[:, 1] + rng.normal(0.0, 0.05, n)
    out = rng.random(n) < 0.03
    y[out] *= 10.0
    return _tensors(X, _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("semaphore glyph relu mlp", FRESH55, "classification", semaphore_glyph, "mlp", "cross_entropy", {"hidden": (72,)}),
    ("soil assay relu mlp", FRESH55, "classification", soil_assay, "mlp", "cross_entropy", {"hidden": (96,)}),
    ("beehive sound gelu mlp", FRESH55, "classification", beehive_sound, "mlp", "cross_entropy", {"hidden": (80,), "activation": "gelu"}),
    ("loom punch card relu mlp", FRESH55, "classification", loom_punch_card, "mlp", "cross_entropy", {"hidden": (120,)}),
    ("orchard yield relu mlp", FRESH55, "regression", orchard_yield, "mlp", "mse", {"hidden": (24, 24)}),
    ("glacier melt gelu mlp", FRESH55, "regression", glacier_melt, "mlp", "mse", {"hidden": (32,), "activation": "gelu"}),
)  # fmt: skip
