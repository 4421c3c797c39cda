"""The data of the doctor corpus's fifty-sixth group (``_doctor_tasks.py``): ``fresh56``, written on
2026-12-06 at 09:35 UTC by session 26's doctor helper doctor28, before any run of the group was
diagnosed. Caveat: it was written AFTER doctor28 had read, on the read groups, why healthy runs at
their grid's best rate are called "too large", and had conceived the direction of its candidates:
most healthy "divergence" calls there are the collapse check of ``doctor/_instability.py`` (unstable
readings and "the loss ended no lower than its start") on mini-batch regressions with heavy-tailed
or outlying targets, where the start that check reads, the first mini-batch's loss, sits far below
the loss over the data at the initial weights (orchard yield: a first batch of 0.687 against the
data's 1.000; the epoch's batches range 0.39 to 3.6), so a run that trained from 1.0 to 0.70 is
read as "no lower than its start". This group holds that regime: mini-batch MLP regressions on
standardised targets whose noise is heavy-tailed or outlying, so that one batch of 32 can read far
from the data's loss.

Six small tasks, no image, trained with the corpus's grids (SGD, momentum, Adam on mini-batches of
32; full-batch GD beside them): a ReLU MLP (32, 32) on kiln crack widths with Student-t noise (df
1.3); a GELU MLP (40,) on river sediment loads, a log-normal target (sigma 1.1); a tanh MLP (32,)
on wind gusts with 4% of the targets outlying (times 8, a stuck anemometer); a ReLU MLP (48,) on
parcel weights with Student-t noise (df 1.1) on a smooth target of eight standardised readings; a
GELU MLP (24, 24) on honey moisture, a Pareto (shape 1.6) right-tailed target; a ReLU MLP (64,) on
quarry dust, 8% of the rows' targets saturated high (times 5). Inputs standardised or min-max
scaled to [0, 1]; every training set has at most 400 rows. None of its tasks shares a generator, a
data set and a model with a task of an earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH56 = "fresh56"


def _unit(X: np.ndarray) -> np.ndarray:
    """Each column min-max scaled to [0, 1], as float32."""
    lo, hi = X.min(0), X.max(0)
    return ((X - lo) / np.where(hi > lo, hi - lo, 1.0)).astype(np.float32)


@functools.cache
def kiln_crack() -> tuple[torch.Tensor, torch.Tensor]:
    """340 firings: peak temperature, ramp rate, cooling rate, clay moisture, wall thickness, glaze
    load (normal, standardised); the target the crack width ``0.8 ramp + 0.6 cooling moisture +
    tanh(temperature) - 0.4 thickness`` plus Student-t noise (df 1.3, scale 0.25), standardised: a
    ReLU MLP (32, 32)."""
    rng = np.random.default_rng(560)
    n = 340
    X = rng.normal(0.0, 1.0, (n, 6))
    y = 0.8 * X[:, 1] + 0.6 * X[:, 2] * X[:, 3] + np.tanh(X[:, 0]) - 0.4 * X[:, 4] + 0.25 * rng.standard_t(1.3, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def river_sediment() -> tuple[torch.Tensor, torch.Tensor]:
    """360 samples: discharge, slope, rainfall, bank vegetation, upstream area (uniform, min-max
    scaled to [0, 1]); the target the sediment load ``exp(1.2 discharge + 0.8 slope rain - 0.5
    vegetation + 1.1 z)`` with z standard normal (log-normal, sigma 1.1), standardised: a GELU MLP
    (40,)."""
    rng = np.random.default_rng(561)
    n = 360
    X = _unit(rng.uniform(0.0, 1.0, (n, 5)) * np.array([300.0, 0.05, 80.0, 1.0, 900.0]))
    y = np.exp(1.2 * X[:, 0] + 0.8 * X[:, 1] * X[:, 2] - 0.5 * X[:, 3] + 1.1 * rng.normal(0.0, 1.0, n))
    return _tensors(X, _standardised(y).astype(np.float32))


@functools.cache
def wind_gust() -> tuple[torch.Tensor, torch.Tensor]:
    """320 hours: mean wind, pressure gradient, temperature lapse, terrain roughness, hour sine and
    cosine (normal, standardised); the target the peak gust ``1.3 wind + 0.5 gradient lapse - 0.3
    roughness + 0.2 sin`` plus normal noise (sd 0.1), 4% of the targets outlying (times 8, a stuck
    anemometer), standardised: a tanh MLP (32,)."""
    rng = np.random.default_rng(562)
    n = 320
    X = rng.normal(0.0, 1.0, (n, 6))
    y = 1.3 * X[:, 0] + 0.5 * X[:, 1] * X[:, 2] - 0.3 * X[:, 3] + 0.2 * X[:, 4] + rng.normal(0.0, 0.1, n)
    out = rng.random(n) < 0.04
    y[out] *= 8.0
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def parcel_weight() -> tuple[torch.Tensor, torch.Tensor]:
    """380 parcels: eight scan readings (length, width, height, density proxy, fill, label area,
    tape length, handling count; correlated normal, standardised); the target the billed weight
    ``sin(length) + width height + 0.5 density - 0.3 fill`` plus Student-t noise (df 1.1, scale 0.2:
    a mis-keyed weight now and then), standardised: a ReLU MLP (48,)."""
    rng = np.random.default_rng(563)
    n = 380
    mix = rng.normal(0.0, 0.4, (8, 8)) + np.eye(8)
    X = rng.normal(0.0, 1.0, (n, 8)) @ mix
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.5 * X[:, 3] - 0.3 * X[:, 4] + 0.2 * rng.standard_t(1.1, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def honey_moisture() -> tuple[torch.Tensor, torch.Tensor]:
    """300 harvests: hive humidity, nectar source share, extraction delay, frame capping share
    (uniform, min-max scaled to [0, 1]); the target the moisture excess ``(1 + humidity + delay -
    capping) x`` with x Pareto (shape 1.6, right-tailed), standardised: a GELU MLP (24, 24)."""
    rng = np.random.default_rng(564)
    n = 300
    X = _unit(rng.uniform(0.0, 1.0, (n, 4)) * np.array([100.0, 1.0, 30.0, 1.0]))
    y = (1.0 + X[:, 0] + X[:, 2] - X[:, 3]) * (1.0 + rng.pareto(1.6, n))
    return _tensors(X, _standardised(y).astype(np.float32))


@functools.cache
def quarry_dust() -> tuple[torch.Tensor, torch.Tensor]:
    """360 shifts: blast count, crusher hours, wind speed, water spray rate, haul distance (normal,
    standardised); the target the dust reading ``blasts + 0.7 crusher - 0.6 spray + 0.4 wind
    distance`` plus normal noise (sd 0.2), 8% of the readings saturated high (times 5), standardised:
    a ReLU MLP (64,)."""
    rng = np.random.default_rng(565)
    n = 360
    X = rng.normal(0.0, 1.0, (n, 5))
    y = X[:, 0] + 0.7 * X[:, 1] - 0.6 * X[:, 3] + 0.4 * X[:, 2] * X[:, 4] + rng.normal(0.0, 0.2, n)
    sat = rng.random(n) < 0.08
    y[sat] = np.abs(y[sat]) * 5.0
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("kiln crack relu mlp", FRESH56, "regression", kiln_crack, "mlp", "mse", {"hidden": (32, 32)}),
    ("river sediment gelu mlp", FRESH56, "regression", river_sediment, "mlp", "mse", {"hidden": (40,), "activation": "gelu"}),
    ("wind gust tanh mlp", FRESH56, "regression", wind_gust, "mlp", "mse", {"hidden": (32,), "activation": "tanh"}),
    ("parcel weight relu mlp", FRESH56, "regression", parcel_weight, "mlp", "mse", {"hidden": (48,)}),
    ("honey moisture gelu mlp", FRESH56, "regression", honey_moisture, "mlp", "mse", {"hidden": (24, 24), "activation": "gelu"}),
    ("quarry dust relu mlp", FRESH56, "regression", quarry_dust, "mlp", "mse", {"hidden": (64,)}),
)  # fmt: skip
