"""The data of the doctor corpus's fifty-eighth group (``_doctor_tasks.py``): ``fresh58``, written on
2026-12-06 at 12:00 UTC by session 27's doctor helper doctor31, before any run of the group was
diagnosed. Caveat: it was written AFTER the false alarms of the corpus had been mapped by the
check that fires (the largest class: a healthy run whose loss blew up to ``BLOWN_UP`` times its
start in its first steps or epoch and came back, read as a swing, ``oscillation``, by
``doctor/_instability.py``) and after that class's runs had been looked at, but before any change
for it was declared. This group holds that regime: small models on a few hundred rows, raw or
standardised inputs, whose first steps at the grid's rates near the best can throw the loss up
and let it come back (full-batch GD beside the mini-batch grids).

Six small tasks, no image, trained with the corpus's grids (SGD, momentum, Adam on mini-batches of
32; full-batch GD beside them): a ReLU MLP (16, 16) on raw peat bog readings; a sigmoid MLP (16,)
on standardised clock tower drift; a ReLU MLP (24,) classifying raw ox cart loads in three
classes; a deep tanh MLP (24, 24, 24) on standardised dovecote counts; a linear model on raw
watermill readings; a sigmoid MLP (16, 16) classifying standardised level crossing faults (two classes).
None of its tasks shares a generator, a data set and a model with a task of an earlier group, and
none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH58 = "fresh58"


@functools.cache
def raw_peat_bog() -> tuple[torch.Tensor, torch.Tensor]:
    """240 bog cores: water table depth in cm (uniform 5-60), peat temperature in °C (normal 9, sd
    3), sphagnum cover in percent (uniform 0-100), raw; the target the methane flux ``-(depth - 30) / 12
    + (temperature - 9) / 3 + relu(cover - 40) / 25`` plus normal noise (sd 0.3), standardised: a
    two-layer ReLU MLP (16, 16)."""
    rng = np.random.default_rng(580)
    n = 240
    d, t, c = rng.uniform(5.0, 60.0, n), rng.normal(9.0, 3.0, n), rng.uniform(0.0, 100.0, n)
    y = -(d - 30.0) / 12.0 + (t - 9.0) / 3.0 + np.maximum(c - 40.0, 0.0) / 25.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([d, t, c]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def clock_tower() -> tuple[torch.Tensor, torch.Tensor]:
    """200 weeks: temperature, humidity, pendulum amplitude, wind, days since winding (normal,
    standardised); the target the clock's drift ``tanh(1.5 temperature) - 0.5 humidity amplitude +
    0.3 wind`` plus normal noise (sd 0.2), standardised: a sigmoid MLP (16,)."""
    rng = np.random.default_rng(581)
    n = 200
    X = rng.normal(0.0, 1.0, (n, 5))
    y = np.tanh(1.5 * X[:, 0]) - 0.5 * X[:, 1] * X[:, 2] + 0.3 * X[:, 3] + rng.normal(0.0, 0.2, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_ox_cart() -> tuple[torch.Tensor, torch.Tensor]:
    """250 hauls: load in kg (uniform 100-900), distance in km (uniform 1-25), slope in percent
    (normal 4, sd 3), raw; the class (3) a strain grade from ``(load - 500) / 200 + (distance - 13)
    / 6 + (slope - 4) / 2`` plus logistic noise (scale 0.4), cut at -0.8 and 0.8: a one-layer ReLU
    MLP of 24 units."""
    rng = np.random.default_rng(582)
    n = 250
    load, dist, slope = rng.uniform(100.0, 900.0, n), rng.uniform(1.0, 25.0, n), rng.normal(4.0, 3.0, n)
    z = (load - 500.0) / 200.0 + (dist - 13.0) / 6.0 + (slope - 4.0) / 2.0 + rng.logistic(0.0, 0.4, n)
    return _tensors(
        np.column_stack([load, dist, slope]).astype(np.float32), np.digitize(z, [-0.8, 0.8]).astype(np.int64)
    )


@functools.cache
def dovecote() -> tuple[torch.Tensor, torch.Tensor]:
    """300 lofts: six readings (grain, water, nest boxes, predators, daylight, age; normal,
    standardised); the target the squab count ``sin(x0) + 0.5 x1 x2 - 0.4 x3 + 0.2 x4`` plus normal
    noise (sd 0.25), standardised: a deep tanh MLP (24, 24, 24)."""
    rng = np.random.default_rng(583)
    n = 300
    X = rng.normal(0.0, 1.0, (n, 6))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2] - 0.4 * X[:, 3] + 0.2 * X[:, 4] + rng.normal(0.0, 0.25, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_watermill() -> tuple[torch.Tensor, torch.Tensor]:
    """220 days: river flow in m³/s (uniform 0.5-6), head in m (normal 2.5, sd 0.4), grain moisture in
    percent (uniform 10-20), raw; the target the flour ground ``0.6 flow + 1.5 head - 0.1 moisture``
    plus normal noise (sd 0.3), standardised: a linear model."""
    rng = np.random.default_rng(584)
    n = 220
    f, h, m = rng.uniform(0.5, 6.0, n), rng.normal(2.5, 0.4, n), rng.uniform(10.0, 20.0, n)
    y = 0.6 * f + 1.5 * h - 0.1 * m + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([f, h, m]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def level_crossing() -> tuple[torch.Tensor, torch.Tensor]:
    """260 barrier mechanisms: wear, lubrication, temperature, traffic (normal, standardised); the class
    (2) a fault where ``1.2 x0 - 0.8 x1 + 0.6 x2 x3`` plus logistic noise (scale 0.3) is positive:
    a sigmoid MLP (16, 16)."""
    rng = np.random.default_rng(585)
    n = 260
    X = rng.normal(0.0, 1.0, (n, 4))
    z = 1.2 * X[:, 0] - 0.8 * X[:, 1] + 0.6 * X[:, 2] * X[:, 3] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw peat bog relu mlp", FRESH58, "regression", raw_peat_bog, "mlp", "mse", {"hidden": (16, 16)}, True),
    ("scaled clock tower sigmoid mlp", FRESH58, "regression", clock_tower, "mlp", "mse", {"hidden": (16,), "activation": "sigmoid"}),
    ("raw ox cart relu mlp", FRESH58, "classification", raw_ox_cart, "mlp", "cross_entropy", {"hidden": (24,)}, True),
    ("scaled dovecote deep tanh mlp", FRESH58, "regression", dovecote, "mlp", "mse", {"hidden": (24, 24, 24), "activation": "tanh"}),
    ("raw watermill linear", FRESH58, "regression", raw_watermill, "linear", "mse", {}, True),
    ("scaled level crossing sigmoid mlp", FRESH58, "classification", level_crossing, "mlp", "cross_entropy", {"hidden": (16, 16), "activation": "sigmoid"}),
)  # fmt: skip
