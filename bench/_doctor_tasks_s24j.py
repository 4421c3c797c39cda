"""The data of the doctor corpus's session-24 group ``fresh51`` (``_doctor_tasks.py``), written on
2026-12-06 at 04:53-04:56 UTC by session 24's doctor helper doctor20, after fresh50 was read (spent). CAVEAT:
it was written to contain the regime of doctor19's candidate S (doctor18's B1q plus ``swung``) AFTER
S was designed (S was frozen and reverted on fresh50, where no run was in its regime); S is re-frozen
unchanged after this group is committed, and no metric on its runs is looked at before (its grids
were checked to train: a count of grids whose best run ends below 0.8 of its start). Aimed at
mini-batch raw deep sigmoid and tanh MLPs with one column of large offset and small spread (as raw
tannery vat, pipeline valve and olive press), whose first epoch may fall and then sit flat while the
gradient dies: deep sigmoid MLPs on raw bell foundry readings (10, 10, 10), raw lime kiln readings
(10, 10, 10, 10) and raw dye works readings (12, 12, 12); deep tanh MLPs on raw brick kiln readings
(12, 12, 12) and raw smelter readings (10, 10, 10, 10); a sigmoid MLP on raw sugar refinery readings
(16, 16) and a tanh MLP on raw wool mill readings (16, 16); with ordinary tasks so that harm shows:
a ReLU MLP on standardised cannery readings (24), a logistic regression on standardised tollgate
readings and a linear regression on standardised signal box readings. Every training set has at
most 250 rows. None of its tasks shares a generator, a data set and a model with a task of an
earlier group, and none repeats an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH51 = "fresh51"


def _raw(cols: list[np.ndarray], y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return _tensors(np.column_stack(cols).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_bell_foundry() -> tuple[torch.Tensor, torch.Tensor]:
    """230 castings: bronze temperature in C (normal 1150, sd 60), tin in per cent (normal 22, sd 2),
    cooling time in h (uniform 12-72), raw; the target a tone score ``(temp - 1150) / 60 + hours / 15 -
    ((tin - 22) / 2)^2 / 2`` plus normal noise (sd 0.3), standardised: a three-layer sigmoid MLP
    (10, 10, 10)."""
    rng = np.random.default_rng(510)
    n = 230
    t, s, h = rng.normal(1150.0, 60.0, n), rng.normal(22.0, 2.0, n), rng.uniform(12.0, 72.0, n)
    y = (t - 1150.0) / 60.0 + h / 15.0 - ((s - 22.0) / 2.0) ** 2 / 2.0 + rng.normal(0.0, 0.3, n)
    return _raw([t, s, h], y)


@functools.cache
def raw_brick_kiln() -> tuple[torch.Tensor, torch.Tensor]:
    """240 firings: kiln temperature in C (normal 1000, sd 35), clay moisture in per cent (uniform
    5-25), firing time in h (uniform 10-40), raw; the target a brick strength ``(temp - 1000) / 35 -
    moisture / 10 + hours / 8`` plus normal noise (sd 0.3), standardised: a three-layer tanh MLP
    (12, 12, 12)."""
    rng = np.random.default_rng(511)
    n = 240
    t, m, h = rng.normal(1000.0, 35.0, n), rng.uniform(5.0, 25.0, n), rng.uniform(10.0, 40.0, n)
    y = (t - 1000.0) / 35.0 - m / 10.0 + h / 8.0 + rng.normal(0.0, 0.3, n)
    return _raw([t, m, h], y)


@functools.cache
def raw_lime_kiln() -> tuple[torch.Tensor, torch.Tensor]:
    """220 burns: draught pressure in Pa (normal 3000, sd 120), stone size in mm (uniform 20-120),
    fuel rate in kg/h (uniform 50-300), raw; the target a quicklime purity ``(pressure - 3000) / 120 +
    fuel / 150 - (size / 60)^2`` plus normal noise (sd 0.3), standardised: a four-layer sigmoid MLP
    (10, 10, 10, 10)."""
    rng = np.random.default_rng(512)
    n = 220
    p, s, f = rng.normal(3000.0, 120.0, n), rng.uniform(20.0, 120.0, n), rng.uniform(50.0, 300.0, n)
    y = (p - 3000.0) / 120.0 + f / 150.0 - (s / 60.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _raw([p, s, f], y)


@functools.cache
def raw_dye_works() -> tuple[torch.Tensor, torch.Tensor]:
    """240 batches: vat volume in l (normal 800, sd 60), dye in g/l (uniform 1-9), steep time in
    min (uniform 10-90), raw; the target a colour depth ``(volume - 800) / 60 + dye / 3 + time / 25`` plus normal noise (sd 0.3), standardised: a three-layer sigmoid MLP (12, 12, 12)."""
    rng = np.random.default_rng(513)
    n = 240
    v, d, t = rng.normal(800.0, 60.0, n), rng.uniform(1.0, 9.0, n), rng.uniform(10.0, 90.0, n)
    y = (v - 800.0) / 60.0 + d / 3.0 + t / 25.0 + rng.normal(0.0, 0.3, n)
    return _raw([v, d, t], y)


@functools.cache
def raw_smelter() -> tuple[torch.Tensor, torch.Tensor]:
    """230 taps: furnace temperature in C (normal 1500, sd 45), ore grade in per cent (uniform
    30-65), blast rate in m3/min (uniform 100-400), raw; the target an iron yield ``(temp - 1500) / 45
    + grade / 15 + blast / 200`` plus normal noise (sd 0.3), standardised: a four-layer tanh MLP (10,
    10, 10, 10)."""
    rng = np.random.default_rng(514)
    n = 230
    t, g, b = rng.normal(1500.0, 45.0, n), rng.uniform(30.0, 65.0, n), rng.uniform(100.0, 400.0, n)
    y = (t - 1500.0) / 45.0 + g / 15.0 + b / 200.0 + rng.normal(0.0, 0.3, n)
    return _raw([t, g, b], y)


@functools.cache
def raw_sugar_refinery() -> tuple[torch.Tensor, torch.Tensor]:
    """240 boilings: syrup density in g/l (normal 1300, sd 50), boil time in min (uniform 20-120),
    lime dose in g (uniform 5-40), raw; the target a crystal yield ``(density - 1300) / 50 + boil /
    60 - (lime - 20)^2 / 150`` plus normal noise (sd 0.3), standardised: a two-layer sigmoid MLP (16,
    16)."""
    rng = np.random.default_rng(515)
    n = 240
    d, b, lm = rng.normal(1300.0, 50.0, n), rng.uniform(20.0, 120.0, n), rng.uniform(5.0, 40.0, n)
    y = (d - 1300.0) / 50.0 + b / 60.0 - (lm - 20.0) ** 2 / 150.0 + rng.normal(0.0, 0.3, n)
    return _raw([d, b, lm], y)


@functools.cache
def raw_wool_mill() -> tuple[torch.Tensor, torch.Tensor]:
    """230 spinnings: spindle speed in rpm (normal 9000, sd 300), fibre length in mm (uniform
    40-120), humidity in per cent (uniform 30-80), raw; the target a yarn strength ``(speed - 9000) /
    300 + length / 40 - ((humidity - 55) / 15)^2`` plus normal noise (sd 0.3), standardised: a
    two-layer tanh MLP (16, 16)."""
    rng = np.random.default_rng(516)
    n = 230
    s, fl, h = rng.normal(9000.0, 300.0, n), rng.uniform(40.0, 120.0, n), rng.uniform(30.0, 80.0, n)
    y = (s - 9000.0) / 300.0 + fl / 40.0 - ((h - 55.0) / 15.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _raw([s, fl, h], y)


@functools.cache
def scaled_cannery() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points uniform in [-2, 2]^4, the target a seal quality ``x0 x1 / 2 + sin(x2) + x3 / 2``
    plus normal noise (sd 0.2), features and target standardised: a one-layer ReLU MLP of 24 units,
    ordinary."""
    rng = np.random.default_rng(517)
    X = rng.uniform(-2.0, 2.0, (220, 4))
    y = X[:, 0] * X[:, 1] / 2.0 + np.sin(X[:, 2]) + X[:, 3] / 2.0 + rng.normal(0.0, 0.2, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def scaled_tollgate() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points normal in R^5, the class (2) whether a toll is paid in coin, ``0.9 x1 - 0.6 x3 +
    0.4 x4`` plus logistic noise (scale 0.5) above 0, features standardised: a logistic regression,
    ordinary."""
    rng = np.random.default_rng(518)
    X = rng.normal(0.0, 1.0, (250, 5))
    z = 0.9 * X[:, 1] - 0.6 * X[:, 3] + 0.4 * X[:, 4] + rng.logistic(0.0, 0.5, 250)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def scaled_signal_box() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points normal in R^4, the target a signal delay ``0.7 x0 - 0.4 x1 + 0.2 x3`` plus normal
    noise (sd 0.3), features and target standardised: a linear regression, ordinary."""
    rng = np.random.default_rng(519)
    X = rng.normal(0.0, 1.0, (230, 4))
    y = 0.7 * X[:, 0] - 0.4 * X[:, 1] + 0.2 * X[:, 3] + rng.normal(0.0, 0.3, 230)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw bell foundry deep sigmoid mlp", FRESH51, "regression", raw_bell_foundry, "mlp", "mse", {"hidden": (10, 10, 10), "activation": "sigmoid"}, True),
    ("raw brick kiln deep tanh mlp", FRESH51, "regression", raw_brick_kiln, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "tanh"}, True),
    ("raw lime kiln deep sigmoid mlp", FRESH51, "regression", raw_lime_kiln, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}, True),
    ("raw dye works deep sigmoid mlp", FRESH51, "regression", raw_dye_works, "mlp", "mse", {"hidden": (12, 12, 12), "activation": "sigmoid"}, True),
    ("raw smelter deep tanh mlp", FRESH51, "regression", raw_smelter, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "tanh"}, True),
    ("raw sugar refinery sigmoid mlp", FRESH51, "regression", raw_sugar_refinery, "mlp", "mse", {"hidden": (16, 16), "activation": "sigmoid"}, True),
    ("raw wool mill tanh mlp", FRESH51, "regression", raw_wool_mill, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, True),
    ("scaled cannery relu mlp", FRESH51, "regression", scaled_cannery, "mlp", "mse", {"hidden": (24,)}),
    ("scaled tollgate logistic", FRESH51, "classification", scaled_tollgate, "logistic", "bce", {}),
    ("scaled signal box linear", FRESH51, "regression", scaled_signal_box, "linear", "mse", {}),
)  # fmt: skip
