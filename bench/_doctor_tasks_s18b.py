"""The data of the doctor corpus's second session-18 group (``_doctor_tasks.py``): a
twenty-seventh fresh group, ``fresh27``, written on 2026-12-05 at 11:51 UTC, after session 18's
first doctor change was read on ``fresh26`` and reverted, and before its second was designed or
any run of this group was trained. A mix of the corpus's kinds: a small image task, a logistic
model on separable signed votes, a softmax on overlapping classes of unequal spread, Huber loss
through a two-layer ReLU MLP, a softmax on raw, badly scaled chemistry readings and a sigmoid MLP
on a sum of bumps. Every training set has at most 256 rows, so the runs' probe is all of them
(``descend.instruments.run_probe.probe_size``). None of its tasks shares a generator, a data set
and a model with a task of an earlier group, fresh21 to fresh26 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH27 = "fresh27"


@functools.cache
def arrow_directions() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images, each a 4-pixel horizontal or vertical stroke at a random
    place with a brighter head pixel at one end: the class (4) the way the arrow points (right,
    left, down, up), with normal pixel noise (sd 0.5)."""
    rng = np.random.default_rng(270)
    n, side = 240, 8
    y = rng.permutation(np.resize(np.arange(4, dtype=np.int64), n))
    X = rng.normal(0.0, 0.5, (n, side, side))
    for i in range(n):
        a, b = rng.integers(0, side - 3), rng.integers(0, side)
        cells = [(b, a + k) for k in range(4)] if y[i] in (0, 1) else [(a + k, b) for k in range(4)]
        head = cells[-1] if y[i] in (0, 2) else cells[0]
        for r, c in cells:
            X[i, r, c] += 1.0
        X[i, head[0], head[1]] += 1.0
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def signed_votes() -> tuple[torch.Tensor, torch.Tensor]:
    """200 rows of 40 votes in {-1, 0, 1}, standardised, the class (2) the sign of a weighted sum
    of 6 of them (weights 1-3, a row whose sum is 0 redrawn): separable, a logistic model with 41
    parameters against a 200-output probe."""
    rng = np.random.default_rng(271)
    cols, w = rng.permutation(40)[:6], rng.integers(1, 4, 6).astype(np.float64)
    rows = []
    while len(rows) < 200:
        v = rng.integers(-1, 2, 40).astype(np.float64)
        if v[cols] @ w != 0:
            rows.append(v)
    X = np.array(rows)
    y = (X[:, cols] @ w > 0).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def unequal_spreads() -> tuple[torch.Tensor, torch.Tensor]:
    """240 rows of 6 features from three normal classes whose means are normal (sd 1) and whose
    spreads are 0.5, 1 and 2 (the class, 3): overlapping, not separable, for a softmax."""
    rng = np.random.default_rng(272)
    means = rng.normal(0.0, 1.0, (3, 6))
    y = rng.permutation(np.resize(np.arange(3, dtype=np.int64), 240))
    X = means[y] + rng.normal(0.0, 1.0, (240, 6)) * np.array([0.5, 1.0, 2.0])[y][:, None]
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def hinge_trend() -> tuple[torch.Tensor, torch.Tensor]:
    """230 points uniform in [-2, 2]^4, the target ``max(0, x0 + x1) - 0.5 max(0, x2) + 0.3 x3``
    plus Laplace noise (scale 0.15) and 5% gross errors (sd 3), standardised: Huber loss through
    a two-layer ReLU MLP."""
    rng = np.random.default_rng(273)
    X = rng.uniform(-2.0, 2.0, (230, 4))
    y = np.maximum(0.0, X[:, 0] + X[:, 1]) - 0.5 * np.maximum(0.0, X[:, 2]) + 0.3 * X[:, 3]
    y = y + rng.laplace(0.0, 0.15, 230) + np.where(rng.uniform(0.0, 1.0, 230) < 0.05, rng.normal(0.0, 3.0, 230), 0.0)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_chemistry() -> tuple[torch.Tensor, torch.Tensor]:
    """220 rows of raw readings: pH (uniform 2-12), a concentration in mol/l (log-uniform
    1e-4-1e-2) and a temperature in kelvin (uniform 280-360), given raw (the group's badly scaled
    task); the class (3) the band of ``(pH - 7) + 2 log10(c / 1e-3) + (T - 320) / 20`` plus normal
    noise (sd 0.5), cut at its terciles, for a softmax."""
    rng = np.random.default_rng(274)
    ph = rng.uniform(2.0, 12.0, 220)
    conc = 10 ** rng.uniform(-4.0, -2.0, 220)
    temp = rng.uniform(280.0, 360.0, 220)
    score = (ph - 7.0) + 2.0 * np.log10(conc / 1e-3) + (temp - 320.0) / 20.0 + rng.normal(0.0, 0.5, 220)
    y = np.searchsorted(np.quantile(score, [1 / 3, 2 / 3]), score).astype(np.int64)
    X = np.column_stack([ph, conc, temp])
    return _tensors(X.astype(np.float32), y)


@functools.cache
def bump_sum() -> tuple[torch.Tensor, torch.Tensor]:
    """240 points uniform in [-3, 3]^2, the target the sum of two Gaussian bumps (heights 1 and
    -0.7, widths 0.8 and 1.2, centres (-1, 0.5) and (1.2, -0.8)) plus normal noise (sd 0.05),
    standardised: a smooth regression for a one-layer sigmoid MLP."""
    rng = np.random.default_rng(275)
    X = rng.uniform(-3.0, 3.0, (240, 2))
    bump = lambda c, w: np.exp(-((X - np.array(c)) ** 2).sum(1) / (2 * w**2))  # noqa: E731
    y = bump((-1.0, 0.5), 0.8) - 0.7 * bump((1.2, -0.8), 1.2) + rng.normal(0.0, 0.05, 240)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("arrow directions cnn", FRESH27, "classification", arrow_directions, "cnn", "cross_entropy", {"channels": (4, 6)}, False, True),
    ("signed votes logistic", FRESH27, "classification", signed_votes, "logistic", "bce", {}),
    ("unequal spreads softmax", FRESH27, "classification", unequal_spreads, "softmax", "cross_entropy", {}),
    ("hinge trend huber relu mlp", FRESH27, "regression", hinge_trend, "mlp", "huber", {"hidden": (16, 16)}),
    ("raw chemistry softmax", FRESH27, "classification", raw_chemistry, "softmax", "cross_entropy", {}, True),
    ("bump sum sigmoid mlp", FRESH27, "regression", bump_sum, "mlp", "mse", {"hidden": (32,), "activation": "sigmoid"}),
)  # fmt: skip
