"""A study on a built-in data set: better than the default settings, the doctor prunes a
hopeless trial with its reason, and the study's files."""

from __future__ import annotations

import csv
import subprocess
import sys
import warnings

import optuna
import pytest
import torch
import yaml
from _tuning import LR_SPACE, SMALL

import descend as ds
from descend._checks import InvalidArgument
from descend.cli._settings import RunConfig
from descend.tune import TrialPruning, default_space
from descend.tune.space_settings import unfixed


def test_import_descend_does_not_import_optuna_or_scikit_learn():
    code = (
        "import sys, descend; assert 'optuna' not in sys.modules and 'sklearn' not in sys.modules; "
        "descend.tune; assert 'optuna' in sys.modules and 'sklearn' not in sys.modules; "
        "descend.GDClassifier; assert 'sklearn' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_descend_tune_is_the_function_and_the_module():
    assert callable(ds.tune) and ds.tune.tune.__name__ == "tune"
    assert list(ds.tune.__signature__.parameters)[:3] == ["model", "data", "y"]


@pytest.mark.slow
def test_a_few_trials_beat_the_default_settings(tmp_path):
    default = ds.train("softmax", "iris", progress=False, **SMALL)
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=6, out=tmp_path / "study", progress=False, **SMALL)
    assert result.best_value < 0.8 * min(default.val_loss)
    assert result.best_settings["model"] == "softmax" and "lr" in result.best_settings
    # best.yaml trains that run again, as descend train reads it
    best = yaml.safe_load((tmp_path / "study" / "best.yaml").read_text())
    config = RunConfig(**best)
    again = ds.train(**config.train_kwargs(), progress=False)
    assert min(again.val_loss) == pytest.approx(result.best_value, rel=1e-5)


def test_a_huge_rate_is_pruned_by_the_doctor_with_its_reason(tmp_path):
    result = ds.tune(
        "softmax", "iris", space={"optimizer": ["sgd"], "lr": [1e4]}, trials=1, pruner="none", progress=False, **SMALL
    )
    (trial,) = result.study.trials
    assert trial.state == optuna.trial.TrialState.PRUNED
    assert trial.user_attrs["pruned_because"].startswith("the doctor: divergence")
    assert trial.user_attrs["epochs"] < SMALL["epochs"]  # stopped at once, not trained to the end
    assert result.best_value is None


def test_without_the_doctor_the_pruner_alone_decides():
    study = optuna.create_study(pruner=optuna.pruners.NopPruner())
    pruning = TrialPruning(study.ask(), "val_loss", doctor=False)
    ds.train("softmax", "iris", optimizer="sgd", lr=0.1, progress=False, callbacks=[pruning], **SMALL)
    assert pruning.reason is None and pruning.epochs == SMALL["epochs"]


@pytest.mark.slow
def test_the_study_folder_holds_trials_best_and_report(tmp_path):
    out = tmp_path / "study"
    ds.tune("softmax", "iris", space=LR_SPACE, trials=4, out=out, progress=False, **SMALL)
    rows = list(csv.DictReader(open(out / "trials.csv")))
    assert [r["number"] for r in rows] == ["0", "1", "2", "3"]
    assert {"state", "value", "epochs", "seconds", "pruned_because", "param_lr", "param_optimizer"} <= set(rows[0])
    page = (out / "report.html").read_text()
    assert "history.png" in page and "best_trial.png" in page
    assert (out / "plots" / "history.png").stat().st_size > 1000


