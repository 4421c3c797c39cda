"""The data of the doctor corpus's session-9 groups (``_doctor_tasks.py``): a second tuning
group, ``tune2``, and a fourth fresh group, ``fresh4``, both written on 2026-12-04 before any
run of either was trained and before any rule of that session changed.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import sklearn.datasets
import torch

from descend.training import prepare

TUNE2, FRESH4 = "tune2", "fresh4"


def _tensors(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    target = torch.as_tensor(y, dtype=torch.int64 if y.dtype.kind in "iu" else torch.float32)
    return torch.as_tensor(X, dtype=torch.float32), target


def _standardised(a: np.ndarray) -> np.ndarray:
    return (a - a.mean(0)) / a.std(0)


# ---- tune2: the second tuning group (session 9) --------------------------------------------


@functools.cache
def five_classes() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_classification``: 500 x 20 features (8 informative, 4 redundant), 5 classes of two
    clusters each, standardised: for a deep (4-layer) ReLU MLP."""
    X, y = sklearn.datasets.make_classification(
        n_samples=500,
        n_features=20,
        n_informative=8,
        n_redundant=4,
        n_classes=5,
        n_clusters_per_class=2,
        random_state=9,
    )
    return _tensors(_standardised(X), y.astype(np.int64))


@functools.cache
def waves() -> tuple[torch.Tensor, torch.Tensor]:
    """500 points uniform in [-2, 2]^2, target ``sin(2 x0) cos(1.5 x1)`` plus noise (sd 0.1),
    standardised: a smooth nonlinear regression for a tanh MLP."""
    rng = np.random.default_rng(9)
    X = rng.uniform(-2.0, 2.0, (500, 2))
    y = np.sin(2 * X[:, 0]) * np.cos(1.5 * X[:, 1]) + rng.normal(0.0, 0.1, 500)
    return _tensors(X, _standardised(y))


@functools.cache
def counts_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """400 x 6 normal features, a Poisson count ``y ~ Poisson(exp(1 + x·w))`` as the raw target
    (mean about 4, a heavy right tail), the columns then multiplied by ``10**linspace(-1, 1.5, 6)``
    (unstandardised): a badly scaled count regression."""
    rng = np.random.default_rng(9)
    X = rng.normal(0.0, 1.0, (400, 6))
    y = rng.poisson(np.exp(1.0 + X @ np.array([0.4, -0.3, 0.2, 0.5, -0.2, 0.1]))).astype(np.float64)
    return _tensors(X * 10 ** np.linspace(-1.0, 1.5, 6), y)


@functools.cache
def shapes() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 16 x 16 one-channel images of a shape, 3 classes: a square outline, a plus, a
    diagonal cross (sides 5-9 pixels, at random places), pixel noise sd 0.6, flattened."""
    rng = np.random.default_rng(9)
    side, n = 16, 400
    y = rng.integers(0, 3, n)
    X = rng.normal(0.0, 0.6, (n, side, side))
    for i, label in enumerate(y):
        size = int(rng.integers(5, 10))
        r0, c0 = rng.integers(0, side - size + 1, 2)
        k = np.arange(size)
        if label == 0:
            rows = np.concatenate([np.zeros(size, int), np.full(size, size - 1), k, k])
            cols = np.concatenate([k, k, np.zeros(size, int), np.full(size, size - 1)])
        elif label == 1:
            rows, cols = np.concatenate([np.full(size, size // 2), k]), np.concatenate([k, np.full(size, size // 2)])
        else:
            rows, cols = np.concatenate([k, k]), np.concatenate([k, k[::-1]])
        X[i, r0 + rows, c0 + cols] += 1.0
    return _tensors(X.reshape(n, -1), y.astype(np.int64))


@functools.cache
def spirals() -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved spirals (400 points, 1.5 turns, radius noise sd 0.05): with a deep
    sigmoid MLP the loss sits on a plateau at chance before it falls."""
    rng = np.random.default_rng(9)
    n = 200
    t = rng.uniform(0.25, 1.0, 2 * n) * 3 * np.pi
    y = np.repeat([0, 1], n)
    angle = t + np.pi * y
    radius = t / (3 * np.pi) + rng.normal(0.0, 0.05, 2 * n)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return _tensors(X, y.astype(np.int64))


