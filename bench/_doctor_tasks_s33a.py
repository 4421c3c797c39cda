"""The data of the doctor corpus's fifty-ninth group (``_doctor_tasks.py``): ``fresh59``, written on
2026-12-07 by session 33's doctor helper doctor34, before any run of the group was diagnosed. Caveat:
it was written AFTER its candidates had been conceived and declared (``bench/doctor34_prereg.md``:
D1, Adam's readings read with m's bias correction taken out; D2, no step-1 headroom), for their
regime: short Adam runs, whose first instrument reading is at update 1, where the correction
``1-β1^t`` is 0.1 and the readings the headroom is taken from are 10x those of the same run once it
has gone. The default ``ds.train`` run (Adam at 1e-3 for 10 full-batch updates) is such a run.

Six small tasks, no image, Adam only, each with its own update budget (``Task.steps``: the corpus's
200 updates are no short run): two full-batch Adam grids (``adam_full``) planned for 10 updates
(the default's budget), two planned for 20 and 25, and two mini-batch Adam grids (batches of 32) of
one and two epochs (12 and 20 updates). Every run's planned budget is under 30 updates, so the
default sampling reads it at update 1 and at its end (``default_steps``). A ReLU MLP (32,)
classifying standardised hop garden yields in three classes; a GELU MLP (32, 16) on standardised
chandlery wax readings; a tanh MLP (24,) classifying standardised saddlery hides in two classes; a
ReLU MLP (16, 16) on raw fulling mill readings; a ReLU MLP (32,) classifying standardised ice house
stores in four classes; a tanh MLP (16, 16) on standardised tinsmith solder readings. None of its
tasks shares a generator, a data set and a model with a task of an earlier group, and none repeats
an earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH59 = "fresh59"
FULL = ("adam_full",)
MINI = ("adam",)


@functools.cache
def hop_garden() -> tuple[torch.Tensor, torch.Tensor]:
    """600 hop bines: six readings (rain, sun hours, soil nitrogen, wind, aphids, age; normal,
    standardised); the class (3) a yield grade from ``x0 + 0.8 x1 - 0.6 x4 + 0.5 x2 x3`` plus logistic
    noise (scale 0.3), cut at -0.7 and 0.7: a ReLU MLP (32,), full-batch Adam for 10 updates."""
    rng = np.random.default_rng(590)
    n = 600
    X = rng.normal(0.0, 1.0, (n, 6))
    z = X[:, 0] + 0.8 * X[:, 1] - 0.6 * X[:, 4] + 0.5 * X[:, 2] * X[:, 3] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), np.digitize(z, [-0.7, 0.7]).astype(np.int64))


@functools.cache
def chandlery() -> tuple[torch.Tensor, torch.Tensor]:
    """500 batches of candles: five readings (wax temperature, wick width, tallow share, dye, cooling
    time; normal, standardised); the target the burn time ``sin(1.2 x0) + 0.7 x1 - 0.4 x2 x3 + 0.3 x4``
    plus normal noise (sd 0.2), standardised: a GELU MLP (32, 16), full-batch Adam for 10 updates."""
    rng = np.random.default_rng(591)
    n = 500
    X = rng.normal(0.0, 1.0, (n, 5))
    y = np.sin(1.2 * X[:, 0]) + 0.7 * X[:, 1] - 0.4 * X[:, 2] * X[:, 3] + 0.3 * X[:, 4] + rng.normal(0.0, 0.2, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def saddlery() -> tuple[torch.Tensor, torch.Tensor]:
    """800 hides: eight readings (thickness, grain, tannin, moisture, age and three more; normal,
    standardised); the class (2) a fit for saddles where ``tanh(1.5 x0) - x1 + 0.6 x2 x5 - 0.4 x7``
    plus logistic noise (scale 0.3) is positive: a tanh MLP (24,), full-batch Adam for 20 updates."""
    rng = np.random.default_rng(592)
    n = 800
    X = rng.normal(0.0, 1.0, (n, 8))
    z = np.tanh(1.5 * X[:, 0]) - X[:, 1] + 0.6 * X[:, 2] * X[:, 5] - 0.4 * X[:, 7] + rng.logistic(0.0, 0.3, n)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def raw_fulling_mill() -> tuple[torch.Tensor, torch.Tensor]:
    """400 bolts of cloth: hours in the stocks (uniform 2-20), water temperature in °C (normal 30, sd
    6), fuller's earth in kg (uniform 0.5-5), raw; the target the shrinkage ``(hours - 11) / 5 +
    relu(temperature - 30) / 4 + 0.5 log(earth)`` plus normal noise (sd 0.3), standardised: a ReLU MLP
    (16, 16), full-batch Adam for 25 updates."""
    rng = np.random.default_rng(593)
    n = 400
    hours, temp, earth = rng.uniform(2.0, 20.0, n), rng.normal(30.0, 6.0, n), rng.uniform(0.5, 5.0, n)
    y = (hours - 11.0) / 5.0 + np.maximum(temp - 30.0, 0.0) / 4.0 + 0.5 * np.log(earth) + rng.normal(0.0, 0.3, n)
    return _tensors(np.column_stack([hours, temp, earth]).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def ice_house() -> tuple[torch.Tensor, torch.Tensor]:
    """384 winters: five readings (frost days, straw depth, block size, door openings, depth; normal,
    standardised); the class (4) the month the ice ran out, a grade of ``x0 + 0.7 x1 - 0.5 x3 + 0.4
    x2 x4`` plus logistic noise (scale 0.25), cut at its quartiles: a ReLU MLP (32,), Adam on
    mini-batches of 32 for one epoch (12 updates)."""
    rng = np.random.default_rng(594)
    n = 384
    X = rng.normal(0.0, 1.0, (n, 5))
    z = X[:, 0] + 0.7 * X[:, 1] - 0.5 * X[:, 3] + 0.4 * X[:, 2] * X[:, 4] + rng.logistic(0.0, 0.25, n)
    return _tensors(
        _standardised(X).astype(np.float32), np.digitize(z, np.quantile(z, [0.25, 0.5, 0.75])).astype(np.int64)
    )


@functools.cache
def tinsmith() -> tuple[torch.Tensor, torch.Tensor]:
    """320 soldered seams: four readings (iron temperature, tin share, flux, seam length; normal,
    standardised); the target the seam's strength ``tanh(x0) + 0.6 x1 - 0.5 x2 x3`` plus normal noise
    (sd 0.25), standardised: a tanh MLP (16, 16), Adam on mini-batches of 32 for two epochs (20
    updates)."""
    rng = np.random.default_rng(595)
    n = 320
    X = rng.normal(0.0, 1.0, (n, 4))
    y = np.tanh(X[:, 0]) + 0.6 * X[:, 1] - 0.5 * X[:, 2] * X[:, 3] + rng.normal(0.0, 0.25, n)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image, optimizers, steps).
TASKS = (
    ("scaled hop garden relu mlp", FRESH59, "classification", hop_garden, "mlp", "cross_entropy", {"hidden": (32,)}, False, False, FULL, 10),
    ("scaled chandlery gelu mlp", FRESH59, "regression", chandlery, "mlp", "mse", {"hidden": (32, 16), "activation": "gelu"}, False, False, FULL, 10),
    ("scaled saddlery tanh mlp", FRESH59, "classification", saddlery, "mlp", "cross_entropy", {"hidden": (24,), "activation": "tanh"}, False, False, FULL, 20),
    ("raw fulling mill relu mlp", FRESH59, "regression", raw_fulling_mill, "mlp", "mse", {"hidden": (16, 16)}, True, False, FULL, 25),
    ("scaled ice house relu mlp", FRESH59, "classification", ice_house, "mlp", "cross_entropy", {"hidden": (32,)}, False, False, MINI, 12),
    ("scaled tinsmith tanh mlp", FRESH59, "regression", tinsmith, "mlp", "mse", {"hidden": (16, 16), "activation": "tanh"}, False, False, MINI, 20),
)  # fmt: skip
