"""The data of the doctor corpus's third session-18 group (``_doctor_tasks.py``): a
twenty-eighth fresh group, ``fresh28``, written on 2026-12-05 at 12:00 UTC, after session 18's
second doctor change was read on ``fresh27`` and kept, and before a third was designed or any run
of this group was trained. A mix of the corpus's kinds: a small image task (counting lines), a
softmax on noisy binary prototypes (nearly separable), a tanh MLP on an interaction boundary, a
two-layer ReLU MLP on a piecewise-linear target, a ReLU MLP on raw, badly scaled used-car
readings and a logistic model with heavy label noise (not separable). Every training set has at
most 256 rows, so the runs' probe is all of them
(``descend.instruments.run_probe.probe_size``). None of its tasks shares a generator, a data set
and a model with a task of an earlier group, fresh21 to fresh27 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH28 = "fresh28"


@functools.cache
def line_count() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images holding 1, 2 or 3 full-width horizontal lines (the class, 3)
    on distinct random rows, each line dimmed at random (0.7-1.3), with normal pixel noise (sd
    0.5): a counting problem for a small CNN."""
    rng = np.random.default_rng(280)
    n, side = 240, 8
    y = rng.permutation(np.resize(np.arange(3, dtype=np.int64), n))
    X = rng.normal(0.0, 0.5, (n, side, side))
    for i in range(n):
        for r in rng.permutation(side)[: y[i] + 1]:
            X[i, r, :] += rng.uniform(0.7, 1.3)
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def noisy_prototypes() -> tuple[torch.Tensor, torch.Tensor]:
    """240 rows of 30 binary features, standardised: each row its class's random prototype (4
    classes) with every bit flipped with probability 0.12: nearly separable, a softmax with 124
    parameters against a 960-output probe."""
    rng = np.random.default_rng(281)
    protos = (rng.uniform(0.0, 1.0, (4, 30)) < 0.5).astype(np.float64)
    y = rng.permutation(np.resize(np.arange(4, dtype=np.int64), 240))
    flips = rng.uniform(0.0, 1.0, (240, 30)) < 0.12
    X = np.abs(protos[y] - flips)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def interaction_boundary() -> tuple[torch.Tensor, torch.Tensor]:
    """250 points normal in 3 dimensions, the class (2) the sign of ``x0 x1 + 0.3 x2``, labels
    flipped at random for 5%: a boundary no linear model draws, for a one-layer tanh MLP."""
    rng = np.random.default_rng(282)
    X = rng.normal(0.0, 1.0, (250, 3))
    y = (X[:, 0] * X[:, 1] + 0.3 * X[:, 2] > 0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 250) < 0.05
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


@functools.cache
def piecewise_target() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points uniform in [-3, 3]^2, the target a piecewise-linear function of ``x0`` (slopes
    1, -2, 0.5 between knots at -1 and 1.5) plus ``0.4 |x1|`` and normal noise (sd 0.1),
    standardised: a regression a two-layer ReLU MLP can fit exactly up to the noise."""
    rng = np.random.default_rng(283)
    X = rng.uniform(-3.0, 3.0, (220, 2))
    x = X[:, 0]
    f = np.where(x < -1.0, x, np.where(x < 1.5, -1.0 - 2.0 * (x + 1.0), -6.0 + 0.5 * (x - 1.5)))
    y = f + 0.4 * np.abs(X[:, 1]) + rng.normal(0.0, 0.1, 220)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_used_cars() -> tuple[torch.Tensor, torch.Tensor]:
    """200 used cars: kilometres driven (uniform 0-200000), age in years (uniform 0-15) and engine
    size in litres (uniform 1-4), given raw (the group's badly scaled task); the target a log
    price ``-0.000004 km - 0.08 age + 0.3 litres`` plus normal noise (sd 0.1), standardised: a
    regression for a one-layer ReLU MLP."""
    rng = np.random.default_rng(284)
    km, age, litres = rng.uniform(0.0, 2e5, 200), rng.uniform(0.0, 15.0, 200), rng.uniform(1.0, 4.0, 200)
    y = -4e-6 * km - 0.08 * age + 0.3 * litres + rng.normal(0.0, 0.1, 200)
    X = np.column_stack([km, age, litres])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def heavy_label_noise() -> tuple[torch.Tensor, torch.Tensor]:
    """230 rows of 10 normal features, the class (2) the sign of a fixed random linear score,
    flipped at random for 20%: far from separable, a logistic model's loss has a finite minimum."""
    rng = np.random.default_rng(285)
    X = rng.normal(0.0, 1.0, (230, 10))
    y = (X @ rng.normal(0.0, 1.0, 10) > 0).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 230) < 0.2
    y[flip] = 1 - y[flip]
    return _tensors(_standardised(X).astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("line count cnn", FRESH28, "classification", line_count, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("noisy prototypes softmax", FRESH28, "classification", noisy_prototypes, "softmax", "cross_entropy", {}),
    ("interaction boundary tanh mlp", FRESH28, "classification", interaction_boundary, "mlp", "cross_entropy", {"hidden": (16,), "activation": "tanh"}),
    ("piecewise target relu mlp", FRESH28, "regression", piecewise_target, "mlp", "mse", {"hidden": (32, 32)}),
    ("raw used cars relu mlp", FRESH28, "regression", raw_used_cars, "mlp", "mse", {"hidden": (16,)}, True),
    ("heavy label noise logistic", FRESH28, "classification", heavy_label_noise, "logistic", "bce", {}),
)  # fmt: skip