# ---- fresh4: the fourth fresh group (session 9) --------------------------------------------


@functools.cache
def blobs() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_blobs``: 500 points in 8-d around 6 centres (cluster sd 2.5, overlapping),
    standardised: for an MLP with dropout."""
    X, y = sklearn.datasets.make_blobs(n_samples=500, n_features=8, centers=6, cluster_std=2.5, random_state=10)
    return _tensors(_standardised(X), y.astype(np.int64))


@functools.cache
def s_curve() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_s_curve``: 400 points on an S-shaped sheet in 3-d (noise 0.1), the target the
    position along the S; features and target standardised (fitted with the absolute error)."""
    X, t = sklearn.datasets.make_s_curve(n_samples=400, noise=0.1, random_state=10)
    return _tensors(_standardised(X), _standardised(t))


@functools.cache
def blocks() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 16 x 16 one-channel images with a bright 4 x 4 block (height 1) somewhere in one
    quadrant, the class that quadrant (4 classes); pixel noise sd 0.8, flattened."""
    rng = np.random.default_rng(10)
    side, n = 16, 400
    y = rng.integers(0, 4, n)
    X = rng.normal(0.0, 0.8, (n, side, side))
    for i, label in enumerate(y):
        r0, c0 = rng.integers(0, 5, 2) + 8 * np.array([label // 2, label % 2])
        X[i, r0 : r0 + 4, c0 : c0 + 4] += 1.0
    return _tensors(X.reshape(n, -1), y.astype(np.int64))


@functools.cache
def breast_cancer_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """The training split of breast_cancer (``prepare("breast_cancer", seed=0)``), its features
    **raw** (scales up to 2.5e3)."""
    p = prepare("breast_cancer", seed=0, standardize=False)
    return p.train.X, p.train.y


# The groups' tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data,
# model, loss, model options, badly scaled, image). tune2, the second tuning group: a deep ReLU
# MLP, a tanh regression, a raw count regression with the Huber loss, a CNN on 16 x 16 shapes,
# a deep sigmoid MLP that plateaus first. fresh4, committed to on 2026-12-04 before any run of
# tune2 or fresh4 was trained and before any rule change of session 9; its figures were read
# once, after that session's rule was frozen (bench/HISTORY.md, doctor, session 9).
TASKS = (
    ("five classes deep relu mlp", TUNE2, "classification", five_classes, "mlp", "cross_entropy", {"hidden": (64,) * 4}),
    ("waves tanh mlp", TUNE2, "regression", waves, "mlp", "mse", {"hidden": (32, 32), "activation": "tanh"}),
    ("counts raw huber linear", TUNE2, "regression", counts_raw, "linear", "huber", {}, True),
    ("shapes cnn", TUNE2, "classification", shapes, "cnn", "cross_entropy", {"channels": (6, 12)}, False, True),
    ("spirals deep sigmoid mlp", TUNE2, "classification", spirals, "mlp", "cross_entropy", {"hidden": (32,) * 3, "activation": "sigmoid"}),
    ("blobs dropout mlp", FRESH4, "classification", blobs, "mlp", "cross_entropy", {"hidden": (64,), "dropout": 0.2}),
    ("breast_cancer raw mlp", FRESH4, "classification", breast_cancer_raw, "mlp", "cross_entropy", {"hidden": (16,)}, True),
    ("s curve mae mlp", FRESH4, "regression", s_curve, "mlp", "mae", {"hidden": (64,)}),
    ("blocks cnn", FRESH4, "classification", blocks, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
)  # fmt: skip
