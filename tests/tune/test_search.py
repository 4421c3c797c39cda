"""How a study searches: its first trial at the documented defaults (clamped into the space),
TPE's settings, and the doctor pruning a rate it measures far too small."""

from __future__ import annotations

import inspect

import optuna
import pytest
import torch
from _tuning import LR_SPACE, SMALL
from pydantic import ValidationError

import descend as ds
from descend.cli.tune import StudyOptions
from descend.training.findings import Diagnosis
from descend.training.models import build_model
from descend.tune import (
    STARTUP_TRIALS,
    Space,
    TrainObjective,
    TrialPruning,
    make_pruner,
    make_sampler,
    starting_point,
)
from descend.tune import start as start_module
from descend.tune.pruning import FAR_TOO_SMALL, STOPPED_AFTER
from descend.tune.start import AT_DEFAULTS, DEFAULTS_EPOCHS, advised_point, train_defaults


def test_the_starting_point_is_the_defaults_in_the_space():
    space = Space.parse(
        {
            "optimizer": ["sgd", "adam"],
            "lr": {"low": 1e-4, "high": 1.0, "log": True},
            "weight_decay": {"low": 1e-6, "high": 1e-2, "log": True},
            "batch_size": [16, 32, 64],
            "hidden": [[32], [64], [128, 64]],
            "dropout": {"low": 0.0, "high": 0.5},
        }
    )
    point = starting_point(space)
    assert point == {
        "optimizer": "adam",
        "lr": 1e-3,  # Adam's own default rate
        "weight_decay": 1e-6,  # no decay, moved to the range's low end
        "batch_size": 32,  # train's batch (the full batch until session 33: then 64, the largest offered)
        "hidden": "64",  # the label Optuna stores for the choice [64]
        "dropout": 0.0,
    }
    assert space.decode(point)["hidden"] == [64]


def test_the_starting_point_leaves_to_the_sampler_what_the_space_lacks():
    # Adam is not a choice: the optimizer and so its settings are the sampler's
    space = Space.parse(
        {
            "optimizer": ["sgd", "rmsprop"],
            "lr": {"low": 1e-4, "high": 1.0, "log": True},
            "beta2": {"low": 0.9, "high": 0.999},
        }
    )
    assert starting_point(space) == {}
    space = Space.parse({"lr": {"low": 0.05, "high": 1.0, "log": True}, "activation": ["tanh", "gelu"]})
    assert starting_point(space, optimizer="sgd") == {"lr": 0.05}  # SGD's default 1e-3, clamped up


def test_the_full_batch_is_the_largest_batch_where_the_space_lacks_it():
    full = {"batch_size": None}  # train's default until session 33
    assert starting_point(Space.parse({"batch_size": [8, 128]}), full) == {"batch_size": 128}
    assert starting_point(Space.parse({"batch_size": [8, "full"]}), full) == {"batch_size": "full"}
    assert starting_point(Space.parse({"batch_size": {"low": 10, "high": 90, "step": 20}}), full) == {"batch_size": 90}
    # train's own default, 32: a choice where offered, else the sampler's; a range's nearest step
    assert starting_point(Space.parse({"batch_size": [8, 32, 128]})) == {"batch_size": 32}
    assert starting_point(Space.parse({"batch_size": [8, 128]})) == {}
    assert starting_point(Space.parse({"batch_size": {"low": 10, "high": 90, "step": 20}})) == {"batch_size": 30}
    # an estimator's own batch is kept, and a missing one is not read as the full batch
    assert starting_point(Space.parse({"batch_size": [8, 16]}), {"batch_size": 16}) == {"batch_size": 16}
    assert starting_point(Space.parse({"batch_size": [8, 16]}), {"lr": 0.1}) == {}


