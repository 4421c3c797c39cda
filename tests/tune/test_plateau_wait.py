"""Session 27 (tune11, tune12): successive halving's first two cuts do not judge a trial whose value is
still no better than the constant prediction's, where the median of the values at that rung is
no better either (the study is on the plateau)."""

import numpy as np
import optuna
import pytest

from descend.tune import make_pruner
from descend.tune.objective import TrainObjective
from descend.tune.plateau_wait import CONSTANT_LOSS, PlateauWaitingHalving, constant_prediction_loss
from descend.tune.space import Space, default_space


def _study_with_two(values: tuple[float, float], waiting_rungs: int = 2) -> optuna.Study:
    study = optuna.create_study(pruner=PlateauWaitingHalving(waiting_rungs))
    for value in values:
        trial = study.ask()
        trial.report(value, 1)
        trial.should_prune()  # recorded at the first rung
        study.tell(trial, value)
    return study


def test_the_default_pruner_waits_for_a_trial_where_the_study_is_on_the_plateau():
    study = optuna.create_study(pruner=make_pruner("successive_halving"))
    for value in (0.70, 0.71):  # two trials still at the level after epoch 1
        trial = study.ask()
        trial.report(value, 1)
        trial.should_prune()
        study.tell(trial, value)
    on_plateau = study.ask()
    on_plateau.set_user_attr(CONSTANT_LOSS, 0.69)
    on_plateau.report(0.72, 1)  # last of three; the rung's median 0.71 is at or above the level
    assert not on_plateau.should_prune()
    assert "completed_rung_0" in study.trials[2].system_attrs  # still counts in the others' cut


def test_a_trial_at_the_level_is_judged_where_the_study_has_left_the_plateau():
    study = _study_with_two((0.1, 0.2))
    late = study.ask()
    late.set_user_attr(CONSTANT_LOSS, 0.3)
    late.report(0.31, 1)  # at the level, but the rung's median 0.2 is below it: successive halving's cut
    assert late.should_prune()
    study.tell(late, state=optuna.trial.TrialState.PRUNED)
    unknown = study.ask()
    unknown.report(0.31, 1)  # no level: judged as before
    assert unknown.should_prune()


def _finish(study, values):
    """A trial of ``study`` that reports ``values`` (step: value), asks the pruner after each, and ends
    at its last value."""
    trial = study.ask()
    for step, value in values.items():
        trial.report(value, step)
        trial.should_prune()
    study.tell(trial, value)


def test_the_second_rung_waits_too_and_one_waiting_rung_judges_there():
    for waiting_rungs, pruned_at_3 in ((2, False), (1, True)):
        study = _study_with_two((0.70, 0.71), waiting_rungs)
        _finish(study, {1: 0.69, 3: 0.05})  # off the plateau by epoch 3
        waiting = study.ask()
        waiting.set_user_attr(CONSTANT_LOSS, 0.69)
        waiting.report(0.72, 1)
        assert not waiting.should_prune()
        waiting.report(0.70, 3)  # behind the one trial at epoch 3; the rung's median 0.375 is below the level
        assert waiting.should_prune()
        plateau = _study_with_two((0.70, 0.71), waiting_rungs)
        for _ in range(2):  # both still at the level after epoch 3
            _finish(plateau, {1: 0.70, 3: 0.70})
        waiting = plateau.ask()
        waiting.set_user_attr(CONSTANT_LOSS, 0.69)
        waiting.report(0.72, 1)
        assert not waiting.should_prune()
        waiting.report(0.72, 3)  # last of three at epoch 3, the rung's median 0.70 at or above the level
        assert waiting.should_prune() is pruned_at_3


def test_waiting_rungs_must_be_one_or_two():
    with pytest.raises(ValueError, match=r"waiting_rungs must be 1 or 2, got 3"):
        PlateauWaitingHalving(3)


def test_the_constant_prediction_is_fitted_on_the_training_labels_and_scored_on_the_validation_ones():
    X = np.zeros((4, 1))
    # regression: the training mean 1, the validation targets 3 and 5: (2^2 + 4^2) / 2 = 10
    value = constant_prediction_loss(
        "mlp", (X, np.array([0.0, 2.0, 0.0, 2.0])), {"val_data": (X[:2], np.array([3.0, 5.0]))}, "val_loss"
    )
    assert value == pytest.approx(10.0, rel=1e-4)
    # classification: training frequencies 3/4 and 1/4, validation labels all 1: -ln 1/4
    labels = np.array([0, 0, 0, 1])
    value = constant_prediction_loss("mlp", (X, labels), {"val_data": (X[:2], np.array([1, 1]))}, "val_loss")
    assert value == pytest.approx(np.log(4), rel=1e-4)
    assert constant_prediction_loss("mlp", (X, labels), {"val_data": (X, labels)}, "val_accuracy") is None


def test_every_trial_of_a_train_objective_carries_the_level():
    X = np.random.default_rng(0).normal(size=(300, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype("int64")
    study = optuna.create_study(pruner=PlateauWaitingHalving())
    space = Space.parse(default_space("mlp"))
    objective = TrainObjective("mlp", (X[:200], y[:200]), space, {"epochs": 1, "val_data": (X[200:], y[200:])})
    study.optimize(objective, n_trials=2)
    levels = {t.user_attrs[CONSTANT_LOSS] for t in study.trials if t.state.is_finished()}
    assert len(levels) == 1 and 0.6 < levels.pop() < 0.8
