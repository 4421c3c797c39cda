"""The best affine map's value on a study's metric: the level below which a network has used its
hidden layers.

A network whose target has a linear part first fits that part (in its first epoch, at most rates)
and can then sit on a plateau at the value of the best **affine** map :math:`x \\mapsto Wx + b`
before its hidden layers learn the rest (session 28, tune13: on the two-spirals MLP the trials'
median after epoch 1 is 0.670, the best affine map's validation loss 0.663, the constant
prediction's 0.693). The constant prediction's level (:func:`~descend.tune.plateau_wait.constant_prediction_loss`)
misses that plateau: the study's median is below it. The affine level is

.. math:: \\ell_a = L_{\\text{scored}}(\\hat W x + \\hat b), \\quad (\\hat W, \\hat b) = \\arg\\min_{W, b} L_{\\text{train}}(W x + b),

fitted by L-BFGS from the constant prediction (:math:`W = 0`, :math:`b = c`, so its training loss
is never above the constant's) with :func:`~descend.training.pilot_below.best_constant`'s solver
settings, on the inputs flattened, and scored on the validation labels (``val_loss``) or the
training labels (``loss``). A map that overfits (its validation loss above the constant's) says
nothing about a plateau: :func:`plateau_level` is the lower of the two levels.

>>> import torch
>>> from descend.training.losses import get
>>> X = torch.linspace(-1, 1, 20).reshape(-1, 1); y = 2 * X[:, 0] + 1
>>> round(fitted_affine_loss(X, y, X, y, get("mse"), 1), 6)  # a line fits a line
0.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch

from ..training.pilot_below import best_constant
from ._level_data import level_data

__all__ = ["AFFINE_LOSS", "best_affine_loss", "fitted_affine_loss", "plateau_level"]

AFFINE_LOSS = "affine_loss"  # a trial's user attribute: the best affine map's value


def fitted_affine_loss(
    X: torch.Tensor, y: Any, X_scored: torch.Tensor, y_scored: Any, loss_fn: Any, width: int
) -> float:
    """The value on ``(X_scored, y_scored)`` of the affine map of ``width`` outputs that minimises
    ``loss_fn`` on ``(X, y)`` (L-BFGS from the constant prediction; inputs flattened).

    >>> import torch
    >>> from descend.training.losses import get
    >>> X = torch.tensor([[0.0], [1.0], [2.0], [3.0]]); y = torch.tensor([0, 0, 1, 1])
    >>> fitted_affine_loss(X, y, X, y, get("cross_entropy"), 2) < 0.05  # separable: near 0
    True
    """
    X = X.reshape(len(X), -1).float()
    X_scored = X_scored.reshape(len(X_scored), -1).float()
    c = best_constant(torch.zeros(len(X), width), y, loss_fn)
    W = torch.zeros(X.shape[1], width, requires_grad=True)
    b = c.clone().requires_grad_(True)
    solver = torch.optim.LBFGS([W, b], lr=1.0, max_iter=200, tolerance_grad=1e-12, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        solver.zero_grad()
        value = loss_fn(X @ W + b, y)
        value.backward()
        return value

    with torch.enable_grad():
        solver.step(closure)
    with torch.no_grad():
        return float(loss_fn(X_scored @ W + b, y_scored))


def best_affine_loss(model: Any, data: Any, settings: Mapping[str, Any], metric: str) -> float | None:
    """The best affine map's value on ``metric`` (``"val_loss"`` or ``"loss"``), with ``data``
    split and ``settings``' loss as ``train`` would have them; ``None`` where
    :func:`~descend.tune.plateau_wait.constant_prediction_loss` is ``None`` or the value is not finite.

    >>> import numpy as np
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1).astype("float32"); y = (3 * X[:, 0]).astype("float32")
    >>> best_affine_loss("mlp", (X, y), {"val_data": (X, y)}, "val_loss") < 1e-6
    True
    """
    parts = level_data(model, data, settings, metric)
    if parts is None:
        return None
    train, scored, loss_fn, width = parts
    value = fitted_affine_loss(train.X, train.y, scored.X, scored.y, loss_fn, width)
    return value if math.isfinite(value) else None


def plateau_level(constant: float, affine: float | None) -> float:
    """The level of a study's plateau: the lower of the constant prediction's value and the best
    affine map's (``None``: the constant's alone).

    >>> plateau_level(0.693, 0.663), plateau_level(0.693, 3.2), plateau_level(0.693, None)
    (0.663, 0.693, 0.693)
    """
    return constant if affine is None else min(constant, affine)
