"""descend.tune.first_rung: successive halving's first rung waits for epoch 3 in a study whose
trials epoch 1 does not rank (Spearman rho of epoch-1 and epoch-3 values at most 0.25)."""

from __future__ import annotations

import optuna
import pytest
from optuna.trial import TrialState, create_trial

from descend.tune import make_pruner
from descend.tune.first_rung import MIN_PAIRS, RankGatedHalving, early_ranks


def _study(pairs: list[tuple[float, float]]) -> optuna.Study:
    """A study under descend's default pruner whose finished trials went from epoch-1 value v1
    to epoch-3 value v3 (through successive halving's rungs after epochs 1 and 3)."""
    study = optuna.create_study(pruner=make_pruner("successive_halving"))
    for v1, v3 in pairs:
        study.add_trial(
            create_trial(
                state=TrialState.COMPLETE,
                value=v3,
                intermediate_values={1: v1, 2: (v1 + v3) / 2, 3: v3},
                system_attrs={"completed_rung_0": v1, "completed_rung_1": v3},
            )
        )
    return study


def _pruned_at(study: optuna.Study, values: dict[int, float]) -> int | None:
    """The step at which a new trial reporting ``values`` is pruned (None: never)."""
    trial = study.ask()
    for step, value in sorted(values.items()):
        trial.report(value, step)
        if trial.should_prune():
            return step
    return None


# a newcomer slow at epoch 1 (worst of all there) and worst at epoch 3 too
SLOW = {1: 2.0, 2: 1.5, 3: 1.2}


def test_where_epoch_1_ranks_the_trials_a_slow_start_is_pruned_after_one_epoch():
    ranking = _study([(1.0, 0.5), (1.2, 0.6), (1.4, 0.7)])  # rho = +1
    assert _pruned_at(ranking, SLOW) == 1


def test_where_slow_starters_win_the_first_judgement_waits_for_epoch_3():
    # rho = -1: the trial worst after epoch 1 was the best after epoch 3. Successive halving
    # from epoch 1 (the parent, d9504c9) prunes the newcomer after 1 epoch; here it is judged
    # at epoch 3 against the others' epoch-3 values, and pruned there (it trails them)
    anti = _study([(1.0, 0.7), (1.2, 0.6), (1.4, 0.5)])
    assert _pruned_at(anti, SLOW) == 3
    # a slow starter that leads at epoch 3 goes on
    assert _pruned_at(anti, {1: 2.0, 2: 1.0, 3: 0.4}) is None


def test_too_few_trials_to_rank_read_as_ranking():
    few = _study([(1.0, 0.6), (1.2, 0.5)][: MIN_PAIRS - 1])
    assert _pruned_at(few, SLOW) == 1
    trials = few.get_trials()
    assert early_ranks(trials) and early_ranks([])


def test_the_default_pruner_is_optunas_successive_halving_behind_the_gate():
    pruner = make_pruner("successive_halving")
    assert isinstance(pruner, RankGatedHalving)
    assert isinstance(pruner.halving, optuna.pruners.SuccessiveHalvingPruner)
    assert pruner.late == 3
    with pytest.raises(ValueError, match="min_resource"):
        RankGatedHalving(min_resource=0)