def test_the_defaults_are_read_from_train_the_optimizer_and_the_model_builder():
    train_keywords = inspect.signature(ds.train).parameters
    assert train_defaults()["optimizer"] == train_keywords["optimizer"].default
    assert train_defaults()["batch_size"] == train_keywords["batch_size"].default
    for rule in ("adam", "adamw", "sgd"):
        created = ds.optim.create(rule, [torch.zeros(1, requires_grad=True)]).defaults
        defaults = train_defaults(rule)
        assert defaults["lr"] == created["lr"] and defaults["weight_decay"] == created["weight_decay"]
        if "betas" in created:
            assert (defaults["beta1"], defaults["beta2"]) == tuple(created["betas"])
        if "momentum" in created:
            assert defaults["momentum"] == created["momentum"]
    # the model options are what build_model does with no options given: the same modules
    for model, names in (("mlp", ("hidden", "activation", "dropout")), ("cnn", ("channels",))):
        options = {name: train_defaults()[name] for name in names}
        plain = build_model(model, 64, 10, task="classification")
        assert repr(build_model(model, 64, 10, task="classification", **options)) == repr(plain)


def test_a_new_study_starts_at_the_defaults_and_a_resumed_one_does_not_again(tmp_path):
    out = tmp_path / "study"
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=2, out=out, progress=False, **SMALL)
    first = result.study.trials[0]
    assert first.params == {"optimizer": "adam", "lr": 1e-3}
    assert first.system_attrs.get("fixed_params") == {"optimizer": "adam", "lr": 1e-3}
    resumed = ds.tune("softmax", "iris", space=LR_SPACE, trials=3, out=out, resume=True, progress=False, **SMALL)
    at_defaults = [t.number for t in resumed.study.trials if t.params == {"optimizer": "adam", "lr": 1e-3}]
    assert at_defaults == [0]


def test_the_trial_at_the_defaults_trains_one_epoch_then_is_pruned():
    # the doctor's pruning off: only the first rung stops it, at any value
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=2, doctor=False, progress=False, **SMALL)
    first, second = result.study.trials
    assert first.user_attrs[AT_DEFAULTS] is True and first.user_attrs["epochs"] == DEFAULTS_EPOCHS == 1
    assert first.state == optuna.trial.TrialState.PRUNED
    assert first.user_attrs["pruned_because"].startswith(f"{STOPPED_AFTER} 1 epoch: val_loss=")
    assert AT_DEFAULTS not in second.user_attrs and second.user_attrs["epochs"] > 1
    # a study of one trial trains it whole: its only trial is its result
    (only,) = ds.tune("softmax", "iris", space=LR_SPACE, trials=1, doctor=False, progress=False, **SMALL).study.trials
    assert only.state == optuna.trial.TrialState.COMPLETE and only.user_attrs["epochs"] == SMALL["epochs"]


def test_the_doctors_advice_on_the_best_trial_is_the_next_trial():
    # Adam at 1e-3 for 6 full-batch steps on iris: the doctor measures the rate 4x too small;
    # with its pruning of rates far too small off, the trial completes and is the best
    study = optuna.create_study()
    study.enqueue_trial({"optimizer": "adam", "lr": 1e-3})
    study.optimize(TrainObjective("softmax", "iris", Space.parse(LR_SPACE), SMALL, too_small=False), n_trials=2)
    first, second = study.trials
    assert first.state == optuna.trial.TrialState.COMPLETE
    assert first.user_attrs["advice_followed"].startswith("slow_progress")
    assert second.user_attrs["advised_by"] == "trial 0 (best): slow_progress"
    assert second.params["optimizer"] == "adam" and second.params["lr"] > 2e-3


