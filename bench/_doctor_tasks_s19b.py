"""The data of the doctor corpus's second session-19 group (``_doctor_tasks.py``): a thirtieth
fresh group, ``fresh30``, written on 2026-12-05 at 14:53 UTC, before session 19's second doctor
helper re-froze its change (e16bf35, reverted on fresh29 in b071ed1) and before any run of this
group was trained. It is written to hold the runs that change acts on, healthy multi-layer
networks under Adam whose raw inputs give large gradients, beside the corpus's other kinds: a
small CNN on raw 0-255 pixel intensities (uncentred, one scale for every pixel: a bright square's
band, 3 classes), a ReLU MLP on raw, badly scaled weather-station readings (the group's badly
scaled task: pascals, metres, percent and hours), a tanh MLP whose regression target is left in
raw units (journey times in minutes, the features standardised), a logistic model on
Laplace-distributed features, a GELU MLP on the maximum of three features under the absolute
error, and a sigmoid MLP on terciles of a product. Every training set has at most 256 rows, so
the runs' probe is all of them (``descend.instruments.run_probe.probe_size``). None of its tasks
shares a generator, a data set and a model with a task of an earlier group, fresh29 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH30 = "fresh30"


@functools.cache
def raw_pixel_squares() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images in raw 0-255 intensities (background normal around 90, sd 35,
    clipped to 0-255), each holding a 2 x 2 square brighter by 90 at a random place; the class
    (3) which band of columns its left edge (0-6) lies in: 0-2, 3-4 or 5-6. Pixels are left unscaled, as an image read from a file would be: a small CNN."""
    rng = np.random.default_rng(300)
    n, side = 240, 8
    X = rng.normal(90.0, 35.0, (n, side, side))
    y = np.empty(n, dtype=np.int64)
    for i in range(n):
        r, c = rng.integers(0, side - 1, 2)
        X[i, r : r + 2, c : c + 2] += 90.0
        y[i] = 0 if c <= 2 else (1 if c <= 4 else 2)
    X = np.clip(X, 0.0, 255.0)
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def raw_weather_station() -> tuple[torch.Tensor, torch.Tensor]:
    """230 weather-station readings: air pressure in pascals (uniform 96000-104000), altitude in
    metres (uniform 0-2500), relative humidity in percent (uniform 10-100) and the hour of the
    day (0-23), given raw (the group's badly scaled task: uncentred, scales from 10 to 1e5); the
    target a dew-like index ``0.0004 (pressure - 100000) - 0.0008 altitude + 0.02 humidity +
    cos(2 pi hour / 24)`` plus normal noise (sd 0.2), standardised: a regression for a
    one-layer ReLU MLP."""
    rng = np.random.default_rng(301)
    n = 230
    pressure, altitude = rng.uniform(96000.0, 104000.0, n), rng.uniform(0.0, 2500.0, n)
    humidity, hour = rng.uniform(10.0, 100.0, n), rng.integers(0, 24, n).astype(np.float64)
    y = 0.0004 * (pressure - 100000.0) - 0.0008 * altitude + 0.02 * humidity + np.cos(2 * np.pi * hour / 24)
    y = y + rng.normal(0.0, 0.2, n)
    X = np.column_stack([pressure, altitude, humidity, hour])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_journey_minutes() -> tuple[torch.Tensor, torch.Tensor]:
    """220 journeys, 4 normal features (standardised), the target a time in minutes left raw:
    ``40 + 9 x0 + 5 |x1| - 4 x2 + 3 x0 x2`` plus normal noise (sd 2), so the loss starts near
    1.7e3 and its gradient is large at small rates: a regression for a two-layer tanh MLP."""
    rng = np.random.default_rng(302)
    X = rng.normal(0.0, 1.0, (220, 4))
    y = 40.0 + 9.0 * X[:, 0] + 5.0 * np.abs(X[:, 1]) - 4.0 * X[:, 2] + 3.0 * X[:, 0] * X[:, 2]
    y = y + rng.normal(0.0, 2.0, 220)
    return _tensors(_standardised(X).astype(np.float32), y.astype(np.float32))


@functools.cache
def laplace_features() -> tuple[torch.Tensor, torch.Tensor]:
    """250 rows of 6 Laplace features (scale 1), the class (2) the sign of ``x0 - 0.7 x1 + 0.5
    x2 - 0.3 x3`` plus Laplace noise (scale 0.6); standardised: heavy-tailed inputs and labels
    that no hyperplane separates, for a logistic model."""
    rng = np.random.default_rng(303)
    X = rng.laplace(0.0, 1.0, (250, 6))
    score = X[:, 0] - 0.7 * X[:, 1] + 0.5 * X[:, 2] - 0.3 * X[:, 3] + rng.laplace(0.0, 0.6, 250)
    return _tensors(_standardised(X).astype(np.float32), (score > 0).astype(np.int64))


@functools.cache
def max_of_three() -> tuple[torch.Tensor, torch.Tensor]:
    """240 rows of 3 uniform features in [-1, 1] plus 2 unused ones, the target ``max(x0, x1,
    x2)`` plus Laplace noise (scale 0.05), standardised: a piecewise-linear target for a
    two-layer GELU MLP under the absolute error."""
    rng = np.random.default_rng(304)
    X = rng.uniform(-1.0, 1.0, (240, 5))
    y = X[:, :3].max(1) + rng.laplace(0.0, 0.05, 240)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def product_terciles() -> tuple[torch.Tensor, torch.Tensor]:
    """250 rows of 4 normal features, the class (3) the tercile of ``x0 x1 + 0.5 x2``, labels
    changed at random for 5%; standardised: saddle-shaped boundaries for a one-layer sigmoid
    MLP."""
    rng = np.random.default_rng(305)
    X = rng.normal(0.0, 1.0, (250, 4))
    score = X[:, 0] * X[:, 1] + 0.5 * X[:, 2]
    y = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3])).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 250) < 0.05
    y[flip] = rng.integers(0, 3, int(flip.sum()))
    return _tensors(_standardised(X).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw pixel squares cnn", FRESH30, "classification", raw_pixel_squares, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("raw weather station relu mlp", FRESH30, "regression", raw_weather_station, "mlp", "mse", {"hidden": (16,)}, True),
    ("raw journey minutes tanh mlp", FRESH30, "regression", raw_journey_minutes, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}),
    ("laplace features logistic", FRESH30, "classification", laplace_features, "logistic", "bce", {}),
    ("max of three mae gelu mlp", FRESH30, "regression", max_of_three, "mlp", "mae", {"hidden": (24, 24), "activation": "gelu"}),
    ("product terciles sigmoid mlp", FRESH30, "classification", product_terciles, "mlp", "cross_entropy", {"hidden": (24,), "activation": "sigmoid"}),
)  # fmt: skip
