"""The data of the doctor corpus's session-24 group ``fresh52`` (``_doctor_tasks.py``), written on
2026-12-06 at 05:24-05:27 UTC by session 24's doctor helper doctor21, after fresh51 was read (spent). CAVEAT:
it was written to contain the regime of doctor21's candidate (quiet ``slow_progress`` where ``left_its_start``
holds, without the throw gate) AFTER that candidate was named (doctor20's report, "what next" 2), and before
it was declared, swept or frozen; no doctor metric on its runs is looked at before the freeze (its grids
were checked to train and to reach ``left_its_start``, no verdict). Aimed at mini-batch raw deep sigmoid and tanh
MLPs with one column of large offset and small spread (as raw lime kiln), whose first epoch may fall 15%+ and
then sit flat: deep sigmoid MLPs on raw tar works readings (10, 10, 10, 10) and raw paper mill readings
(10, 10, 10, 10), deep tanh MLPs on raw salt works readings (10, 10, 10, 10) and raw glass works readings
(10, 10, 10); runs that may fall 15% at once and then crawl, so that harm shows: a linear regression on
ill-conditioned raw rope walk readings (a target with a large easy part and a small slow part) and a ReLU MLP
on raw tannery drum readings of the same kind; ordinary tasks: a logistic regression on standardised ferry
readings and a ReLU MLP on standardised windmill readings (16). Every training set has at most 250 rows. None
of its tasks shares a generator, a data set and a model with a task of an earlier group, and none repeats an
earlier task's name.

Each generator is deterministic (its own seed) and returns float32 features and a float32 target
(int64 classes for a classification).
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH52 = "fresh52"


def _raw(cols: list[np.ndarray], y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return _tensors(np.column_stack(cols).astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_tar_works() -> tuple[torch.Tensor, torch.Tensor]:
    """220 runs: retort pressure in Pa (normal 2500, sd 100), wood size in mm (uniform 20-100), heat
    rate in kW (uniform 40-240), raw; the target a tar yield ``(pressure - 2500) / 100 + heat / 120 -
    (size / 50)^2`` plus normal noise (sd 0.3), standardised: a four-layer sigmoid MLP (10, 10, 10, 10)."""
    rng = np.random.default_rng(520)
    n = 220
    p, s, f = rng.normal(2500.0, 100.0, n), rng.uniform(20.0, 100.0, n), rng.uniform(40.0, 240.0, n)
    y = (p - 2500.0) / 100.0 + f / 120.0 - (s / 50.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _raw([p, s, f], y)


@functools.cache
def raw_paper_mill() -> tuple[torch.Tensor, torch.Tensor]:
    """230 reels: roll pressure in kPa (normal 4000, sd 150), pulp in g/l (uniform 5-40), speed in
    m/min (uniform 200-900), raw; the target a sheet strength ``(pressure - 4000) / 150 + speed / 400 -
    (pulp / 20)^2`` plus normal noise (sd 0.3), standardised: a four-layer sigmoid MLP (10, 10, 10, 10)."""
    rng = np.random.default_rng(521)
    n = 230
    p, u, v = rng.normal(4000.0, 150.0, n), rng.uniform(5.0, 40.0, n), rng.uniform(200.0, 900.0, n)
    y = (p - 4000.0) / 150.0 + v / 400.0 - (u / 20.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _raw([p, u, v], y)


@functools.cache
def raw_salt_works() -> tuple[torch.Tensor, torch.Tensor]:
    """240 pans: brine density in g/l (normal 1200, sd 40), pan depth in cm (uniform 5-60), sun hours
    (uniform 20-200), raw; the target a salt yield ``(density - 1200) / 40 + hours / 90 - (depth / 30)^2``
    plus normal noise (sd 0.3), standardised: a four-layer tanh MLP (10, 10, 10, 10)."""
    rng = np.random.default_rng(522)
    n = 240
    d, p, h = rng.normal(1200.0, 40.0, n), rng.uniform(5.0, 60.0, n), rng.uniform(20.0, 200.0, n)
    y = (d - 1200.0) / 40.0 + h / 90.0 - (p / 30.0) ** 2 + rng.normal(0.0, 0.3, n)
    return _raw([d, p, h], y)


@functools.cache
def raw_glass_works() -> tuple[torch.Tensor, torch.Tensor]:
    """230 melts: furnace temperature in C (normal 1400, sd 50), cullet in per cent (uniform 10-60),
    melt time in h (uniform 4-30), raw; the target a clarity ``(temp - 1400) / 50 + cullet / 25 +
    hours / 13`` plus normal noise (sd 0.3), standardised: a three-layer tanh MLP (10, 10, 10)."""
    rng = np.random.default_rng(523)
    n = 230
    t, c, h = rng.normal(1400.0, 50.0, n), rng.uniform(10.0, 60.0, n), rng.uniform(4.0, 30.0, n)
    y = (t - 1400.0) / 50.0 + c / 25.0 + h / 13.0 + rng.normal(0.0, 0.3, n)
    return _raw([t, c, h], y)


@functools.cache
def raw_rope_walk() -> tuple[torch.Tensor, torch.Tensor]:
    """240 ropes: twist count (normal 0, sd 3), tar weight in g (normal 0, sd 0.15), strand count
    (normal 0, sd 0.1), raw and zero-centred; the target a breaking load ``twist / 3 + tar / 0.3 +
    strands / 0.2`` plus normal noise (sd 0.2), standardised, whose first part is easy and the rest slow:
    a linear regression."""
    rng = np.random.default_rng(524)
    n = 240
    a, b, c = rng.normal(0.0, 3.0, n), rng.normal(0.0, 0.15, n), rng.normal(0.0, 0.1, n)
    y = a / 3.0 + b / 0.3 + c / 0.2 + rng.normal(0.0, 0.2, n)
    return _raw([a, b, c], y)


@functools.cache
def raw_tannery_drum() -> tuple[torch.Tensor, torch.Tensor]:
    """230 drums: drum speed (normal 0, sd 4), liquor pH offset (normal 0, sd 0.2), hide weight offset
    (normal 0, sd 0.15), raw and zero-centred; the target a softness ``speed / 4 + sin(pH / 0.2) +
    (weight / 0.15)^2 / 2`` plus normal noise (sd 0.2), standardised: a two-layer ReLU MLP (16, 16)."""
    rng = np.random.default_rng(525)
    n = 230
    s, p, w = rng.normal(0.0, 4.0, n), rng.normal(0.0, 0.2, n), rng.normal(0.0, 0.15, n)
    y = s / 4.0 + np.sin(p / 0.2) + (w / 0.15) ** 2 / 2.0 + rng.normal(0.0, 0.2, n)
    return _raw([s, p, w], y)


@functools.cache
def scaled_ferry() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points normal in R^5, the class (2) whether a ferry runs late, ``0.8 x0 - 0.5 x2 + 0.4 x4``
    plus logistic noise (scale 0.5) above 0, features standardised: a logistic regression, ordinary."""
    rng = np.random.default_rng(526)
    X = rng.normal(0.0, 1.0, (250, 5))
    z = 0.8 * X[:, 0] - 0.5 * X[:, 2] + 0.4 * X[:, 4] + rng.logistic(0.0, 0.5, 250)
    return _tensors(_standardised(X).astype(np.float32), (z > 0).astype(np.int64))


