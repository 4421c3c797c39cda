"""The data of the doctor corpus's session-11 group (``_doctor_tasks.py``): a sixth fresh group,
``fresh6``, written on 2026-12-04 at 15:44 UTC, after that session's doctor changes (a whole
reading for a run stopped before its first, the curve's curvature only where float32 resolves
it, the batch finding's rate held by the stability ratio; committed in 964dc7e) and before any
run of the group was trained. Its figures are read once, as the clean estimate of the doctor
that lands in session 11. None of its tasks shares a generator, a data set and a model with a
task of an earlier group.

Each generator is deterministic (its own seed) and returns float32 features and int64 classes
or a float32 target.
"""

from __future__ import annotations

import functools

import numpy as np
import sklearn.datasets
import torch

from _doctor_tasks_s9 import _standardised, _tensors
from descend.training import prepare

FRESH6 = "fresh6"


@functools.cache
def digits_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """The first 720 training images of ``digits`` (8 x 8), pixel values 0-16 as they come
    (unstandardised), for a CNN."""
    p = prepare("digits", seed=0, standardize=False)
    return p.train.X[:720], p.train.y[:720]


@functools.cache
def parity() -> tuple[torch.Tensor, torch.Tensor]:
    """800 points of 6 random signs plus noise (sd 0.1), the class the parity of the first 3
    signs (the other 3 distract): a ReLU MLP must combine features to leave chance."""
    rng = np.random.default_rng(12)
    signs = rng.choice([-1.0, 1.0], (800, 6))
    y = (np.prod(signs[:, :3], axis=1) > 0).astype(np.int64)
    return _tensors(signs + rng.normal(0.0, 0.1, signs.shape), y)


@functools.cache
def rings() -> tuple[torch.Tensor, torch.Tensor]:
    """600 points uniform in [-2, 2]^2, target sin(3 r) of the radius plus noise (sd 0.1),
    standardised: a radial regression for a GELU MLP."""
    rng = np.random.default_rng(12)
    X = rng.uniform(-2.0, 2.0, (600, 2))
    r = np.hypot(X[:, 0], X[:, 1])
    return _tensors(X / 2, _standardised(np.sin(3 * r) + rng.normal(0.0, 0.1, 600)))


@functools.cache
def diabetes_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's diabetes with its raw features (``scaled=False``: age in years, blood
    pressure in mm Hg, serum values from 1.5 to 190), the target standardised: a badly scaled
    regression for an MLP."""
    X, y = sklearn.datasets.load_diabetes(return_X_y=True, scaled=False)
    return _tensors(X, _standardised(y))


# The group's tasks, as ``_doctor_tasks.Task``'s fields in order (name, group, kind, data, model,
# loss, model options, badly scaled, image).
TASKS = (
    ("digits raw cnn", FRESH6, "classification", digits_raw, "cnn", "cross_entropy", {"channels": (4, 8)}, False, True),
    ("parity relu mlp", FRESH6, "classification", parity, "mlp", "cross_entropy", {"hidden": (64,)}),
    ("rings gelu mlp", FRESH6, "regression", rings, "mlp", "mse", {"hidden": (32, 32), "activation": "gelu"}),
    ("diabetes raw mlp", FRESH6, "regression", diabetes_raw, "mlp", "mse", {"hidden": (32,)}, True),
)  # fmt: skip
