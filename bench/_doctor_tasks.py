"""The tasks of the doctor's corpus (``_doctor_corpus.py``): 16 small data sets, models and
losses in four groups, fixed before any result of their group was seen.

The tasks are split into two halves by task: every optimizer of a task is in the same half,
and each half mixes classification and regression, tabular and image data, and has one task
with badly scaled (unstandardised) features. A third group, ``fresh`` (added in session 5,
built the same way), holds tasks nobody had looked at when the doctor's rules of that session
were frozen: the held-out half had been evaluated more than once by then, so the fresh group is
the clean estimate, reported on its own. A fourth, ``fresh2`` (session 6), holds tasks nobody
had looked at when that session's rules were frozen (session 5's fresh group had been looked at
by then).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sklearn.datasets
import torch

from descend.training import prepare

TUNE, HELD_OUT, FRESH, FRESH2 = "tune", "held_out", "fresh", "fresh2"
HALVES = (TUNE, HELD_OUT)
GROUPS = (*HALVES, FRESH, FRESH2)  # every group the corpus reports on, each on its own


@dataclass(frozen=True)
class Task:
    """One data set, model and loss, and the half it belongs to."""

    name: str
    half: str
    kind: str  # "classification" / "regression", for the tables
    data: Callable[[], tuple[torch.Tensor, torch.Tensor]]
    model: str
    loss: str
    model_options: dict[str, Any] = field(default_factory=dict)
    badly_scaled: bool = False
    image: bool = False


@functools.cache
def _builtin(name: str, standardize: bool = True, rows: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The training split of a built-in data set (``prepare(name, seed=0)``), its first
    ``rows`` rows where given."""
    p = prepare(name, seed=0, standardize=standardize)
    return p.train.X[:rows], p.train.y[:rows]


def _standardised(y: np.ndarray) -> torch.Tensor:
    return torch.as_tensor((y - y.mean()) / y.std(), dtype=torch.float32)


@functools.cache
def _friedman1() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's Friedman #1 regression: 500 x 10 uniform features (5 of them unused),
    ``10 sin(pi x0 x1) + 20 (x2 - 1/2)^2 + 10 x3 + 5 x4`` plus noise (sd 1), target standardised."""
    X, y = sklearn.datasets.make_friedman1(n_samples=500, noise=1.0, random_state=0)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _friedman3() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's Friedman #3 regression: 400 x 4 features, ``atan((x1 x2 - 1 / (x1 x3)) /
    x0)`` plus noise (sd 0.1); features and target standardised."""
    X, y = sklearn.datasets.make_friedman3(n_samples=400, noise=0.1, random_state=0)
    X = (X - X.mean(0)) / X.std(0)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _scaled_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """A linear target of 8 features (``make_regression``, noise 10) whose columns are then
    multiplied by ``10**linspace(-1.5, 1.5, 8)``: feature scales spanning 1e3, unstandardised
    (the target is standardised)."""
    X, y = sklearn.datasets.make_regression(n_samples=400, n_features=8, noise=10.0, random_state=0)
    X = X * 10 ** np.linspace(-1.5, 1.5, 8)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _moons() -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved half circles, 400 points with noise 0.2."""
    X, y = sklearn.datasets.make_moons(n_samples=400, noise=0.2, random_state=0)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _circles() -> tuple[torch.Tensor, torch.Tensor]:
    """Two concentric circles (``make_circles``), 400 points, noise 0.1, inner radius 0.5."""
    X, y = sklearn.datasets.make_circles(n_samples=400, noise=0.1, factor=0.5, random_state=1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _friedman2_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's Friedman #2 regression, 400 x 4 features left unstandardised (their
    ranges: [0, 100], [40 pi, 560 pi], [0, 1], [1, 11]), ``sqrt(x0^2 + (x1 x2 - 1/(x1 x3))^2)``
    plus noise (sd 10), target standardised."""
    X, y = sklearn.datasets.make_friedman2(n_samples=400, noise=10.0, random_state=1)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _bars() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel images of a bar, 4 classes by its direction (horizontal,
    vertical, diagonal, anti-diagonal) at a random offset, pixel noise sd 0.5, flattened."""
    rng = np.random.default_rng(6)
    side, n = 12, 400
    y = rng.integers(0, 4, n)
    X = rng.normal(0.0, 0.5, (n, side, side))
    idx = np.arange(side)
    for i, (label, shift) in enumerate(zip(y, rng.integers(-4, 5, n))):
        k = (idx + shift) % side
        rows, cols = [(np.full(side, k[0]), idx), (idx, np.full(side, k[0])), (idx, k), (idx, k[::-1])][label]
        X[i, rows, cols] += 1.0
    return torch.as_tensor(X.reshape(n, -1), dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _hastie() -> tuple[torch.Tensor, torch.Tensor]:
    """Hastie et al.'s binary problem (``make_hastie_10_2``): 500 x 10 standard normal
    features, class 1 where their squared norm exceeds the chi-squared median 9.34."""
    X, y = sklearn.datasets.make_hastie_10_2(n_samples=500, random_state=6)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((y > 0).astype(np.int64))


@functools.cache
def _sparse_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_sparse_uncorrelated``: 400 x 10 normal features, a linear target of the first 4
    plus noise, its columns then multiplied by ``10**linspace(-1, 1.5, 10)`` (unstandardised);
    target standardised."""
    X, y = sklearn.datasets.make_sparse_uncorrelated(n_samples=400, n_features=10, random_state=6)
    X = X * 10 ** np.linspace(-1.0, 1.5, 10)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


