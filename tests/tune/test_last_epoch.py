"""A trial that ran every epoch (every fold) has its value: it is complete, never pruned at
its end, whatever the pruner says there."""

from __future__ import annotations

import optuna
import pytest
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

import descend as ds
from descend.tune import CrossValidated, Space, TrainObjective, TrialPruning

COMPLETE, PRUNED = optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED


class _PruneFrom(optuna.pruners.BasePruner):
    """Prunes every trial once it has reported at step ``step`` or later."""

    def __init__(self, step: int) -> None:
        self.step = step

    def prune(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> bool:
        return trial.last_step is not None and trial.last_step >= self.step


def _train_trial(epochs: int, pruner: optuna.pruners.BasePruner) -> optuna.trial.FrozenTrial:
    study = optuna.create_study(pruner=pruner)
    study.enqueue_trial({"lr": 0.1})
    objective = TrainObjective("softmax", "iris", Space.parse({"lr": [0.1, 0.3]}), {"epochs": epochs}, doctor=False)
    study.optimize(objective, n_trials=1)
    return study.trials[0]


@pytest.mark.parametrize("epochs", [2, 3])
def test_a_trial_the_pruner_stops_at_its_last_epoch_is_complete_with_its_value(epochs):
    trial = _train_trial(epochs, _PruneFrom(epochs))
    assert trial.state == COMPLETE and trial.user_attrs["epochs"] == epochs
    assert trial.value == min(trial.intermediate_values.values())  # the best epoch's val_loss
    assert "pruned_because" not in trial.user_attrs


def test_the_pruner_still_stops_a_trial_before_its_last_epoch():
    trial = _train_trial(3, _PruneFrom(2))
    assert trial.state == PRUNED and trial.user_attrs["epochs"] == 2


def test_a_run_that_ends_by_its_own_rule_is_complete_where_the_pruner_would_stop_it():
    # patience=1 at a rate too large for progress: the run's own rule ends it at epoch 2 of 10
    study = optuna.create_study(pruner=_PruneFrom(2))
    pruning = TrialPruning(study.ask(), "val_loss", doctor=False, epochs=10)
    history = ds.train("softmax", "iris", optimizer="sgd", lr=1e-9, tol=1.0, patience=1, epochs=10,
                       progress=False, callbacks=[pruning])  # fmt: skip
    assert len(history.loss) == 2 and pruning.reason is None


def test_a_cross_validated_trial_that_scored_every_fold_is_complete():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    estimator = ds.GDClassifier(lr=0.1, batch_size=None, max_epochs=3, random_state=0)
    for cv, state in ((2, COMPLETE), (3, PRUNED)):
        study = optuna.create_study(direction="maximize", pruner=_PruneFrom(1))  # steps: folds 0, 1, ...
        study.optimize(CrossValidated(estimator, X, y, Space.parse({"lr": [0.1, 0.2]}, ["lr"]), cv=cv), n_trials=1)
        (trial,) = study.trials
        assert trial.state == state
        if state == COMPLETE:
            assert trial.value == trial.intermediate_values[1]  # the mean over both folds
