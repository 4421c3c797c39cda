"""The data of the doctor corpus's session-24 group ``fresh50`` (``_doctor_tasks.py``), written on
2026-12-06 at 04:45 UTC by session 24's doctor helper doctor19, after fresh49 was read (spent),
before the round's change is designed, and before any metric on its runs is looked at (its grids
were checked to train: a count of grids whose best run ends below 0.8 of its start). Written to
hold the kinds of run where the doctor's healthy false alarms are now most common: ReLU MLPs whose
loss can spike and come back (on raw columns of tens to hundreds, as well as standardised), and
flat-grid tanh and sigmoid MLPs on raw inputs, with ordinary models so that harm shows. ReLU MLPs:
raw granary readings (24, 24), a deep MLP on raw distillery readings (8, 8, 8), classifying
standardised cooperage staves (32, 3 classes) and raw millrace readings (32, 16); tanh MLPs on raw
weir readings (16, 16, a column in the hundreds with a small spread) and a deep one on raw saltpan
readings (12, 12, 12); sigmoid MLPs on standardised creamery readings (24) and on raw ropewalk
readings (16, 16); a logistic regression on standardised lockkeeper readings; and a linear
regression on raw tramway readings. Every training set has at most 260 rows. None of its tasks
shares a generator, a data set and a model with a task of an earlier group, and none repeats an
earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH50 = "fresh50"


@functools.cache
def raw_granary() -> tuple[torch.Tensor, torch.Tensor]:
    """240 bins: grain mass in tonnes (uniform 5-60), moisture in per mille (normal 140, sd 15),
    temperature in C (uniform 5-35), raw; the target a spoilage score ``mass / 20 + (moisture - 140)
    / 15 + relu(temperature - 20) / 5`` plus normal noise (sd 0.3), standardised: a two-layer ReLU
    MLP (24, 24)."""
    rng = np.random.default_rng(500)
    n = 240
    m, w, t = rng.uniform(5.0, 60.0, n), rng.normal(140.0, 15.0, n), rng.uniform(5.0, 35.0, n)
    y = m / 20.0 + (w - 140.0) / 15.0 + np.maximum(t - 20.0, 0.0) / 5.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([m, w, t]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_distillery() -> tuple[torch.Tensor, torch.Tensor]:
    """230 runs: wash volume in hl (uniform 20-90), still temperature in C (normal 85, sd 5), run
    time in min (uniform 30-240), raw; the target a spirit yield ``wash / 30 + (temp - 85) / 5 -
    ((time - 135) / 60)^2`` plus normal noise (sd 0.3), standardised: a three-layer ReLU MLP (8, 8,
    8)."""
    rng = np.random.default_rng(501)
    n = 230
    v, c, t = rng.uniform(20.0, 90.0, n), rng.normal(85.0, 5.0, n), rng.uniform(30.0, 240.0, n)
    y = v / 30.0 + (c - 85.0) / 5.0 - ((t - 135.0) / 60.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([v, c, t]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_cooperage() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points normal in R^5, the class (3) a stave grade from ``x0 x1 + x2 - |x3| / 2`` plus
    logistic noise (scale 0.3), cut at -0.7 and 0.7, features standardised: a one-layer ReLU MLP of
    32 units."""
    rng = np.random.default_rng(502)
    X = rng.normal(0.0, 1.0, (250, 5))
    z = X[:, 0] * X[:, 1] + X[:, 2] - np.abs(X[:, 3]) / 2.0 + rng.logistic(0.0, 0.3, 250)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.7, 0.7]).astype(np.int64))