@functools.cache
def scaled_windmill() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points uniform in [-2, 2]^4, the target a flour rate ``x0 x2 / 2 + cos(x1) + x3 / 2`` plus
    normal noise (sd 0.2), features and target standardised: a one-layer ReLU MLP of 16 units, ordinary."""
    rng = np.random.default_rng(527)
    X = rng.uniform(-2.0, 2.0, (220, 4))
    y = X[:, 0] * X[:, 2] / 2.0 + np.cos(X[:, 1]) + X[:, 3] / 2.0 + rng.normal(0.0, 0.2, 220)
    return _tensors(_standardised(X).astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("raw tar works deep sigmoid mlp", FRESH52, "regression", raw_tar_works, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}, True),
    ("raw paper mill deep sigmoid mlp", FRESH52, "regression", raw_paper_mill, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "sigmoid"}, True),
    ("raw salt works deep tanh mlp", FRESH52, "regression", raw_salt_works, "mlp", "mse", {"hidden": (10, 10, 10, 10), "activation": "tanh"}, True),
    ("raw glass works deep tanh mlp", FRESH52, "regression", raw_glass_works, "mlp", "mse", {"hidden": (10, 10, 10), "activation": "tanh"}, True),
    ("raw rope walk linear", FRESH52, "regression", raw_rope_walk, "linear", "mse", {}, True),
    ("raw tannery drum relu mlp", FRESH52, "regression", raw_tannery_drum, "mlp", "mse", {"hidden": (16, 16)}, True),
    ("scaled ferry logistic", FRESH52, "classification", scaled_ferry, "logistic", "bce", {}),
    ("scaled windmill relu mlp", FRESH52, "regression", scaled_windmill, "mlp", "mse", {"hidden": (16,)}),
)  # fmt: skip
