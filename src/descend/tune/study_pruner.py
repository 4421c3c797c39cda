"""A study's pruner, decided once from its model: Optuna's median pruner for a model of one
weight matrix, successive halving for every other.

Successive halving (Li et al. 2020; ``min_resource`` 1, reduction factor 3) lets a trial go on
past epochs 1, 3, 9... only in the top third of the values the trials reached there: its first
cut keeps the best third by the value after one epoch. The median pruner (Optuna's defaults,
the peer's own) stops a trial at epoch ``t`` only where its best value so far is worse than
the median of the finished trials' values at ``t`` (after 5 finished trials): a looser cut,
half rather than two thirds, against trials that ran to the end.

On a model with **one weight matrix** ``W`` (linear, logistic or softmax regression,
``f(x) = W x + b`` under a loss convex in ``(W, b)``) every stable trial heads for one optimum
``L* = min L(W, b)`` (moved a little by weight decay), and within a few epochs the good trials end
within a fraction of a percent of each other; their value after one epoch,
``L_1 - L* ~ (1 - lr * lambda)^n`` over the ``n`` steps of the epoch, orders them by early speed,
not by where they end, so successive halving's top-third cut there drops trials that would have
ended best (session 23: the redundant-features logistic's miss came from that first rung; on the
12 one-matrix fitting tasks of session 26, tune8's sweep B: best or tie 8 -> 12, all four misses
mended). On an MLP the value after epoch 1 ranks trials as their end does (session 25's Friedman
#1: a later first rung cost it 0.1351 -> 0.1888), so every other model, a CNN and an estimator's
cross-validation keep successive halving.

The decision is made when the study is created and stored as its user attribute
:data:`FIRST_RUNG` (the pruner that makes the study's first cuts), so that every worker, every
machine and a resumed study use the same pruner, and it never changes within a study. Only the
default pruner, ``"successive_halving"``, is swapped; a pruner named otherwise is used as named.

>>> import optuna
>>> study = optuna.create_study()
>>> type(study_pruner(study, "successive_halving", "logistic")).__name__, study.user_attrs[FIRST_RUNG]
('MedianPruner', 'median')
>>> type(study_pruner(study, "successive_halving", "mlp")).__name__  # the study's own decision stands
'MedianPruner'
"""

from __future__ import annotations

from typing import Any

import optuna
from torch import nn

from .search import make_pruner

__all__ = ["FIRST_RUNG", "ONE_MATRIX_MODELS", "one_weight_matrix", "study_pruner"]

FIRST_RUNG = "first_rung"  # the study user attribute: the pruner that makes its first cuts
ONE_MATRIX_MODELS = ("linear", "logistic", "softmax")  # descend's named models of one weight matrix


def one_weight_matrix(model: Any) -> bool:
    """Whether ``model`` is an affine map with one weight matrix: a named ``"linear"``,
    ``"logistic"`` or ``"softmax"`` model, or a module with exactly one parameter of two or more
    dimensions (biases are one-dimensional). An MLP, a CNN, an estimator: ``False``.

    >>> from torch import nn
    >>> one_weight_matrix("softmax"), one_weight_matrix("mlp"), one_weight_matrix(nn.Linear(4, 2))
    (True, False, True)
    >>> one_weight_matrix(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)))
    False
    """
    if isinstance(model, str):
        return model.strip().lower() in ONE_MATRIX_MODELS
    if isinstance(model, nn.Module):
        return sum(p.dim() >= 2 for p in model.parameters()) == 1
    return False


def study_pruner(study: optuna.Study, name: str, model: Any) -> optuna.pruners.BasePruner:
    """``study``'s pruner for the pruner called ``name`` (:func:`descend.tune.make_pruner`):
    for ``"successive_halving"``, the one stored in its :data:`FIRST_RUNG` attribute; where unset
    (a new study), ``"median"`` for a model of one weight matrix (:func:`one_weight_matrix`), else
    ``"successive_halving"``, stored there first. Any other ``name`` as named.

    >>> import optuna
    >>> type(study_pruner(optuna.create_study(), "successive_halving", "mlp")).__name__
    'PlateauWaitingHalving'
    """
    if name != "successive_halving":
        return make_pruner(name)
    stored = study.user_attrs.get(FIRST_RUNG)
    if stored is None:
        stored = "median" if one_weight_matrix(model) else "successive_halving"
        study.set_user_attr(FIRST_RUNG, stored)
    return make_pruner(stored)
