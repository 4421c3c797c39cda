"""The data of the doctor corpus's third full-batch heavy-ball group (``_doctor_tasks.py``):
``fresh53``, written on 2026-12-06 at 06:05 UTC by session 25's doctor helper doctor22, before the
round's change is designed and before any run of this group (or of the fitting groups fresh47 and
fresh48) was diagnosed. It holds full-batch heavy-ball grids alone: each task is trained with heavy
ball on the whole training set at β = 0.99 (``momentum99_full``) and at β = 0.9
(``momentum_full``), at the 13 grid rates, about 200 updates each, so that a reading of full-batch
heavy ball at β = 0.99, whose swings take about a hundred steps to damp, is tested on runs the
fitting set never saw (session 24 left its too-small recall at 24 of 47 on its fitting set).

Eight small tasks, standardised unless named raw: MLPs on rail wear readings (ReLU, 32 and 16), on
sourdough rise readings (GELU, 24) and on dairy herd yields (tanh, 16); classifying heron nesting
sites (3 classes, sigmoid, 16) and canal barge delays (2 classes, tanh, 16 and 16); a softmax
regression on tea grades (4 classes), a logistic regression on orchard blight (2 classes) and a
linear regression on raw copper assay readings (a column in the tens to hundreds, two nearly
collinear).
Every training set has at most 300 rows. None of its tasks shares a generator, a data set and a
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

FRESH53 = "fresh53"
HEAVY = ("momentum_full", "momentum99_full")


@functools.cache
def rail_wear() -> tuple[torch.Tensor, torch.Tensor]:
    """270 track sections: tonnage (gamma 3, scale 10), curve radius (lognormal 7, 0.5), rail age
    (uniform 0-30), lubrication flag (40%); the target the wear ``tonnage (1 + 800 / radius) (1 +
    age / 20)^1.5 / 40`` halved under lubrication, plus normal noise (sd 0.3), standardised: a ReLU
    MLP (32, 16)."""
    rng = np.random.default_rng(530)
    n = 270
    tonnage, radius = rng.gamma(3.0, 10.0, n), rng.lognormal(7.0, 0.5, n)
    age, lube = rng.uniform(0.0, 30.0, n), (rng.random(n) < 0.4).astype(float)
    y = tonnage * (1 + 800.0 / radius) * (1 + age / 20.0) ** 1.5 / 40.0 * (1 - 0.5 * lube) + rng.normal(0.0, 0.3, n)
    return _tensors(_columns(tonnage, np.log(radius), age, lube), _standardised(y).astype(np.float32))


@functools.cache
def sourdough_rise() -> tuple[torch.Tensor, torch.Tensor]:
    """240 loaves: starter share (uniform 0.1-0.4), room temperature (normal 23, sd 3), hydration
    (uniform 0.6-0.85), proof hours (uniform 2-10); the target the rise ``(1 - exp(-hours share
    exp((temp - 23) / 8) / 1.5)) (1 + hydration - 0.7)`` plus normal noise (sd 0.05), standardised:
    a GELU MLP (24)."""
    rng = np.random.default_rng(531)
    n = 240
    share, temp = rng.uniform(0.1, 0.4, n), rng.normal(23.0, 3.0, n)
    hydration, hours = rng.uniform(0.6, 0.85, n), rng.uniform(2.0, 10.0, n)
    y = (1 - np.exp(-hours * share * np.exp((temp - 23) / 8.0) / 1.5)) * (1 + hydration - 0.7)
    y = y + rng.normal(0.0, 0.05, n)
    return _tensors(_columns(share, temp, hydration, hours), _standardised(y).astype(np.float32))


@functools.cache
def dairy_herd() -> tuple[torch.Tensor, torch.Tensor]:
    """250 herds: cows (poisson 80), feed per cow (normal 20, sd 3), pasture share (uniform 0-1),
    mean lactation day (uniform 30-300); the target the yield per cow ``feed (1.2 - pasture / 3)
    exp(-(day - 60)^2 / 40000) + 0.01 cows`` plus normal noise (sd 1), standardised: a tanh MLP
    (16)."""
    rng = np.random.default_rng(532)
    n = 250
    cows, feed = rng.poisson(80.0, n).astype(float), rng.normal(20.0, 3.0, n)
    pasture, day = rng.uniform(0.0, 1.0, n), rng.uniform(30.0, 300.0, n)
    y = feed * (1.2 - pasture / 3) * np.exp(-((day - 60) ** 2) / 40000.0) + 0.01 * cows + rng.normal(0.0, 1.0, n)
    return _tensors(_columns(cows, feed, pasture, day), _standardised(y).astype(np.float32))


@functools.cache
def heron_nesting() -> tuple[torch.Tensor, torch.Tensor]:
    """230 sites: distance to water (exponential, mean 300), tree height (normal 15, sd 4),
    disturbance (uniform 0-1), fish density (lognormal 0, 0.5); the class (3: none, few, colony)
    from ``-distance / 200 + height / 5 - 2 disturbance + fish`` plus logistic noise (scale 0.5),
    cut at its terciles: a sigmoid MLP (16)."""
    rng = np.random.default_rng(533)
    n = 230
    dist, height = rng.exponential(300.0, n), rng.normal(15.0, 4.0, n)
    disturb, fish = rng.uniform(0.0, 1.0, n), rng.lognormal(0.0, 0.5, n)
    z = -dist / 200 + height / 5 - 2 * disturb + fish + rng.logistic(0.0, 0.5, n)
    y = np.digitize(z, np.quantile(z, [1 / 3, 2 / 3])).astype(np.int64)
    return _tensors(_columns(dist, height, disturb, fish), y)


@functools.cache
def canal_barge() -> tuple[torch.Tensor, torch.Tensor]:
    """260 trips: locks passed (poisson 6), load in tonnes (uniform 50-400), water level anomaly
    (normal 0, sd 0.3), departure hour (uniform 0-24); whether the barge arrived late (2) from
    ``locks / 3 + load / 200 + 4 level^2 + sin(hour / 4) - 3`` plus logistic noise (scale 0.4) above 0: a tanh MLP (16, 16)."""
    rng = np.random.default_rng(534)
    n = 260
    locks, load = rng.poisson(6.0, n).astype(float), rng.uniform(50.0, 400.0, n)
    level, hour = rng.normal(0.0, 0.3, n), rng.uniform(0.0, 24.0, n)
    z = locks / 3 + load / 200 + 4 * level**2 + np.sin(hour / 4) - 3 + rng.logistic(0.0, 0.4, n)
    return _tensors(_columns(locks, load, level, np.sin(hour / 4), np.cos(hour / 4)), (z > 0).astype(np.int64))


@functools.cache
def tea_grade() -> tuple[torch.Tensor, torch.Tensor]:
    """240 batches: leaf size (normal 0, sd 1), altitude (normal 0, sd 1), oxidation (normal 0, sd
    1), withering hours (normal 0, sd 1), two noise columns; the grade (4) the largest of four
    linear scores of the first four columns plus Gumbel noise (scale 0.7): a softmax regression."""
    rng = np.random.default_rng(535)
    n = 240
    X = rng.normal(0.0, 1.0, (n, 6))
    W = rng.normal(0.0, 1.0, (4, 4))
    scores = X[:, :4] @ W.T + rng.gumbel(0.0, 0.7, (n, 4))
    return _tensors(_columns(*X.T), scores.argmax(1).astype(np.int64))


@functools.cache
def orchard_blight() -> tuple[torch.Tensor, torch.Tensor]:
    """220 trees: leaf wetness hours (gamma 2, scale 5), tree age (uniform 2-40), spray days ago
    (exponential, mean 10), row spacing (normal 4, sd 0.5); whether blight appeared (2) from a
    logistic model ``(wetness - 10) / 4 + age / 20 + spray / 8 - (spacing - 4) - 1.5`` plus logistic
    noise (scale 0.8): a logistic regression."""
    rng = np.random.default_rng(536)
    n = 220
    wet, age = rng.gamma(2.0, 5.0, n), rng.uniform(2.0, 40.0, n)
    spray, spacing = rng.exponential(10.0, n), rng.normal(4.0, 0.5, n)
    z = (wet - 10) / 4 + age / 20 + spray / 8 - (spacing - 4) - 1.5 + rng.logistic(0.0, 0.8, n)
    return _tensors(_columns(wet, age, spray, spacing), (z > 0).astype(np.int64))


@functools.cache
def raw_copper_assay() -> tuple[torch.Tensor, torch.Tensor]:
    """200 core samples, raw: depth in metres (uniform 20-150), copper by XRF in percent (normal
    1.2, sd 0.3), copper by wet assay in percent (the XRF value times 0.98 plus normal noise sd
    0.03), sulphur in percent (uniform 0-10); the target the grade ``(xrf + wet) / 2 - depth / 100
    + sulphur / 10`` plus normal noise (sd 0.2), standardised: a linear regression on the raw
    columns (depth in the tens to hundreds, the two assays nearly collinear)."""
    rng = np.random.default_rng(537)
    n = 200
    depth, xrf = rng.uniform(20.0, 150.0, n), rng.normal(1.2, 0.3, n)
    wet, sulphur = 0.98 * xrf + rng.normal(0.0, 0.03, n), rng.uniform(0.0, 10.0, n)
    y = (xrf + wet) / 2 - depth / 100 + sulphur / 10 + rng.normal(0.0, 0.2, n)
    X = np.column_stack([depth, xrf, wet, sulphur]).astype(np.float32)
    return _tensors(X, _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image, optimizers).
TASKS = (
    ("rail wear relu mlp", FRESH53, "regression", rail_wear, "mlp", "mse", {"hidden": (32, 16)}, False, False, HEAVY),
    ("sourdough rise gelu mlp", FRESH53, "regression", sourdough_rise, "mlp", "mse", {"hidden": (24,), "activation": "gelu"}, False, False, HEAVY),
    ("dairy herd tanh mlp", FRESH53, "regression", dairy_herd, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, False, False, HEAVY),
    ("heron nesting sigmoid mlp", FRESH53, "classification", heron_nesting, "mlp", "cross_entropy", {"hidden": (16,), "activation": "sigmoid"}, False, False, HEAVY),
    ("canal barge tanh mlp", FRESH53, "classification", canal_barge, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "tanh"}, False, False, HEAVY),
    ("tea grade softmax", FRESH53, "classification", tea_grade, "softmax", "cross_entropy", {}, False, False, HEAVY),
    ("orchard blight logistic", FRESH53, "classification", orchard_blight, "logistic", "bce", {}, False, False, HEAVY),
    ("raw copper assay linear", FRESH53, "regression", raw_copper_assay, "linear", "mse", {}, True, False, HEAVY),
)  # fmt: skip
