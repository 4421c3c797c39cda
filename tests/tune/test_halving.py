"""``descend tune``'s successive halving (:mod:`descend.tune.halving`): its first rung prunes
only the trials behind the median (known answers), its later rungs promote as Optuna's do."""

from __future__ import annotations

import random

import optuna
from optuna.pruners._successive_halving import _is_trial_promotable_to_next_rung as optunas_promotion

from descend.tune import make_pruner
from descend.tune.halving import MedianFirstRungHalving, behind_median, promoted


def test_behind_median_is_worse_than_the_median():
    values = [0.40, 0.45, 0.50, 0.60, 0.70]  # median 0.50
    assert [behind_median(v, values) for v in values] == [False, False, False, True, True]
    even = [0.40, 0.50, 0.55, 0.60]  # an even count: the median is 0.525
    assert not behind_median(0.50, even) and behind_median(0.55, even)
    # maximised (an accuracy): behind is below the median
    accuracies = [0.9, 0.88, 0.86, 0.85, 0.5]
    assert behind_median(0.5, accuracies, maximize=True) and behind_median(0.85, accuracies, maximize=True)
    assert not behind_median(0.86, accuracies, maximize=True)
    # fewer than three values have no median to trail
    assert not behind_median(10.0, [0.1, 10.0]) and not behind_median(10.0, [10.0])


def test_the_margin_is_measured_from_the_values_not_fixed():
    # the same ranks, ten times the scale: the same verdicts
    values = [0.40, 0.45, 0.50, 0.60, 0.70]
    assert [behind_median(v, values) for v in values] == [
        behind_median(10 * v, [10 * w for w in values]) for v in values
    ]


def test_later_rungs_promote_the_top_third_as_optunas_successive_halving():
    rng = random.Random(0)
    for _ in range(2000):
        values = [rng.choice([0.1, 0.2, 0.3, rng.random()]) for _ in range(rng.randint(1, 12))]
        for maximize in (False, True):
            direction = optuna.study.StudyDirection.MAXIMIZE if maximize else optuna.study.StudyDirection.MINIMIZE
            assert promoted(values[-1], list(values), maximize) == optunas_promotion(
                values[-1], list(values), 3, direction
            )


def _report(study: optuna.Study, values: list[float]) -> list[int]:
    """One trial reporting ``values`` (epochs 1, 2...) until pruned; the epochs it ran."""
    trial = study.ask()
    for epoch, value in enumerate(values, 1):
        trial.report(value, epoch)
        if trial.should_prune():
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            return epoch
    study.tell(trial, values[-1])
    return len(values)


def _first_rung(study: optuna.Study, value: float) -> bool:
    """Whether a trial whose first epoch ends at ``value`` is pruned there."""
    trial = study.ask()
    trial.report(value, 1)
    return trial.should_prune()


def test_the_first_rung_keeps_a_slow_start_that_optuna_prunes():
    """Four trials after one epoch at 0.50, 0.52, 0.55, 0.60; then 0.54 (a slow start on a flat
    landscape: the median of the five) and 0.90 (behind the median 0.545 of six). Optuna's first
    rung keeps the best third only and prunes both."""
    ours = optuna.create_study(pruner=MedianFirstRungHalving())
    optunas = optuna.create_study(pruner=optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3))
    for study in (ours, optunas):
        for value in (0.50, 0.52, 0.55, 0.60):
            _first_rung(study, value)
    assert [_first_rung(ours, 0.54), _first_rung(ours, 0.90)] == [False, True]
    assert [_first_rung(optunas, 0.54), _first_rung(optunas, 0.90)] == [True, True]


def test_the_third_epochs_rung_keeps_the_top_third():
    study = optuna.create_study(pruner=MedianFirstRungHalving())
    epochs = [_report(study, [1.0, v, v, v]) for v in (0.5, 0.4, 0.6, 0.45, 0.3, 0.55)]
    # at epoch 1 all equal: none behind the median. At epoch 3: 0.5 alone (kept); 0.4 the best
    # of 2; 0.6 not the best of 3; 0.45 not the best of 4; 0.3 the best; 0.55 not in the top 2 of 6
    assert epochs == [4, 4, 3, 3, 4, 3]


def test_epoch_steps_between_rungs_are_not_judged():
    study = optuna.create_study(pruner=MedianFirstRungHalving())
    for value in (0.1, 0.2, 0.3):
        _report(study, [value, value])
    trial = study.ask()
    trial.report(0.1, 1)
    trial.report(99.0, 2)  # epoch 2 is no rung's: no verdict, however bad
    assert not trial.should_prune()
    trial.report(float("nan"), 3)
    assert trial.should_prune()


def test_the_default_pruner_is_successive_halving_pruning_behind_the_median_at_the_first_rung():
    assert isinstance(make_pruner("successive_halving"), MedianFirstRungHalving)
