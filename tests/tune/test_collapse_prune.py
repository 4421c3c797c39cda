"""The doctor's divergence prunes a network's tune trial at once only where the loss blew up
(session 27): a collapse, a finite loss left near its start by unstable steps, goes to the study's
pruner; on a model of one weight matrix (convex) it still prunes at once."""

from __future__ import annotations

import optuna

import descend as ds
import descend.tune.pruning as pruning_module
from descend.training.findings import Diagnosis
from descend.training.history import History
from descend.tune import TrialPruning
from descend.tune.pruning import loss_blown_up

COLLAPSE = Diagnosis(
    "divergence",
    3,
    "the loss ended at 0.75, no lower than its start 0.69, while the steps were unstable",
    "try lr=0.003",
    {"lr": 0.003},
)


def _history(step_losses: list[float], epoch_losses: list[float]) -> History:
    history = History()
    history.steps["loss"], history.epochs["loss"] = list(step_losses), list(epoch_losses)
    return history


def test_a_loss_near_its_start_has_not_blown_up():
    assert not loss_blown_up(_history([0.69, 0.9, 0.75], [0.78]))
    assert not loss_blown_up(_history([0.69, 2.06], [1.2]))  # just under 3 times its start


def test_a_loss_three_times_its_start_or_not_finite_has_blown_up():
    assert loss_blown_up(_history([0.69, 2.07], [1.0]))
    assert loss_blown_up(_history([0.69, 0.7], [2.1]))  # an epoch's mean counts too
    assert loss_blown_up(_history([0.69, float("nan")], [0.7]))
    assert loss_blown_up(_history([0.69, 0.7], [float("inf")]))


def test_a_networks_collapse_is_not_hopeless_and_a_blow_up_is():
    trial = optuna.create_study().ask()
    assert not TrialPruning(trial)._hopeless(COLLAPSE, {"lr": [0.03]}, _history([0.69, 0.8], [0.75]))
    assert TrialPruning(trial)._hopeless(COLLAPSE, {"lr": [0.03]}, _history([0.69, 5.4], [1.3]))


def test_a_one_matrix_models_collapse_is_hopeless():
    trial = optuna.create_study().ask()
    convex = TrialPruning(trial, one_matrix=True)
    assert convex._hopeless(COLLAPSE, {"lr": [0.03]}, _history([0.69, 0.8], [0.75]))
    unbounded = Diagnosis("unbounded", 3, "the loss fell without bound", "bound it", {})
    assert TrialPruning(trial)._hopeless(unbounded, {"lr": [0.03]}, _history([0.69, 0.6], [0.6]))


def test_a_trial_the_doctor_reads_as_collapsed_reports_to_the_pruner(monkeypatch):
    # every epoch the doctor reads a collapse; the run itself trains (iris softmax, lr 0.1):
    # the trial is not pruned by the doctor, reports every epoch, and keeps the finding for advice
    monkeypatch.setattr(pruning_module, "diagnose", lambda history: [COLLAPSE])
    study = optuna.create_study(pruner=optuna.pruners.NopPruner())
    pruning = TrialPruning(study.ask(), "val_loss")
    ds.train("softmax", "iris", lr=0.1, epochs=3, progress=False, callbacks=[pruning])
    assert pruning.reason is None and pruning.epochs == 3
    assert sorted(study.trials[0].intermediate_values) == [1, 2, 3]
    assert pruning.findings == [COLLAPSE]


def _objective_trial(monkeypatch, model: str) -> optuna.trial.FrozenTrial:
    # the doctor reads a collapse after every epoch; the runs themselves train (iris, lr 0.1)
    monkeypatch.setattr(pruning_module, "diagnose", lambda history: [COLLAPSE])
    space = ds.tune.Space.parse({"lr": [0.1]})
    objective = ds.tune.TrainObjective(model, "iris", space, {"epochs": 3, "seed": 0}, advise_pruned=False)
    study = optuna.create_study(pruner=optuna.pruners.NopPruner())
    study.optimize(objective, n_trials=1)
    return study.trials[0]


def test_an_mlp_study_trains_on_through_a_collapse(monkeypatch):
    # known answer (the parent pruned it after epoch 1 for the doctor's divergence)
    trial = _objective_trial(monkeypatch, "mlp")
    assert trial.state == optuna.trial.TrialState.COMPLETE and trial.user_attrs["epochs"] == 3


def test_a_softmax_study_prunes_a_collapse_at_once(monkeypatch):
    trial = _objective_trial(monkeypatch, "softmax")
    assert trial.state == optuna.trial.TrialState.PRUNED and trial.user_attrs["epochs"] == 1
    assert trial.user_attrs["pruned_because"].startswith("the doctor: divergence")
