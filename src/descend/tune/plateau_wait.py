"""Successive halving whose first cuts do not judge a trial still on the plateau, where the study is.

A network's loss can start on a plateau: for a target with no linear part (two spirals, a wavy
surface), the output stays near a constant prediction for an epoch or more before the loss
falls, and the trials that leave it latest are often the ones that end best (session 27, tune10:
on two spirals, random search's best trials were at or above their start after epoch 1). The
first cut of successive halving (the top third by the value after one epoch) ranks them among
trials that have merely moved a little off the plateau, and drops them.

The rule. Let :math:`\\ell_c` be the value of the **constant prediction** on the study's metric:
the output :math:`c` that minimises the training loss on the training labels (their mean for
squared error, their class frequencies for cross-entropy: :func:`~descend.training.pilot_below.best_constant`),
scored on the validation labels (``val_loss``) or the training labels (``loss``). A trial whose
value at a waiting rung is no better, :math:`v \\ge \\ell_c`, is recorded at that rung (its value
counts among the others' there, as before) but not judged, **where the study is on the plateau**
there: the median :math:`m_r` of the values recorded at the rung (the study's trials that reached
it and this one: the set successive halving ranks) is no better either, :math:`m_r \\ge \\ell_c`.
It goes on to the next rung, where it is judged against the trials that reached that one. Where
most trials have left the plateau (a task that learns in epoch 1), a trial still on it is judged
as before: it is most likely broken, not slow (session 27, tune12). No new constant: the level is
the constant prediction's own, the gate the rung's own median. :class:`PlateauWaitingHalving`
waits at the first ``waiting_rungs`` rungs (default 2: epochs 1 and 3).

The level is measured once per study objective, from the data as ``train`` prepares it
(:func:`constant_prediction_loss`), and stored on each trial as its :data:`CONSTANT_LOSS` user
attribute; a trial without it (an estimator's cross-validation, a metric other than a loss, data
``train`` does not hold in memory) is judged as before.

>>> import optuna
>>> study = optuna.create_study(pruner=PlateauWaitingHalving())
>>> t = study.ask(); t.set_user_attr(CONSTANT_LOSS, 0.69); t.report(0.70, 1)
>>> t.should_prune()  # on the plateau after one epoch: not judged at the first rung
False
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from typing import Any

import optuna
import torch
from optuna.pruners._successive_halving import _completed_rung_key, _get_current_rung

from .._checks import InvalidArgument
from ..training.losses import default_loss
from ..training.losses import get as get_loss
from ..training.pilot_below import best_constant
from .trial_data import trial_data

__all__ = ["CONSTANT_LOSS", "PlateauWaitingHalving", "constant_prediction_loss"]

CONSTANT_LOSS = "constant_loss"  # a trial's user attribute: the constant prediction's value


class PlateauWaitingHalving(optuna.pruners.SuccessiveHalvingPruner):
    """Successive halving (``min_resource`` 1, reduction factor 3) where, at the first
    ``waiting_rungs`` rungs (1 or 2), a trial whose value is no better than its
    :data:`CONSTANT_LOSS` while the median of the values recorded at that rung is no better
    either is recorded there but not judged (minimised metrics).

    >>> import optuna
    >>> study = optuna.create_study(pruner=PlateauWaitingHalving())
    >>> for v in (0.70, 0.71):  # two trials still on the plateau, recorded at the first rung
    ...     t = study.ask(); t.report(v, 1); _ = t.should_prune(); _ = study.tell(t, v)
    >>> t = study.ask(); t.set_user_attr(CONSTANT_LOSS, 0.69); t.report(0.72, 1); t.should_prune()
    False
    >>> study = optuna.create_study(pruner=PlateauWaitingHalving())
    >>> for v in (0.1, 0.2):  # two trials off the plateau: the rung's median 0.2 is below the level
    ...     t = study.ask(); t.report(v, 1); _ = t.should_prune(); _ = study.tell(t, v)
    >>> t = study.ask(); t.set_user_attr(CONSTANT_LOSS, 0.69); t.report(0.72, 1); t.should_prune()
    True
    """

    def __init__(self, waiting_rungs: int = 2) -> None:
        super().__init__(min_resource=1, reduction_factor=3)
        if waiting_rungs not in (1, 2):
            raise InvalidArgument(f"waiting_rungs must be 1 or 2, got {waiting_rungs!r}")
        self.waiting_rungs = waiting_rungs

    def prune(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> bool:
        level = trial.user_attrs.get(CONSTANT_LOSS)
        step = trial.last_step
        if level is None or step is None or study.direction != optuna.study.StudyDirection.MINIMIZE:
            return super().prune(study, trial)
        rung = _get_current_rung(trial)
        value = trial.intermediate_values[step]
        if rung < self.waiting_rungs and step >= self._min_resource * 3**rung and value >= level:
            if _rung_median(study, trial, rung, value) >= level:  # the study is on the plateau here
                # recorded, so that the others' cut at this rung is what it was; not judged
                study._storage.set_trial_system_attr(trial._trial_id, _completed_rung_key(rung), value)
                return False
        return super().prune(study, trial)


def _rung_median(study: optuna.Study, trial: optuna.trial.FrozenTrial, rung: int, value: float) -> float:
    """The median of the values recorded at ``rung`` by the study's other trials and ``value``."""
    key = _completed_rung_key(rung)
    values = [
        t.system_attrs[key]
        for t in study.get_trials(deepcopy=False)
        if key in t.system_attrs and t.number != trial.number
    ]
    return statistics.median([*values, value])


def constant_prediction_loss(model: Any, data: Any, settings: Mapping[str, Any], metric: str) -> float | None:
    """The value on ``metric`` (``"val_loss"`` or ``"loss"``) of the constant prediction fitted to
    the training labels, with ``data`` split and ``settings``' loss as ``train`` would have them;
    ``None`` for another metric, data not held in memory or a value that is not finite.

    >>> import numpy as np
    >>> X, y = np.zeros((8, 2)), np.array([0, 0, 0, 1, 0, 0, 0, 1])
    >>> round(constant_prediction_loss("mlp", (X, y), {"val_data": (X, y)}, "val_loss"), 4)  # -(3/4 ln 3/4 + 1/4 ln 1/4)
    0.5623
    """
    if metric not in ("val_loss", "loss"):
        return None
    loss = settings.get("loss")
    prepared = trial_data(model, data, settings)
    scored = prepared.val if metric == "val_loss" else prepared.train
    if scored is None or not all(hasattr(s, "X") and hasattr(s, "y") for s in (prepared.train, scored)):
        return None
    loss_name = default_loss(prepared.task, model=model) if loss is None else loss
    loss_fn = get_loss(loss_name)
    width = 1 if loss_name == "bce" else prepared.n_outputs
    c = best_constant(torch.zeros(len(prepared.train.y), width), prepared.train.y, loss_fn)
    with torch.no_grad():
        value = float(loss_fn(c.expand(len(scored.y), width), scored.y))
    return value if math.isfinite(value) else None
