"""Session 29 (tune14): the doctor's divergence does not end a tune trial whose value after the
epoch is already below the constant prediction's; it goes to the study's pruner instead."""

import optuna
import pytest
from _tuning import LR_SPACE, SMALL

import descend as ds
import descend.tune.pruning as pruning_module
from descend.training.findings import Diagnosis
from descend.tune import Space, TrainObjective, make_pruner
from descend.tune.plateau_wait import CONSTANT_LOSS
from descend.tune.pruning import AFTER_WAIVER, TrialPruning

# what the doctor said of two spirals' best trials after epoch 1 (session 28, tune13)
NOISY_END = Diagnosis(
    "divergence",
    25,
    "the loss ended at 0.758, no lower than its start 0.735, while the steps were unstable",
    "the learning rate is too large: try lr=0.002",
    {"lr": 0.002},
)


def _pruning(monkeypatch, level, pruner="successive_halving"):
    """A trial whose every epoch the doctor calls a divergence, the constant prediction at ``level``."""
    monkeypatch.setattr(pruning_module, "diagnose", lambda history: [NOISY_END])
    study = optuna.create_study(pruner=make_pruner(pruner))
    trial = study.ask()
    if level is not None:
        trial.set_user_attr(CONSTANT_LOSS, level)
    pruning = TrialPruning(trial, "val_loss")
    ds.train("softmax", "iris", lr=0.1, epochs=3, seed=0, progress=False, callbacks=[pruning])
    return pruning


def test_a_divergence_below_the_constant_prediction_does_not_end_the_trial(monkeypatch):
    pruning = _pruning(monkeypatch, level=10.0)  # iris' val loss is far below 10 after an epoch
    assert pruning.reason is None and pruning.epochs == 3
    assert pruning.trial.study.trials[0].intermediate_values  # its values went to the pruner


@pytest.mark.parametrize("level", [1e-9, None])  # the value at or above the level; no level
def test_a_divergence_at_or_above_the_constant_prediction_ends_the_trial(monkeypatch, level):
    pruning = _pruning(monkeypatch, level=level)
    assert pruning.reason.startswith("the doctor: divergence") and pruning.epochs == 1


def test_a_median_pruner_study_ends_such_a_trial_as_before(monkeypatch):
    pruning = _pruning(monkeypatch, level=10.0, pruner="median")  # a model of one weight matrix
    assert pruning.reason.startswith("the doctor: divergence") and pruning.epochs == 1


def test_the_doctors_advice_on_a_waived_trial_is_the_next_trial(monkeypatch):
    # session 29 (tune17): the advice START queued for the trial it pruned is still tried
    monkeypatch.setattr(pruning_module, "diagnose", lambda history: [NOISY_END])
    study = optuna.create_study(pruner=make_pruner("successive_halving"))
    study.enqueue_trial({"optimizer": "adam", "lr": 0.1})
    study.optimize(TrainObjective("softmax", "iris", Space.parse(LR_SPACE), SMALL), n_trials=2)
    first, second = study.trials
    assert first.state == optuna.trial.TrialState.COMPLETE  # waived: below the constant prediction
    assert second.user_attrs["advised_by"] == "trial 0 (waived): divergence"
    assert second.user_attrs[AFTER_WAIVER] is True and second.params == {"optimizer": "adam", "lr": 0.002}


def _first_rung(after_waiver: bool) -> int:
    """Epochs a trial trains where three others were far better after one epoch (successive halving
    keeps the best third at its first rung)."""
    study = optuna.create_study(pruner=make_pruner("successive_halving"))
    for value in (0.01, 0.02, 0.03):
        trial = study.ask()
        trial.report(value, 1)
        trial.should_prune()
        study.tell(trial, value)
    trial = study.ask()
    if after_waiver:
        trial.set_user_attr(AFTER_WAIVER, True)
    pruning = TrialPruning(trial, "val_loss", doctor=False)
    ds.train("softmax", "iris", lr=1e-3, epochs=3, seed=0, progress=False, callbacks=[pruning])
    return pruning.epochs


def test_a_trial_on_the_advice_to_a_waived_trial_is_exempt_from_the_first_rung():
    assert _first_rung(after_waiver=False) == 1  # cut at the first rung
    assert _first_rung(after_waiver=True) == 3  # recorded there, judged at the next one (3 epochs)