@functools.cache
def raw_millrace() -> tuple[torch.Tensor, torch.Tensor]:
    """240 hours: flow in l/s (uniform 100-900), head in cm (uniform 20-150), wheel load in kg
    (normal 300, sd 60), raw; the target a wheel speed ``flow / 300 + head / 50 - (load - 300) / 60 +
    (flow / 500)^2`` plus normal noise (sd 0.3), standardised: a two-layer ReLU MLP (32, 16)."""
    rng = np.random.default_rng(503)
    n = 240
    f, h, load = rng.uniform(100.0, 900.0, n), rng.uniform(20.0, 150.0, n), rng.normal(300.0, 60.0, n)
    y = f / 300.0 + h / 50.0 - (load - 300.0) / 60.0 + (f / 500.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([f, h, load]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_weir() -> tuple[torch.Tensor, torch.Tensor]:
    """230 days: upstream level in cm (normal 400, sd 25), rainfall in mm (uniform 0-60), gate
    opening in per cent (uniform 10-90), raw; the target a discharge ``(level - 400) / 25 + rain / 30
    - ((gate - 50) / 20)^2`` plus normal noise (sd 0.3), standardised: a two-layer tanh MLP (16,
    16)."""
    rng = np.random.default_rng(504)
    n = 230
    lv, r, g = rng.normal(400.0, 25.0, n), rng.uniform(0.0, 60.0, n), rng.uniform(10.0, 90.0, n)
    y = (lv - 400.0) / 25.0 + r / 30.0 - ((g - 50.0) / 20.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([lv, r, g]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_saltpan() -> tuple[torch.Tensor, torch.Tensor]:
    """240 pans: brine depth in mm (uniform 20-120), sun hours (uniform 2-14), salinity in g/l
    (normal 250, sd 20), raw; the target a harvest ``depth / 40 + sun / 4 + (salinity - 250) / 20``
    plus a product ``depth sun / 600`` and normal noise (sd 0.3), standardised: a three-layer tanh MLP
    (12, 12, 12)."""
    rng = np.random.default_rng(505)
    n = 240
    d, s, c = rng.uniform(20.0, 120.0, n), rng.uniform(2.0, 14.0, n), rng.normal(250.0, 20.0, n)
    y = d / 40.0 + s / 4.0 + (c - 250.0) / 20.0 + d * s / 600.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([d, s, c]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_creamery() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points uniform in [-2, 2]^4, the target a butterfat index ``cos(x0) x1 + x2 x3 / 2 +
    x3 / 3`` plus normal noise (sd 0.2), features and target standardised: a one-layer sigmoid MLP of
    24 units."""
    rng = np.random.default_rng(506)
    X = rng.uniform(-2.0, 2.0, (220, 4))
    y = np.cos(X[:, 0]) * X[:, 1] + X[:, 2] * X[:, 3] / 2.0 + X[:, 3] / 3.0 + rng.normal(0.0, 0.2, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_ropewalk() -> tuple[torch.Tensor, torch.Tensor]:
    """230 ropes: length in m (uniform 50-300), strands (uniform 3-12), twist per m (normal 40, sd
    6), raw; the target a breaking load ``strands / 3 + (twist - 40) / 6 - length / 150`` plus normal
    noise (sd 0.3), standardised: a two-layer sigmoid MLP (16, 16)."""
    rng = np.random.default_rng(507)
    n = 230
    ln, st, tw = rng.uniform(50.0, 300.0, n), rng.uniform(3.0, 12.0, n), rng.normal(40.0, 6.0, n)
    y = st / 3.0 + (tw - 40.0) / 6.0 - ln / 150.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([ln, st, tw]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_lockkeeper() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points normal in R^6, the class (2) whether a lock is cycled, ``0.8 x0 + 0.5 x2 - 0.6 x4``
    plus logistic noise (scale 0.5) above 0, features standardised: a logistic regression,
    ordinary."""
    rng = np.random.default_rng(508)
    X = rng.normal(0.0, 1.0, (240, 6))
    z = 0.8 * X[:, 0] + 0.5 * X[:, 2] - 0.6 * X[:, 4] + rng.logistic(0.0, 0.5, 240)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def raw_tramway() -> tuple[torch.Tensor, torch.Tensor]:
    """230 hours: trams running (uniform 3-25), passengers (uniform 50-800), temperature in C
    (uniform -5-30), raw (columns of units to hundreds); the target a delay ``passengers / 200 -
    trams / 6 + temperature / 20`` plus normal noise (sd 0.3), standardised: a linear regression,
    ordinary."""
    rng = np.random.default_rng(509)
    n = 230
    tr, ps, tc = rng.uniform(3.0, 25.0, n), rng.uniform(50.0, 800.0, n), rng.uniform(-5.0, 30.0, n)
    y = ps / 200.0 - tr / 6.0 + tc / 20.0 + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([tr, ps, tc]).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw granary relu mlp", FRESH50, "regression", raw_granary, "mlp", "mse", {"hidden": (24, 24)}, True),
    ("raw distillery deep relu mlp", FRESH50, "regression", raw_distillery, "mlp", "mse", {"hidden": (8, 8, 8)}, True),
    ("scaled cooperage relu mlp", FRESH50, "classification", scaled_cooperage, "mlp", "cross_entropy", {"hidden": (32,)}),
    ("raw millrace relu mlp", FRESH50, "regression", raw_millrace, "mlp", "mse", {"hidden": (32, 16)}, True),
    ("raw weir tanh mlp", FRESH50, "regression", raw_weir, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, True),
    ("raw saltpan deep tanh mlp", FRESH50, "regression", raw_saltpan, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "tanh"}, True),
    ("scaled creamery sigmoid mlp", FRESH50, "regression", scaled_creamery, "mlp", "mse", {"hidden": (24,), "activation": "sigmoid"}),
    ("raw ropewalk sigmoid mlp", FRESH50, "regression", raw_ropewalk, "mlp", "mse", {"hidden": (16, 16), "activation": "sigmoid"}, True),
    ("scaled lockkeeper logistic", FRESH50, "classification", scaled_lockkeeper, "logistic", "bce", {}),
    ("raw tramway linear", FRESH50, "regression", raw_tramway, "linear", "mse", {}, True),
)  # fmt: skip