TASKS = (
    # tuning half
    Task("iris softmax", TUNE, "classification", functools.partial(_builtin, "iris"), "softmax", "cross_entropy"),
    Task("diabetes linear", TUNE, "regression", functools.partial(_builtin, "diabetes"), "linear", "mse"),
    Task("friedman1 mlp", TUNE, "regression", _friedman1, "mlp", "mse", {"hidden": (32,)}),
    Task(
        "digits mlp",
        TUNE,
        "classification",
        functools.partial(_builtin, "digits"),
        "mlp",
        "cross_entropy",
        {"hidden": (32,)},
        image=True,
    ),
    Task(
        "wine raw softmax",
        TUNE,
        "classification",
        functools.partial(_builtin, "wine", False),
        "softmax",
        "cross_entropy",
        badly_scaled=True,
    ),
    # held-out half
    Task(
        "breast_cancer logistic",
        HELD_OUT,
        "classification",
        functools.partial(_builtin, "breast_cancer"),
        "logistic",
        "bce",
    ),
    Task("moons mlp", HELD_OUT, "classification", _moons, "mlp", "cross_entropy", {"hidden": (16,)}),
    Task("friedman3 mlp", HELD_OUT, "regression", _friedman3, "mlp", "mse", {"hidden": (32, 32)}),
    Task(
        "digits360 cnn",
        HELD_OUT,
        "classification",
        functools.partial(_builtin, "digits", True, 360),
        "cnn",
        "cross_entropy",
        {"channels": (8, 16)},
        image=True,
    ),
    Task("scaled linear", HELD_OUT, "regression", _scaled_regression, "linear", "mse", badly_scaled=True),
    # fresh group (session 5)
    Task("circles mlp", FRESH, "classification", _circles, "mlp", "cross_entropy", {"hidden": (16,)}),
    Task("friedman2 raw linear", FRESH, "regression", _friedman2_raw, "linear", "mse", badly_scaled=True),
    Task(
        "digits softmax",
        FRESH,
        "classification",
        functools.partial(_builtin, "digits"),
        "softmax",
        "cross_entropy",
        image=True,
    ),
    # second fresh group (session 6)
    Task("bars cnn", FRESH2, "classification", _bars, "cnn", "cross_entropy", {"channels": (4, 8)}, image=True),
    Task(
        "hastie tanh mlp",
        FRESH2,
        "classification",
        _hastie,
        "mlp",
        "cross_entropy",
        {"hidden": (64, 64), "activation": "tanh"},
    ),
    Task(
        "sparse raw gelu mlp",
        FRESH2,
        "regression",
        _sparse_raw,
        "mlp",
        "mse",
        {"hidden": (32,), "activation": "gelu"},
        badly_scaled=True,
    ),
)


def task(name: str) -> Task:
    return next(t for t in TASKS if t.name == name)