def test_a_new_study_on_a_shared_storage_does_not_take_a_folder_holding_another(tmp_path):
    # A local study's folder, then a study on a journal file pointed at it: its outputs would
    # replace the local study's trial logs, trials.csv and best.yaml.
    out = tmp_path / "study"
    # the doctor off: its one trial finishes (the doctor prunes Adam at 1e-3 at batch 32), so best.yaml is written
    ds.tune("softmax", "iris", space=LR_SPACE, trials=1, out=out, progress=False, epochs=1, doctor=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    journal = f"journal:{tmp_path / 'shared.log'}"
    with pytest.raises(
        ValueError,
        match=r"out: .*study already holds files \(best.yaml, plots, report.html, ...\) "
        r"and study 'other' is new on storage journal:.*: a new study starts in a new or empty folder",
    ):
        ds.tune(
            "softmax",
            "iris",
            space=LR_SPACE,
            trials=1,
            out=out,
            storage=journal,
            study_name="other",
            progress=False,
            epochs=1,
        )
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # The same study joined again (another machine's worker, or a second command) shares it.
    shared = tmp_path / "shared"
    ds.tune(
        "softmax",
        "iris",
        space=LR_SPACE,
        trials=1,
        out=shared,
        storage=journal,
        study_name="s",
        progress=False,
        epochs=1,
    )
    again = ds.tune(
        "softmax",
        "iris",
        space=LR_SPACE,
        trials=2,
        out=shared,
        storage=journal,
        study_name="s",
        progress=False,
        epochs=1,
    )
    assert len(again.study.trials) == 2


@pytest.mark.slow
def test_an_existing_study_is_never_overwritten(tmp_path):
    out = tmp_path / "study"
    ds.tune("softmax", "iris", space=LR_SPACE, trials=2, out=out, progress=False, **SMALL)
    before = (out / "trials.csv").read_text()
    with pytest.raises(ValueError, match=r"already holds a study .* resume it with --resume"):
        ds.tune("softmax", "iris", space=LR_SPACE, trials=2, out=out, progress=False, **SMALL)
    assert (out / "trials.csv").read_text() == before
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=3, out=out, resume=True, progress=False, **SMALL)
    assert len(result.study.trials) == 3  # two kept, one more


def test_a_study_resumed_with_other_settings_names_them(tmp_path):
    """Was "was started with other settings; continue it with the same model, data, space, metric and
    settings": the user had to find which."""
    out = tmp_path / "study"
    ds.tune("softmax", "iris", space={"lr": [0.01, 0.1]}, trials=1, epochs=1, out=out, progress=False)
    with pytest.raises(ValueError, match=r"was started with other settings \(epochs was 1, is 2\); continue it"):
        ds.tune("softmax", "iris", space={"lr": [0.01, 0.1]}, trials=2, epochs=2, out=out, resume=True, progress=False)
    with pytest.raises(ValueError, match=r"other settings \(seed was 0, is 3; space was .*\); continue it"):
        ds.tune(
            "softmax",
            "iris",
            space={"lr": [0.1, 1.0]},
            trials=2,
            epochs=1,
            out=out,
            resume=True,
            progress=False,
            seed=3,
        )