def test_a_study_prunes_a_rate_far_too_small_and_tries_the_doctors_rate_next():
    # Adam at 1e-3 for 6 full-batch steps on iris, a trial of its own (not the defaults' one epoch)
    study = optuna.create_study()
    study.enqueue_trial({"optimizer": "adam", "lr": 1e-3})
    study.optimize(TrainObjective("softmax", "iris", Space.parse(LR_SPACE), SMALL), n_trials=2)
    first, second = study.trials
    assert first.user_attrs["pruned_because"].startswith("the doctor: slow_progress")
    assert second.user_attrs["advised_by"] == "trial 0 (pruned): slow_progress"
    assert second.params["optimizer"] == "adam" and second.params["lr"] > 2e-3
    alone = ds.tune("softmax", "iris", space=LR_SPACE, trials=2, doctor=False, progress=False, **SMALL)
    assert "advised_by" not in alone.study.trials[1].user_attrs
    # the study's last trial queues no advice (no trial is left waiting), so it is not pruned for
    # a rate it could not come back from: it is complete (it was pruned, leaving "no trial finished")
    (only,) = ds.tune("softmax", "iris", space=LR_SPACE, trials=1, progress=False, **SMALL).study.trials
    assert only.state == optuna.trial.TrialState.COMPLETE and "advice_followed" not in only.user_attrs
    assert only.user_attrs["epochs"] == SMALL["epochs"]


def _pruned_at_once(**options) -> optuna.Study:
    """Two trials of a study whose pruner prunes every trial after 4 epochs (a
    validation loss above 0), the first Adam at 1e-3 on iris: a rate the doctor measures too
    small (its own pruning of rates far too small off: the pruner stops the trial)."""
    study = optuna.create_study(pruner=optuna.pruners.ThresholdPruner(upper=0.0, n_warmup_steps=4))
    study.enqueue_trial({"optimizer": "adam", "lr": 1e-3})
    objective = TrainObjective("softmax", "iris", Space.parse(LR_SPACE), SMALL, **{"too_small": False, **options})
    study.optimize(objective, n_trials=2)
    return study


def test_the_doctors_advice_on_a_pruned_trial_is_the_next_trial():
    first, second = _pruned_at_once().trials
    assert first.state == second.state == optuna.trial.TrialState.PRUNED
    assert first.user_attrs["pruned_because"].startswith("ThresholdPruner")
    assert first.user_attrs["advice_followed"].startswith("slow_progress")
    assert second.user_attrs["advised_by"] == "trial 0 (pruned): slow_progress"
    assert second.params["optimizer"] == "adam" and second.params["lr"] > 2e-3
    # one generation: the advised trial, pruned in turn, queues nothing
    assert "advice_followed" not in second.user_attrs
    # off, or without the doctor: the second trial is the sampler's
    for options in ({"advise_pruned": False}, {"doctor": False}):
        _, drawn = _pruned_at_once(**options).trials
        assert "advised_by" not in drawn.user_attrs


def test_advice_the_space_cannot_follow_whole_is_not_followed():
    space = Space.parse(LR_SPACE)
    assert advised_point(space, {"optimizer": "sgd", "lr": 0.01}, {"lr": 0.05}) == {"optimizer": "sgd", "lr": 0.05}
    assert advised_point(space, {"optimizer": "sgd", "lr": 0.5}, {"lr": 50.0}) == {"optimizer": "sgd", "lr": 1.0}
    assert advised_point(space, {"optimizer": "sgd", "lr": 0.01}, {"lr": 0.05, "batch_size": 8}) is None
    assert advised_point(space, {"optimizer": "sgd", "lr": 1.0}, {"lr": 50.0}) is None  # at the end already
    assert advised_point(space, {"optimizer": "sgd", "lr": 0.01}, {}) is None


def test_without_start_at_defaults_the_sampler_draws_the_first_trial():
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=1, start_at_defaults=False, progress=False, **SMALL)
    (trial,) = result.study.trials
    assert "fixed_params" not in trial.system_attrs and trial.params["lr"] != 1e-3


def test_start_at_defaults_must_be_a_flag():
    with pytest.raises(ValueError, match=r"start_at_defaults"):
        ds.tune("softmax", "iris", space=LR_SPACE, trials=1, start_at_defaults="yes", progress=False, **SMALL)


