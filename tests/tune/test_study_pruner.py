"""A study's pruner, decided once from its model: the median pruner for a model of one weight
matrix (linear, logistic, softmax), successive halving otherwise; stored with the study, so that
a resumed study and every worker use the same one."""

from __future__ import annotations

import queue

import optuna
import pytest
from torch import nn

import descend as ds
from descend.tune import _workers
from descend.tune._job import Job
from descend.tune.study_pruner import FIRST_RUNG, one_weight_matrix, study_pruner

SPACE = {"lr": {"low": 1e-4, "high": 1.0, "log": True}, "batch_size": [16, 32, 64]}


@pytest.mark.parametrize(
    ("model", "one"),
    [
        ("linear", True),
        ("Logistic", True),
        ("softmax", True),
        ("mlp", False),
        ("cnn", False),
        (nn.Linear(5, 3), True),
        (nn.Sequential(nn.Flatten(), nn.Linear(5, 1)), True),
        (nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1)), False),
        (object(), False),
    ],
)
def test_one_weight_matrix(model, one):
    assert one_weight_matrix(model) is one


def test_the_pruner_is_decided_once_and_stored_with_the_study():
    study = optuna.create_study()
    assert isinstance(study_pruner(study, "successive_halving", "softmax"), optuna.pruners.MedianPruner)
    assert study.user_attrs[FIRST_RUNG] == "median"
    # a study joined or resumed reads its own decision, whatever model it is handed
    assert isinstance(study_pruner(study, "successive_halving", "mlp"), optuna.pruners.MedianPruner)
    other = optuna.create_study()
    assert isinstance(study_pruner(other, "successive_halving", "mlp"), optuna.pruners.SuccessiveHalvingPruner)
    assert other.user_attrs[FIRST_RUNG] == "successive_halving"
    named = optuna.create_study()  # a pruner named otherwise is used as named, nothing stored
    assert isinstance(study_pruner(named, "none", "logistic"), optuna.pruners.NopPruner)
    assert FIRST_RUNG not in named.user_attrs


def test_a_logistic_study_gets_the_median_pruner():
    # known answer (the parent: successive halving, no attribute)
    result = ds.tune("logistic", "breast_cancer", space=SPACE, trials=3, epochs=2, seed=0, progress=False)
    assert result.study.user_attrs[FIRST_RUNG] == "median"
    assert isinstance(result.study.pruner, optuna.pruners.MedianPruner)


def test_an_mlp_study_keeps_successive_halving():
    result = ds.tune("mlp", "iris", space=SPACE, trials=3, epochs=2, seed=0, progress=False)
    assert result.study.user_attrs[FIRST_RUNG] == "successive_halving"
    assert isinstance(result.study.pruner, optuna.pruners.SuccessiveHalvingPruner)


def test_a_resumed_study_and_a_worker_read_the_stored_pruner(tmp_path, monkeypatch):
    folder = tmp_path / "study"
    ds.tune("logistic", "breast_cancer", space=SPACE, trials=2, epochs=2, out=folder, progress=False)
    url = f"sqlite:///{folder / 'study.db'}"
    storage = optuna.storages.RDBStorage(url)
    assert optuna.load_study(study_name="study", storage=storage).user_attrs[FIRST_RUNG] == "median"
    # a worker process: load_study's own default would be the median pruner, so mark the study
    # as one that decided successive halving and check the worker follows the study, not the model
    optuna.load_study(study_name="study", storage=storage).set_user_attr(FIRST_RUNG, "successive_halving")
    seen = []
    monkeypatch.setattr(_workers, "run_trials", lambda job, study, trials, **_: seen.append(study.pruner))
    job = Job(
        *("logistic", "breast_cancer", None, SPACE, {"epochs": 2, "seed": 0}, "val_loss", "minimize", True, 5, None),
        *("tpe", "successive_halving", 0, url, "study", None),
    )
    _workers._worker(job, 0, 1, 1, queue.Queue())
    assert len(seen) == 1 and isinstance(seen[0], optuna.pruners.SuccessiveHalvingPruner)
    storage.engine.dispose()
    result = ds.tune(
        "logistic", "breast_cancer", space=SPACE, trials=3, epochs=2, out=folder, resume=True, progress=False
    )
    assert result.study.user_attrs[FIRST_RUNG] == "successive_halving"
    assert isinstance(result.study.pruner, optuna.pruners.SuccessiveHalvingPruner)