def test_a_setting_fixed_and_searched_or_never_drawn_is_refused_before_any_file(tmp_path):
    """Was: the space silently won over lr=0.5, and momentum under Adam was never drawn, every
    trial the same settings."""
    cases = [
        ({"lr": 0.5, "space": LR_SPACE}, r"^lr is both searched \(space: lr\) and fixed \(lr=0.5\)"),
        (
            {"model_options": {"hidden": [8]}, "space": {"hidden": [[8], [16]]}},
            r"^hidden is both searched \(space: hidden\) and fixed \(hidden=\[8\]\)",
        ),
        ({"betas": (0.9, 0.99), "space": {"beta2": {"low": 0.9, "high": 0.999}}}, r"fixed \(betas=\(0.9, 0.99\)\)"),
        (
            {"space": {"momentum": {"low": 0.0, "high": 0.9}}},
            r"^space: momentum: adam \(train's default optimizer\) does not take momentum, so it would never be "
            r"drawn: search the optimizer too \(e.g. optimizer: \[sgd, adam\]\) or fix one that takes it, such as sgd$",
        ),
        (
            {"space": {"optimizer": ["adam", "adamw"], "momentum": {"low": 0.0, "high": 0.9}}},
            r"^space: momentum: none of the optimizers searched \(adam, adamw\) takes momentum, so it would never be "
            r"drawn: add one that takes it to the optimizer's choices, such as sgd$",
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=message):
            ds.tune("mlp", "iris", trials=1, out=tmp_path / "study", progress=False, **SMALL, **kwargs)
        assert not (tmp_path / "study").exists()
    ds.tune(
        "mlp",
        "iris",
        space={"momentum": {"low": 0.0, "high": 0.9}},
        optimizer="sgd",
        trials=1,
        epochs=1,
        progress=False,
    )


def test_lr_searched_beside_a_schedule_object_is_refused_and_left_out_of_the_default_space(tmp_path):
    """The object sets every rate itself: every lr drawn trained alike (0.01 and 0.05 gave the
    same loss), the study spending its trials on one run and reporting a "best" lr it never used."""
    fixed = ds.schedules.cosine(0.05, total_steps=10)
    with pytest.raises(
        ValueError,
        match=r"^lr is searched \(space: lr\), but the fixed schedule=cosine\(lr=0.05, total_steps=10, "
        r"final_lr=0.0\) sets every learning rate itself, so every lr drawn would train alike: fix a schedule "
        r"name \(sized from the lr drawn\), or leave lr out of the space$",
    ):
        ds.tune(
            "mlp", "iris", trials=1, out=tmp_path / "study", progress=False, schedule=fixed, space=LR_SPACE, **SMALL
        )
    assert not (tmp_path / "study").exists()
    assert "lr" in default_space("mlp") and "lr" not in unfixed(default_space("mlp"), {"schedule": fixed})
    assert "lr" in unfixed(default_space("mlp"), {"schedule": "cosine"})


def test_a_validation_metric_on_data_without_validation_says_what_to_give(tmp_path):
    """Your own arrays (or CSV file) are not split: the default metric, val_loss, is not recorded.
    The error says how to get it (was only "the runs do not record it; they record loss, ...")."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(60, 3, generator=g)
    y = (X[:, 0] > 0).long()
    with pytest.raises(
        ValueError,
        match=r"^metric 'val_loss': the runs do not record it; they record loss, grad_norm, accuracy: they have no "
        r"validation data; give them some \(val_data=\(X_val, y_val\), or val_data: in a tune file\) or value the "
        r"trials by a metric they record$",
    ):
        ds.tune("softmax", (X, y), space=LR_SPACE, trials=1, epochs=1, out=tmp_path / "study", progress=False)
    assert not (tmp_path / "study").exists()
    result = ds.tune("softmax", (X, y), space=LR_SPACE, trials=1, epochs=1, val_data=(X, y), progress=False)
    assert result.best_value is not None


def test_the_default_space_leaves_the_fixed_settings_fixed():
    result = ds.tune("mlp", "iris", trials=2, lr=0.05, batch_size=16, progress=False, epochs=1)
    for trial in result.study.trials:
        assert not {"lr", "batch_size"} & set(trial.params)
    assert (result.best_settings["lr"], result.best_settings["batch_size"]) == (0.05, 16)


@pytest.mark.parametrize(
    ("optimizer", "searched"),
    [("adam", {"lr", "weight_decay", "batch_size"}), ("sgd", {"lr", "momentum", "weight_decay", "batch_size"}),
     ("lbfgs", {"lr"})],
)  # fmt: skip
def test_the_default_space_of_a_fixed_optimizer_searches_what_it_takes(optimizer, searched):
    # the default space kept momentum for any optimizer, which the study refused for adam ("does not
    # take momentum"), and mini-batches for lbfgs, a rule of full-batch gradients (train's full batch)
    result = ds.tune("softmax", "iris", optimizer=optimizer, trials=1, epochs=1, progress=False)
    (trial,) = result.study.trials
    assert set(trial.params) == searched


@pytest.mark.slow
def test_a_metric_to_maximise():
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=3, metric="val_accuracy", progress=False, **SMALL)
    assert result.study.direction == optuna.study.StudyDirection.MAXIMIZE and result.best_value > 0.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"metric": "val_acc"}, r"metric 'val_acc': not one a run records; choose one of val_loss"),
        ({"metric": "val_r2"}, r"metric 'val_r2': the runs do not record it; they record loss"),
        (
            {"storage": "postgresql://nobody@127.0.0.1:1/none"},
            r"storage 'postgresql://nobody@127.0.0.1:1/none': cannot open it: .*",
        ),
        ({"storage": "nowhere"}, r"storage 'nowhere': expected a database URL"),
        ({"sampler": "grid"}, r"sampler: unknown 'grid'; known: tpe, random"),
        ({"pruner": "asha"}, r"pruner: unknown 'asha'; known: successive_halving, hyperband"),
        ({"workers": 2}, r"workers=2 need a study on disk"),
        ({"out": __file__}, r"^out: .*test_study.py is a file, not a folder: give the study's folder"),  # was no "out"
        ({"trials": 0}, r"trials"),
    ],
)
def test_bad_settings_are_one_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message) as err:
        ds.tune("softmax", "iris", space=LR_SPACE, **{"trials": 1, "progress": False, **SMALL, **kwargs})
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("model", "space", "message"),
    [
        ("mlp", {"channels": [[4], [8]]}, r"^space: channels: model 'mlp' has no option 'channels'\. It takes: hidden"),
        (
            "linear",
            {"hidden": [[4], [8]]},
            r"^space: hidden: model 'linear' has no option 'hidden'\. It takes no options",
        ),
        (
            "mlp",
            {"dropout": [0.1, 1.5]},
            r"^space: dropout: choice 1.5 cannot be trained: dropout must be a probability",
        ),
        ("mlp", {"activation": ["relu", "relux"]}, r"^space: activation: choice 'relux' cannot be trained: "),
        (torch.nn.Linear(4, 3), {"hidden": [[4], [8]]}, r"^space: hidden: model options apply to named models"),
    ],
)
def test_a_model_option_the_model_lacks_is_refused_at_the_space_before_any_file(tmp_path, model, space, message):
    """Was: the first trial stopped the study with build_model's TypeError, not a word of the space."""
    with pytest.raises(ValueError, match=message):
        ds.tune(model, "iris", space=space, trials=1, out=tmp_path / "study", progress=False, **SMALL)
    assert not (tmp_path / "study").exists()


def test_a_study_whose_trials_reported_nothing_draws_its_history_without_a_warning(tmp_path):
    # Adam at 1e-3 on iris for one epoch at batch 32: the doctor prunes the one trial before it
    # reports a value; matplotlib used to warn "No artists with labels found to put in legend".
    out = tmp_path / "study"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds.tune("softmax", "iris", space=LR_SPACE, trials=1, out=out, progress=False, epochs=1)
    assert (out / "plots" / "history.png").stat().st_size > 1000


@pytest.mark.parametrize(
    ("metric", "direction", "message"),
    [
        (
            "val_loss",
            "maximize",
            "direction='maximize' against val_loss, a loss, minimized: the study would search for the worst trials; "
            "leave direction out",
        ),
        (
            "val_accuracy",
            "minimize",
            "direction='minimize' against val_accuracy, a score, maximized: the study would search for the worst "
            "trials; leave direction out",
        ),
    ],
)
def test_a_direction_against_the_metrics_own_is_refused(tmp_path, metric, direction, message):
    """Was taken: the study searched for the worst trials and wrote the worst one to best.yaml."""
    with pytest.raises(InvalidArgument) as refused:
        ds.tune(
            "softmax",
            "iris",
            space=LR_SPACE,
            trials=1,
            metric=metric,
            direction=direction,
            out=tmp_path / "study",
            progress=False,
            **SMALL,
        )
    assert str(refused.value) == message
    assert not (tmp_path / "study").exists()


def test_a_study_resumed_with_other_options_names_them(tmp_path):
    """Was: a study resumed with another sampler, or the doctor switched, ran on silently, its
    trials drawn or pruned otherwise than the ones it held."""
    out = tmp_path / "study"
    ds.tune("softmax", "iris", space={"lr": [0.01, 0.1]}, trials=1, epochs=1, out=out, progress=False)
    again = {"space": {"lr": [0.01, 0.1]}, "trials": 2, "epochs": 1, "out": out, "resume": True, "progress": False}
    with pytest.raises(ValueError, match=r"was started with other settings \(sampler was \"tpe\", is \"random\"\)"):
        ds.tune("softmax", "iris", sampler="random", **again)
    with pytest.raises(ValueError, match=r"was started with other settings \(doctor was True, is False\)"):
        ds.tune("softmax", "iris", doctor=False, **again)
    assert len(ds.tune("softmax", "iris", **again).study.trials) == 2


def test_the_refusal_names_the_python_keyword_of_another_study_name(tmp_path):
    # Was "or give another study name (--study)" to a Python caller: descend.tune takes study_name.
    out = tmp_path / "study"
    ds.tune("softmax", "iris", space={"lr": [0.01, 0.1]}, trials=1, epochs=1, out=out, progress=False)
    with pytest.raises(ValueError, match=r"or give another study name \(study_name=; descend tune --study\)$"):
        ds.tune("softmax", "iris", space={"lr": [0.01, 0.2]}, trials=2, epochs=1, out=out, resume=True, progress=False)
