"""The data of the doctor corpus's sixth session-14 group (``_doctor_tasks.py``): a fifteenth
fresh group, ``fresh15``, written on 2026-12-05 at 00:40 UTC, before session 14's sixth
change (false alarms on healthy runs) was designed and before any run of the group was
trained. It is read once, as the clean test of that change, by the rule pre-registered in the
commit that freezes it. None of its tasks shares a generator, a data set and a model with a
task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH15 = "fresh15"


@functools.cache
def pendulum_periods() -> tuple[torch.Tensor, torch.Tensor]:
    """380 pendulums with a length (0.2-3 m), a swing amplitude (0.1-1.4 rad) and a mass
    (0.1-5 kg, irrelevant), the target the period ``2 pi sqrt(L / g) (1 + a^2 / 16)`` plus
    normal noise (sd 0.02 s), features and target standardised: a smooth physical law for a
    two-layer gelu MLP."""
    rng = np.random.default_rng(43)
    length, amp, mass = rng.uniform(0.2, 3.0, 380), rng.uniform(0.1, 1.4, 380), rng.uniform(0.1, 5.0, 380)
    period = 2 * np.pi * np.sqrt(length / 9.81) * (1 + amp**2 / 16) + rng.normal(0.0, 0.02, 380)
    X = np.stack([length, amp, mass], axis=1)
    return _tensors(_standardised(X).astype(np.float32), _standardised(period).astype(np.float32))


@functools.cache
def sensors_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """480 readings of 5 sensors in their own units (a pressure near 101000 Pa, sd 800; a
    temperature near 290 K, sd 6; a humidity 0-1; a vibration near 0.002, sd 0.001; a count
    near 40, sd 15), the class (4) the machine state whose centre they scatter around, left
    unscaled: a softmax on features five orders of magnitude apart."""
    rng = np.random.default_rng(43)
    y = rng.permutation(np.repeat(np.arange(4, dtype=np.int64), 120))
    centre = np.array([[101000, 290, 0.3, 0.002, 40], [100400, 296, 0.5, 0.003, 30],
                       [101600, 286, 0.6, 0.001, 50], [100800, 293, 0.4, 0.004, 45]])  # fmt: skip
    sd = np.array([800.0, 6.0, 0.15, 0.001, 15.0])
    X = centre[y] + rng.normal(0.0, 1.0, (480, 5)) * sd
    return _tensors(X.astype(np.float32), y)


@functools.cache
def line_orientations() -> tuple[torch.Tensor, torch.Tensor]:
    """440 10 x 10 one-channel images with one line of length 5 through a random centre
    (normal noise, sd 0.4), the class (4) its orientation: horizontal, vertical or one of the
    two diagonals, flattened: orientation for a CNN."""
    rng = np.random.default_rng(43)
    y = rng.permutation(np.repeat(np.arange(4, dtype=np.int64), 110))
    steps = ((0, 1), (1, 0), (1, 1), (1, -1))
    X = rng.normal(0.0, 0.4, (440, 10, 10))
    for i, c in enumerate(y):
        r, s = rng.integers(2, 8, 2)
        dr, ds = steps[c]
        for k in range(-2, 3):
            X[i, r + k * dr, s + k * ds] += 1.0
    return _tensors(X.reshape(440, -1).astype(np.float32), y)


@functools.cache
def interval_membership() -> tuple[torch.Tensor, torch.Tensor]:
    """520 rows of 2 uniform features in [-3, 3], the class (2) whether ``|x1| + 0.5 x2`` lies
    in [1, 2] (a band between two bent lines), plus 3 pure-noise features: a band for a
    one-hidden-layer relu MLP."""
    rng = np.random.default_rng(43)
    X = rng.uniform(-3.0, 3.0, (520, 5))
    s = np.abs(X[:, 0]) + 0.5 * X[:, 1]
    y = ((s >= 1.0) & (s <= 2.0)).astype(np.int64)
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("pendulum periods gelu mlp", FRESH15, "regression", pendulum_periods, "mlp", "mse", {"hidden": (20, 20), "activation": "gelu"}),
    ("sensors raw softmax", FRESH15, "classification", sensors_raw, "softmax", "cross_entropy", {}, True),
    ("line orientations cnn", FRESH15, "classification", line_orientations, "cnn", "cross_entropy", {"channels": (6, 6)}, False, True),
    ("interval band relu mlp", FRESH15, "classification", interval_membership, "mlp", "cross_entropy", {"hidden": (24,), "activation": "relu"}),
)  # fmt: skip
