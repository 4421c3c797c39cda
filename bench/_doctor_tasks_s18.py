"""The data of the doctor corpus's first session-18 group (``_doctor_tasks.py``): a twenty-sixth
fresh group, ``fresh26``, written on 2026-12-05 at 11:02 UTC, before session 18's doctor change
was designed and before any run of the group was trained. It mixes the cases the remaining
misses and false alarms come from: a linear classifier on separable binary features and a
softmax on separable ordered bands (mini-batch runs there miss "too small"), absolute error
through a ReLU MLP (readings of an unbounded "loss left to fall"), a tanh MLP on raw, badly
scaled features (false alarms of fresh25's damped wave), a GELU MLP on a curved boundary and a
small image task. Every training set has at most 256 rows, so the runs' probe is all of them
(``descend.instruments.run_probe.probe_size``). None of its tasks shares a generator, a data set
and a model with a task of an earlier group, fresh21 to fresh25 included.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from _doctor_tasks_s9 import _standardised, _tensors

FRESH26 = "fresh26"


@functools.cache
def ring_or_disc() -> tuple[torch.Tensor, torch.Tensor]:
    """240 8 x 8 one-channel images, each a filled disc (class 0) or a ring (class 1) of radius
    2-3 pixels centred at a random point of the middle 4 x 4, with normal pixel noise (sd 0.6):
    a shape-not-place problem for a small CNN."""
    rng = np.random.default_rng(260)
    n, side = 240, 8
    y = rng.permutation(np.resize(np.arange(2, dtype=np.int64), n))
    rows, cols = np.mgrid[0:side, 0:side]
    X = rng.normal(0.0, 0.6, (n, side, side))
    for i in range(n):
        r0, c0 = rng.uniform(2.5, 4.5, 2)
        radius = rng.uniform(2.0, 3.0)
        d = np.hypot(rows - r0, cols - c0)
        mark = np.abs(d - radius) < 0.6 if y[i] == 1 else d < radius
        X[i][mark] += 1.2
    return _tensors(X.reshape(n, -1).astype(np.float32), y)


@functools.cache
def keyword_presence() -> tuple[torch.Tensor, torch.Tensor]:
    """230 rows of 64 binary features (each on with probability 0.08), standardised, the class
    (2) whether any of 5 fixed "keywords" is on, no label noise: separable (a threshold on the
    keywords' sum), a logistic model with 65 parameters against a 230-output probe."""
    rng = np.random.default_rng(261)
    X = (rng.uniform(0.0, 1.0, (230, 64)) < 0.08).astype(np.float64)
    keywords = rng.permutation(64)[:5]
    y = (X[:, keywords].sum(1) > 0).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def ordered_bands() -> tuple[torch.Tensor, torch.Tensor]:
    """250 rows of 12 normal features, the class (5) the band of a fixed random projection's
    value (its quintiles), the rows within 0.08 sd of a band edge dropped so that a margin
    separates the bands: separable by a softmax (65 parameters against a 1250-output probe)."""
    rng = np.random.default_rng(262)
    X = rng.normal(0.0, 1.0, (400, 12))
    score = X @ rng.normal(0.0, 1.0, 12)
    score = (score - score.mean()) / score.std()
    edges = np.quantile(score, [0.2, 0.4, 0.6, 0.8])
    keep = np.min(np.abs(score[:, None] - edges[None, :]), axis=1) > 0.08
    X, score = X[keep][:250], score[keep][:250]
    y = np.searchsorted(edges, score).astype(np.int64)
    return _tensors(_standardised(X).astype(np.float32), y)


@functools.cache
def absolute_kinks() -> tuple[torch.Tensor, torch.Tensor]:
    """220 points normal in 3 dimensions, the target ``|x0| - |x1| + 0.3 x2`` plus Student-t
    noise (3 degrees of freedom, scale 0.2), standardised: absolute error through a one-layer
    ReLU MLP (its loss piecewise linear in the output)."""
    rng = np.random.default_rng(263)
    X = rng.normal(0.0, 1.0, (220, 3))
    y = np.abs(X[:, 0]) - np.abs(X[:, 1]) + 0.3 * X[:, 2] + 0.2 * rng.standard_t(3, 220)
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def raw_growth_curve() -> tuple[torch.Tensor, torch.Tensor]:
    """200 rows: time in days (uniform 0-100), temperature in kelvin (uniform 280-320) and a dose
    in grams (uniform 0-0.002), given raw (the group's badly scaled task); the target a logistic
    growth curve ``1 / (1 + exp(-(t - 50 + 0.5 (T - 300)) / 8)) + 100 dose`` plus normal noise
    (sd 0.03), standardised: a smooth regression for a one-layer tanh MLP."""
    rng = np.random.default_rng(264)
    t = rng.uniform(0.0, 100.0, 200)
    temp = rng.uniform(280.0, 320.0, 200)
    dose = rng.uniform(0.0, 0.002, 200)
    y = 1.0 / (1.0 + np.exp(-(t - 50.0 + 0.5 * (temp - 300.0)) / 8.0)) + 100.0 * dose + rng.normal(0.0, 0.03, 200)
    X = np.column_stack([t, temp, dose])
    return _tensors(X.astype(np.float32), _standardised(y).astype(np.float32))


@functools.cache
def sine_boundary() -> tuple[torch.Tensor, torch.Tensor]:
    """256 points uniform in [-2, 2] x [-1.5, 1.5], the class (2) whether the point lies above
    ``sin(2 x0)``, labels flipped at random for 4%: a curved boundary for a two-layer GELU MLP."""
    rng = np.random.default_rng(265)
    X = np.column_stack([rng.uniform(-2.0, 2.0, 256), rng.uniform(-1.5, 1.5, 256)])
    y = (X[:, 1] > np.sin(2.0 * X[:, 0])).astype(np.int64)
    flip = rng.uniform(0.0, 1.0, 256) < 0.04
    y[flip] = 1 - y[flip]
    return _tensors(X.astype(np.float32), y)


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("ring or disc cnn", FRESH26, "classification", ring_or_disc, "cnn", "cross_entropy", {"channels": (4, 4)}, False, True),
    ("keyword presence logistic", FRESH26, "classification", keyword_presence, "logistic", "bce", {}),
    ("ordered bands softmax", FRESH26, "classification", ordered_bands, "softmax", "cross_entropy", {}),
    ("absolute kinks mae relu mlp", FRESH26, "regression", absolute_kinks, "mlp", "mae", {"hidden": (16,)}),
    ("raw growth curve tanh mlp", FRESH26, "regression", raw_growth_curve, "mlp", "mse", {"hidden": (16,), "activation": "tanh"}, True),
    ("sine boundary gelu mlp", FRESH26, "classification", sine_boundary, "mlp", "cross_entropy", {"hidden": (24, 24), "activation": "gelu"}),
)  # fmt: skip
