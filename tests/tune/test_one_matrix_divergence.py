"""The doctor's divergence in a one-matrix (median-pruner) study: one read on a batch that holds an
outlier while the validation loss is below where the run started does not end the trial
(session 29, tune16, ``bench/tune_one_matrix_prereg.md``); a true divergence still does."""

from __future__ import annotations

import numpy as np
import optuna
import pytest

import descend as ds
from descend.training.findings import Diagnosis
from descend.tune.pruning import DOCTOR, TrialPruning
from descend.tune.study_pruner import study_pruner


def _outlier_in_the_last_batch():
    """A linear regression whose one gross outlier (y = 30) falls in the last batch of epoch 1 at
    batch size 64, seed 0: the doctor reads that batch, 3.3x the data's start, as a divergence."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(800, 4)).astype("float32")
    y = (X.sum(1) / 2 + 0.3 * rng.normal(size=800)).astype("float32")
    y[175] = 30.0
    return (X[:640], y[:640]), (X[640:], y[640:])


def _trial(one_matrix: bool) -> optuna.Trial:
    study = optuna.create_study()
    if one_matrix:  # ds.tune's study of a model of one weight matrix: the median pruner, stored
        study.pruner = study_pruner(study, "successive_halving", "linear")
    else:  # a median pruner the user named: not ds.tune's one-matrix decision
        study.pruner = optuna.pruners.MedianPruner()
    return study.ask()


def _train(pruning: TrialPruning, lr: float, optimizer: str = "adam"):
    data, val = _outlier_in_the_last_batch()
    settings = {"optimizer": optimizer, "lr": lr, "batch_size": 64, "epochs": 2, "seed": 0}
    return ds.train("linear", data, val_data=val, **settings, progress=False, callbacks=[pruning])


def test_a_divergence_read_on_one_batch_goes_to_the_median_pruner():
    pruning = TrialPruning(_trial(one_matrix=True), "val_loss")
    history = _train(pruning, 1e-3)
    assert pruning.reason is None and pruning.epochs == 2  # trained on: not ended by the doctor
    assert history.epochs["val_loss"][0] < history.initial_data_loss


def test_outside_a_one_matrix_study_the_doctor_ends_it_as_before():
    pruning = TrialPruning(_trial(one_matrix=False), "val_loss")
    _train(pruning, 1e-3)
    assert pruning.reason.startswith(f"{DOCTOR}: divergence") and pruning.epochs == 1


def test_a_true_divergence_still_ends_the_trial():
    pruning = TrialPruning(_trial(one_matrix=True), "val_loss")
    _train(pruning, 3.0, optimizer="sgd")
    assert pruning.reason.startswith(DOCTOR) and pruning.epochs == 1


@pytest.mark.parametrize(
    ("kind", "value", "start", "left"),
    [
        ("divergence", 0.946, 1.44, True),
        ("divergence", 1.44, 1.44, False),  # not below: the data say it did not go down
        ("divergence", float("nan"), 1.44, False),
        ("divergence", 0.9, None, False),  # no measured start: as before
        ("unbounded", 0.1, 1.44, False),
    ],
)
def test_left_to_the_pruner(kind, value, start, left):
    from descend.tune.one_matrix_divergence import left_to_the_pruner

    assert left_to_the_pruner(Diagnosis(kind, 10, "seen", "advice"), value, start) is left
