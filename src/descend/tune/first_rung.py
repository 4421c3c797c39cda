"""Successive halving whose first rung waits in a study where epoch 1 does not rank the trials.

Optuna's successive halving (Li et al. 2020) judges a trial after 1, 3, 9... epochs, keeping the
top third at each rung. Judging after one epoch saves compute where a trial's epoch-1 value ranks
it as its later values do, and drops the slow starters that would have won where it does not
(the bench's flat logistic and two spirals; on its MLP regressions epoch 1 ranks well). No fixed
first rung suits every task (bench/HISTORY.md, ``tune``), so :class:`RankGatedHalving` asks the
study itself: over its trials that reported epochs 1 and 3, Spearman's rank correlation

    rho = corr(rank v_1, rank v_3)

and where ``rho <= RANKS_FROM`` (0.25: epoch 1 orders the trials little better than chance), a trial is
not judged before epoch 3: successive halving is first consulted there, and judges the trial's
epoch-3 value against the other trials' at its second rung. With fewer than ``MIN_PAIRS``
such trials the study is read as ranking (successive halving as Optuna runs it). Stateless: it
reads the study's stored values, so several processes share one study safely.
"""

from __future__ import annotations

import math

import optuna
from scipy.stats import spearmanr

__all__ = ["RankGatedHalving", "early_ranks", "RANKS_FROM", "MIN_PAIRS", "LATE_RUNG"]

# rho above this: epoch 1 ranks the study's trials. Chosen in session 25 on 29 read bench tasks
# (6 seeds) between 0 and 0.25 by a rule declared before the sweep (bench/tune_rank_gate_prereg.md)
RANKS_FROM = 0.25
MIN_PAIRS = 3  # the fewest trials a rank correlation is not +-1 on by construction
LATE_RUNG = 3  # the second rung of successive halving from 1 epoch by a factor of 3


def early_ranks(trials: list[optuna.trial.FrozenTrial], first: int = 1, later: int = LATE_RUNG) -> bool:
    """Whether the trials' values at step ``first`` rank them as their values at ``later`` do:
    Spearman's rho of the two over the trials that reported both (finite) is above
    :data:`RANKS_FROM`, or there are fewer than :data:`MIN_PAIRS` such trials.

    >>> from optuna.trial import create_trial
    >>> def trial(v1, v3):
    ...     return create_trial(value=v3, intermediate_values={1: v1, 3: v3})
    >>> early_ranks([trial(1.0, 0.5), trial(2.0, 0.6), trial(3.0, 0.7)])
    True
    >>> early_ranks([trial(1.0, 0.7), trial(2.0, 0.6), trial(3.0, 0.5)])  # slow starters win
    False
    >>> early_ranks([trial(1.0, 0.7), trial(2.0, 0.6)])  # too few to tell
    True
    """
    pairs = []
    for t in trials:
        values = t.intermediate_values
        if first in values and later in values and math.isfinite(values[first]) and math.isfinite(values[later]):
            pairs.append((values[first], values[later]))
    if len(pairs) < MIN_PAIRS:
        return True
    rho = spearmanr(*zip(*pairs)).statistic
    return not rho <= RANKS_FROM  # a nan rho (all values tied) reads as ranking


class RankGatedHalving(optuna.pruners.BasePruner):
    """Optuna's successive halving (first rung after ``min_resource`` epochs, a factor of
    ``reduction_factor``) that consults it before its second rung only in a study whose
    trials epoch 1 ranks (:func:`early_ranks`).

    >>> study = optuna.create_study(pruner=RankGatedHalving())
    >>> trial = study.ask()
    >>> trial.report(1.0, 1)
    >>> trial.should_prune()  # the first trial of a study is the best so far at its rung
    False
    """

    def __init__(self, min_resource: int = 1, reduction_factor: int = 3) -> None:
        self.halving = optuna.pruners.SuccessiveHalvingPruner(
            min_resource=min_resource, reduction_factor=reduction_factor
        )
        self.late = min_resource * reduction_factor  # the second rung's step

    def prune(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> bool:
        step = trial.last_step
        if step is not None and step < self.late:
            finished = study.get_trials(
                deepcopy=False, states=(optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
            )
            if not early_ranks(finished, 1, self.late):
                return False
        return self.halving.prune(study, trial)
