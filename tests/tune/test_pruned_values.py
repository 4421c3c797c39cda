"""A pruned trial's row in ``trials.csv`` holds its metric at the last epoch it trained: the
doctor prunes before the epoch's value reaches Optuna, so a trial it pruned had no value there
(pruned in its first epoch) or the epoch before's. An estimator's pruned trial holds the mean score
of the folds it fitted, the fold the doctor pruned scored too."""

from __future__ import annotations

import csv
import math

import optuna
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import StratifiedKFold

from descend import GDClassifier
from descend.training.history import History
from descend.tune import tune
from descend.tune.outputs import LAST_VALUE
from descend.tune.study_report import _last_value


def test_a_trial_the_doctor_prunes_shows_its_last_measured_val_loss_in_trials_csv(tmp_path):
    out = tmp_path / "study"
    space = {"lr": [1e3, 2e3]}  # SGD diverges at once: the doctor prunes the first epoch
    result = tune(
        "mlp",
        "iris",
        space=space,
        trials=1,
        epochs=4,
        optimizer="sgd",
        start_at_defaults=False,
        out=out,
        progress=False,
    )
    (trial,) = result.study.trials
    assert trial.state.name == "PRUNED" and trial.user_attrs["pruned_because"].startswith("the doctor: divergence")
    assert trial.user_attrs["epochs"] == 1
    measured = History.load(out / "trials" / "0000").epochs["val_loss"]
    (row,) = csv.DictReader((out / "trials.csv").open())
    assert row["value"] != "" and math.isclose(float(row["value"]), measured[-1])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # the fold's fit, redone here
def test_an_estimator_trial_the_doctor_prunes_at_fold_0_shows_that_folds_score_in_trials_csv(tmp_path):
    # SGD at lr=10 or 30: the loss rises 100-fold and more in fold 0's fit; the row had no value (no fold scored)
    X, y = load_iris(return_X_y=True)
    estimator = GDClassifier(optimizer="sgd", max_epochs=5, scale_features=False, random_state=0)  # raw: it diverges
    out = tmp_path / "study"
    space = {"lr": [10.0, 30.0]}
    result = tune(estimator, X, y, cv=2, space=space, trials=1, start_at_defaults=False, out=out, progress=False)
    (trial,) = result.study.trials
    reason = trial.user_attrs["pruned_because"]
    assert trial.state.name == "PRUNED" and reason.startswith("the doctor: fold 0: divergence")
    train_rows, test_rows = next(StratifiedKFold(2).split(X, y))
    fitted = clone(estimator).set_params(**trial.params).fit(X[train_rows], y[train_rows])
    (row,) = csv.DictReader((out / "trials.csv").open())
    assert row["value"] != "" and math.isclose(float(row["value"]), fitted.score(X[test_rows], y[test_rows]))
    assert row["pruned_because"] == reason


def test_the_study_reports_picture_plots_a_pruned_trial_at_the_value_trials_csv_shows():
    """Was: the report's history plotted Optuna's last reported value (an epoch older) where
    trials.csv showed the pruned trial's metric at the last epoch it trained."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study()
    study.enqueue_trial({}, user_attrs={LAST_VALUE: 0.25})

    def pruned(trial):
        trial.report(0.5, 0)
        raise optuna.TrialPruned()

    study.optimize(pruned, n_trials=1)
    assert _last_value(study.trials[0]) == 0.25