def test_the_sampler_is_multivariate_tpe_with_a_short_start_up():
    sampler = make_sampler("tpe", seed=0)
    assert isinstance(sampler, optuna.samplers.TPESampler)
    study = optuna.create_study(sampler=sampler)
    study.optimize(lambda t: (t.suggest_float("x", -1, 1) - 0.3) ** 2, n_trials=STARTUP_TRIALS + 3)
    assert STARTUP_TRIALS < 10  # fewer random trials than Optuna's default
    assert isinstance(make_sampler("random", seed=0), optuna.samplers.RandomSampler)
    assert isinstance(make_pruner("successive_halving"), optuna.pruners.SuccessiveHalvingPruner)
    with pytest.raises(ValueError, match=r"sampler: unknown 'cma'; known: tpe, random"):
        make_sampler("cma")


def _first_epoch_pruning(too_small: bool, **settings) -> TrialPruning:
    study = optuna.create_study(pruner=optuna.pruners.NopPruner())
    pruning = TrialPruning(study.ask(), "val_loss", too_small=too_small)
    ds.train("mlp", "digits", epochs=3, batch_size=32, progress=False, callbacks=[pruning], **settings)
    return pruning


@pytest.mark.slow
def test_a_rate_far_too_small_is_pruned_only_when_asked():
    # SGD at 1e-4 on digits: the doctor measures a rate hundreds of times too small
    kept = _first_epoch_pruning(False, optimizer="sgd", lr=1e-4, momentum=0.9)
    assert kept.reason is None and kept.epochs == 3
    pruned = _first_epoch_pruning(True, optimizer="sgd", lr=1e-4, momentum=0.9)
    assert pruned.reason.startswith("the doctor: slow_progress") and pruned.epochs == 1
    assert pruned.findings and pruned.findings[0].kind == "slow_progress"  # kept for the advice


def test_a_rate_is_far_too_small_from_far_too_small_times_on():
    study = optuna.create_study()
    finding = Diagnosis("slow_progress", 5, "a plateau", "raise the rate", {"lr": FAR_TOO_SMALL * 1e-3})
    epochs = {"lr": [1e-3]}
    assert TrialPruning(study.ask(), too_small=True)._hopeless(finding, epochs)
    closer = Diagnosis("slow_progress", 5, "a plateau", "raise the rate", {"lr": 0.9 * FAR_TOO_SMALL * 1e-3})
    assert not TrialPruning(study.ask(), too_small=True)._hopeless(closer, epochs)
    assert not TrialPruning(study.ask(), too_small=False)._hopeless(finding, epochs)
    # per parameter group: the smallest rate is the one the advice is measured against
    assert TrialPruning(study.ask(), too_small=True)._hopeless(finding, {"lr": [[1e-3, 1e-2]]})


def test_a_tune_file_turns_the_defaults_start_off():
    assert StudyOptions().start_at_defaults is True
    assert StudyOptions(start_at_defaults=False).start_at_defaults is False
    with pytest.raises(ValidationError, match=r"start_at_defaults"):
        StudyOptions(start_at_defaults="no")


def test_successive_halving_rungs_count_epochs_trained():
    # a step is the epochs trained so far: the first rung falls after 1 epoch, not after 2
    study = optuna.create_study(pruner=make_pruner("successive_halving"))
    runs = []
    for lr in (0.1, 1e-4):
        pruning = TrialPruning(study.ask(), "val_loss", doctor=False)
        ds.train("softmax", "iris", lr=lr, epochs=4, progress=False, callbacks=[pruning])
        runs.append(pruning)
    good, slow = runs
    assert good.reason is None and sorted(good.trial.study.trials[0].intermediate_values) == [1, 2, 3, 4]
    # in the words of the study's settings (pruner: successive_halving), not Optuna's or descend's class
    assert slow.reason.startswith("successive halving: val_loss=") and slow.epochs == 1


def test_the_starting_point_reads_the_defaults_once(monkeypatch):
    """train's optimizer is read from its signature; the defaults of the chosen rule once."""
    calls = []
    real = start_module.train_defaults
    monkeypatch.setattr(start_module, "train_defaults", lambda *a: calls.append(a) or real(*a))
    space = Space.parse({"optimizer": ["sgd", "adam"], "lr": {"low": 1e-4, "high": 1.0, "log": True}})
    assert starting_point(space) == {"optimizer": "adam", "lr": 1e-3}
    assert calls == [("adam",)]
