"""``descend tune``: a study from a YAML file, its best.yaml trained by ``descend train
--config``, and one ``error:`` line for each bad input."""

from __future__ import annotations

import inspect
import json

import pytest
import yaml
from _tuning import tune_file
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.cli._run_folder import write_config
from descend.cli._settings import RunConfig
from descend.cli.tune import StudyOptions, _settings


def descend(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


def test_a_metric_no_run_records_is_a_usage_error_naming_the_file(tmp_path):
    """Was "error: metric 'val_acc': not one a run records; choose one of ..." (exit 1), naming
    neither the file nor its key, and no near name."""
    config = tmp_path / "tune.yaml"
    config.write_text("data: iris\nmodel: softmax\nmetric: val_acc\n")
    result = descend("tune", "--config", config, "--out", tmp_path / "study")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: config {config}: metric: unknown metric 'val_acc'. Did you mean 'val_accuracy'? "
        "Known: val_loss, loss, val_accuracy, accuracy, val_r2, r2.\n"
    )
    assert not (tmp_path / "study").exists()


@pytest.mark.slow
def test_a_study_from_a_file_and_its_best_settings_trained_again(tmp_path):
    config = tune_file(tmp_path, trials=3, epochs=4)
    result = descend("tune", "--config", config, "--out", tmp_path / "study", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "best val_loss" in result.stdout and "trials         3" in result.stdout
    again = descend("train", "--config", tmp_path / "study" / "best.yaml", "--out", tmp_path / "run", "--no-progress")
    assert again.exit_code == 0, again.output
    assert (tmp_path / "run" / "report.html").is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("space:\n  momentun: {low: 0, high: 1}\n", "space: unknown setting 'momentun'. Did you mean 'momentum'?"),
        ("space:\n  lr: {low: 0, high: 1, log: true}\n", "space: lr: a log range needs low > 0"),
        ("space:\n  lr: {low: 0.1, high: 1, kind: normal}\n", "space: lr: unknown key 'kind'. A range is {low, high"),
        ("space: {}\n", "space: empty: give at least one setting to search"),
        (
            "storage: postgresql://nobody@127.0.0.1:1/none\n",
            "storage 'postgresql://nobody@127.0.0.1:1/none': cannot open it",
        ),
        (  # was SQLite's "cannot open it: unable to open database file"
            "storage: sqlite:///no-such-folder/s.db\n",
            "storage 'sqlite:///no-such-folder/s.db': the folder no-such-folder does not exist (sqlite:///PATH is PATH "
            "relative to the working folder; an absolute path takes four slashes: sqlite:////no-such-folder/s.db)",
        ),
        ("metric: val_acc\n", "metric: unknown metric 'val_acc'. Did you mean 'val_accuracy'?"),
        ("metric: 1\n", "metric: expected one of val_loss, loss, val_accuracy, accuracy, val_r2, r2, got 1"),
        ("metric: val_r2\n", "metric 'val_r2': the runs do not record it"),
        ("trials: 0\n", "trials: input should be greater than or equal to 1"),
        ("pruner: asha\n", "pruner: input should be 'successive_halving'"),
        ("epocs: 3\n", "unknown key 'epocs'. Did you mean 'epochs'?"),
        ("trails: 3\n", "unknown key 'trails'. Did you mean 'trials'?"),  # the study's keys too
        (  # hidden (--hidden's name in train's files) was an unknown key
            "model: mlp\nhidden: [8, -1]\n",
            "model_options: expected layer widths >= 1 such as 64,64, got [8, -1]",
        ),
        ("optimizer: sdg\n", "unknown optimizer 'sdg'"),
        (
            "lr: 0.1\nspace:\n  lr: {low: 0.001, high: 1, log: true}\n",
            "lr is both searched (space: lr) and fixed (lr=0.1): a trial would take the searched value",
        ),
        (
            "space:\n  momentum: {low: 0, high: 0.9}\n",
            "space: momentum: adam (train's default optimizer) does not take momentum, so it would never be drawn",
        ),
    ],
)
def test_a_bad_input_is_one_error_line(tmp_path, extra, message):
    base = "data: iris\nmodel: softmax\nepochs: 2\ntrials: 1\n"
    lines = [line for line in base.splitlines(keepends=True) if line.split(":")[0] not in extra.split(":")[0]]
    config = tmp_path / "tune.yaml"
    config.write_text("".join(lines) + extra)
    result = descend("tune", "--config", config, "--out", tmp_path / "study", "--no-progress")
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr


@pytest.mark.slow
def test_an_existing_study_needs_resume(tmp_path):
    config = tune_file(tmp_path, trials=1, epochs=2)
    with open(config, "a") as file:  # its one trial finishes (the doctor prunes Adam at 1e-3 at batch 32)
        file.write("doctor: false\n")
    out = tmp_path / "study"
    assert descend("tune", "--config", config, "--out", out, "--no-progress").exit_code == 0
    before = (out / "trials.csv").read_text()
    again = descend("tune", "--config", config, "--out", out, "--no-progress")
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        f"error: --out: {out} already holds a study (best.yaml, plots, report.html, ...): "
        "resume it with --resume (resume=True), or choose another folder"
    )
    assert (out / "trials.csv").read_text() == before
    resumed = descend("tune", "--config", config, "--out", out, "--resume", "--trials", 2, "--no-progress")
    assert resumed.exit_code == 0 and "trials         2" in resumed.stdout


def test_the_help_names_what_each_option_takes():
    shown = descend("tune", "--help").stdout
    for option in (
        "--data NAME|PATH.csv",
        "--model linear|logistic|softmax|mlp|cnn",
        "--epochs N",
        "--out DIRECTORY",
        "--workers N",
        "--storage URL",
        "--study NAME",
        "--trials N",
    ):
        assert option in shown, option
    assert " TEXT " not in shown and " INTEGER " not in shown


def test_a_folder_of_other_files_is_not_called_a_study(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = descend("tune", "--data", "iris", "--model", "softmax", "--out", out, "--no-progress")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: --out: {out} holds files (notes.txt) but no study (study.db); nothing was changed: a study starts "
        "in a new or empty folder, choose another one\n"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("path, what", [("", "no path"), ("{tmp}", "the folder {tmp}")])
def test_a_journal_storage_needs_the_path_of_a_file(tmp_path, path, what):
    storage = "journal:" + path.format(tmp=tmp_path)
    result = descend("tune", "--data", "iris", "--model", "softmax", "--storage", storage, "--out", tmp_path / "s")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: storage {storage!r}: expected journal:PATH, the path of a file (journal:studies/tune.log), "
        f"got {what.format(tmp=tmp_path)}\n"
    )
    assert not (tmp_path / "s").exists()


def test_resume_without_a_study(tmp_path):
    config = tune_file(tmp_path, trials=1, epochs=2)
    result = descend("tune", "--config", config, "--out", tmp_path / "none", "--resume", "--no-progress")
    assert result.exit_code == 1 and "holds no study (study.db) to continue" in result.stderr


def test_a_tune_files_defaults_are_ds_tunes():
    tunes = inspect.signature(ds.tune.tune).parameters
    for key, value in StudyOptions().model_dump().items():
        assert value == tunes["study_name" if key == "study" else key].default, key
    untyped = app.commands["tune"].make_context("tune", ["--config", "x.yaml"], resilient_parsing=True)
    assert f"[{tunes['trials'].default}]" in " ".join(p.help or "" for p in untyped.command.params)


@pytest.mark.slow
def test_a_study_from_options_alone_and_one_that_pruned_every_trial(tmp_path):
    # Rates of 1e3 and more on softmax: the doctor prunes every trial (divergence).
    out = tmp_path / "pruned"
    config = tmp_path / "tune.yaml"
    config.write_text(
        "data: wine\nmodel: softmax\nepochs: 2\ntrials: 1\nspace:\n  lr: {low: 1.0e3, high: 1.0e4, log: true}\n"
    )
    first = descend("tune", "--config", config, "--out", out, "--no-progress")
    assert first.exit_code == 0, first.output
    # was "none yet: no trial finished", beside "trials  1 (1 pruned)": a pruned trial is finished
    assert f"none yet: every trial was pruned or failed ({out / 'trials.csv'} says why each stopped)" in first.stdout
    assert "the doctor: divergence" in (out / "trials.csv").read_text()
    # Two epochs of softmax on wine at Adam's default 1e-3, the study's only trial: the doctor
    # measures the rate too small, but with no trial left to come back at its rate, it trains whole.
    out = tmp_path / "study"
    more = descend(
        "tune", "--data", "wine", "--model", "softmax", "--epochs", 2, "--trials", 1, "--out", out, "--no-progress"
    )
    assert more.exit_code == 0 and "best val_loss" in more.stdout, more.output
    best = (out / "best.yaml").read_text()
    assert "data: wine" in best and "model: softmax" in best and "epochs: 2" in best


def test_options_win_over_the_file(tmp_path):
    config = tmp_path / "tune.yaml"
    config.write_text("data: iris\nmodel: mlp\nepochs: 5\ntrials: 4\n")
    study, run = _settings(str(config), {"model": "softmax", "epochs": "2", "trials": 2})
    assert (run.data, run.model, run.epochs, study.trials) == ("iris", "softmax", 2, 2)
    study, run = _settings(None, {"data": "wine", "model": "softmax"})
    assert (run.data, run.model, study.trials) == ("wine", "softmax", StudyOptions().trials)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "mlp"], "error: no data given: use --data or put 'data:' in a --config file"),
        (["--data", "iris"], "error: no model given: use --model or put 'model:' in a --config file"),
        (
            ["--data", "irs", "--model", "mlp"],
            "error: --data: 'irs' is neither a built-in data set nor a CSV file. Did you mean 'iris'?",
        ),
        (
            ["--data", "iris", "--model", "mlp", "--epochs", 0],
            "error: --epochs: input should be greater than or equal to 1, got '0'",
        ),
    ],
)
def test_a_bad_option_without_a_file_is_one_error_line(tmp_path, args, message):
    result = descend("tune", *args, "--out", tmp_path / "study", "--no-progress")
    assert result.exit_code in (1, 2) and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(message), result.stderr
    assert not (tmp_path / "study").exists()


def test_ctrl_c_says_how_to_continue_and_the_resumed_study_counts_its_trials_once(tmp_path, monkeypatch):
    """Was "error: interrupted" alone, and after --resume "trials 4 (3 pruned, 1 failed)" for a
    study of 3: the interrupted trial, run again, counted twice and as failed."""
    from descend.tune import objective

    train, calls = objective.train, []

    def interrupted_second(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return train(*args, **kwargs)

    monkeypatch.setattr(objective, "train", interrupted_second)
    config, out = tune_file(tmp_path, trials=3, epochs=2), tmp_path / "study"
    stopped = descend("tune", "--config", config, "--out", out, "--no-progress")
    assert stopped.exit_code == 130
    assert [line for line in stopped.stderr.splitlines() if line] == [
        f"the study in {out} stopped; its finished trials are in trials.csv, report.html; continue it with --resume",
        "error: interrupted",
    ]
    resumed = descend("tune", "--config", config, "--out", out, "--resume", "--no-progress")
    assert resumed.exit_code == 0, resumed.output
    line = next(line for line in resumed.stdout.splitlines() if line.startswith("trials "))
    assert line.split()[1] == "3" and "failed" not in line


def test_a_warning_about_the_space_is_said_once(tmp_path):
    """Was said twice: the file's space was parsed to check it, then again by the study."""
    config = tmp_path / "tune.yaml"
    config.write_text(
        "data: iris\nmodel: softmax\nepochs: 1\ntrials: 1\nspace:\n  optimizer: [adam]\n  lr: [0.01, 0.1]\n"
    )
    result = descend("tune", "--config", config, "--out", tmp_path / "study", "--no-progress")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "is one choice" in line]
    assert said == [
        "warning: space: optimizer: ['adam'] is one choice, so every trial takes optimizer='adam': a fixed setting, "
        "not searched; give it as optimizer='adam', or list more choices or a range"
    ]


def _csv(tmp_path):
    rows = ["a,b,label"] + [f"{i / 40:.3f},{(i * 7 % 40) / 40:.3f},{int(i >= 20)}" for i in range(40)]
    path = tmp_path / "points.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_a_study_on_a_csv_file_from_options_alone(tmp_path):
    # Until session 39 descend tune had no --target or --val-data: a CSV file needed a --config
    # file, and the error said "a CSV file needs target= naming its label column".
    data, out = _csv(tmp_path), tmp_path / "study"
    result = descend(
        "tune",
        "--data",
        data,
        "--target",
        "label",
        "--val-data",
        "split",
        "--model",
        "softmax",
        "--epochs",
        1,
        "--trials",
        1,
        "--out",
        out,
        "--no-progress",
    )
    assert result.exit_code == 0, result.output
    best = yaml.safe_load((out / "best.yaml").read_text())
    assert (best["target"], best["val_data"]) == ("label", "split")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: a CSV file needs --target naming its label column; the columns of points.csv are: a, b, label\n"),
        (
            ["--target", "label"],
            "error: metric 'val_loss': the runs do not record it; they record loss, grad_norm, accuracy: they have no "
            "validation data; give them some (--val-data split, or --val-data PATH.csv: a validation CSV file) or "
            "value the trials by a metric they record\n",
        ),
    ],
)
def test_a_csv_file_without_its_target_or_validation_part_names_the_options(tmp_path, args, message):
    data, out = _csv(tmp_path), tmp_path / "study"
    result = descend("tune", "--data", data, *args, "--model", "softmax", "--epochs", 1, "--out", out, "--no-progress")
    assert result.exit_code != 0 and result.stderr == message
    assert not out.exists()


def test_a_run_folders_config_yaml_fixes_a_studys_runs(tmp_path):
    # Until session 39: "unknown key 'lr_used'" (the rate the run started from, a record).
    write_config(tmp_path, RunConfig(data="iris", model="mlp", lr=0.05, epochs=3), 0.05)
    study, run = _settings(str(tmp_path / "config.yaml"), {})
    assert (run.data, run.model, run.lr, run.epochs, study.trials) == ("iris", "mlp", 0.05, 3, StudyOptions().trials)


def test_a_resume_reads_the_studys_stored_settings(tmp_path):
    """Was "error: no data given: use --data or put 'data:' in a --config file" for
    ``--out S --resume`` alone, though the study stores what it was started with."""
    config = tmp_path / "tune.yaml"
    config.write_text(
        "data: wine\nmodel: softmax\nepochs: 2\ntrials: 1\noptimizer: sgd\nhyper: {momentum: 0.5}\n"
        "metric: val_accuracy\nspace:\n  lr: {low: 0.01, high: 0.1, log: true}\n"
    )
    out = tmp_path / "study"
    assert descend("tune", "--config", config, "--out", out, "--no-progress").exit_code == 0
    resumed = descend("tune", "--out", out, "--resume", "--trials", 2, "--no-progress")
    assert resumed.exit_code == 0, resumed.output
    assert _row(resumed.stdout, "trials").startswith("2 (") and "best val_accuracy" in resumed.stdout
    again = descend("tune", "--out", out, "--resume", "--data", "wine", "--trials", 3, "--no-progress")
    assert again.exit_code == 0, again.output
    changed = descend("tune", "--out", out, "--resume", "--epochs", 3, "--trials", 4, "--no-progress")
    assert changed.exit_code == 1
    assert "was started with other settings (epochs was 2, is 3)" in changed.stderr


def _row(table: str, name: str) -> str:
    """The value of the row ``name`` of the command's summary table."""
    return next(line[len(name) :].strip() for line in table.splitlines() if line.startswith(name + " "))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            "lr: 0.1\nspace:\n  lr: [0.01, 0.1]\n",
            "lr is both searched (space: lr) and fixed (lr=0.1): a trial would take the searched value; leave lr "
            "out of the fixed settings or lr out of the space",
        ),
        (
            "space:\n  batch_size: [32, 512]\n",
            "space: batch_size: choice 512 is larger than the 120 training examples, so a trial drawing it would "
            "fail: offer sizes up to 120, or the full batch ('full', a choice)",
        ),
        (
            "space:\n  dropout: [0.1, 1.5]\n",
            "space: dropout: choice 1.5 cannot be trained: dropout must be a probability in [0, 1), got 1.5",
        ),
        ("space:\n  activation: [relu, swish]\n", "space: activation: choice 'swish' cannot be trained: "),
    ],
)
def test_a_files_space_against_its_model_and_data_is_the_files_usage_error(tmp_path, lines, message):
    """Were exit 1 without the file's name, where the file's other mistakes are exit 2 naming it."""
    config = tmp_path / "tune.yaml"
    config.write_text("data: iris\nmodel: mlp\nepochs: 1\n" + lines)
    result = descend("tune", "--config", config, "--out", tmp_path / "study", "--no-progress")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: config {config}: {message}")
    assert not (tmp_path / "study").exists()


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--trials", "0", "input should be greater than or equal to 1"),
        ("--workers", "0", "input should be greater than or equal to 1"),
        ("--epochs", "0", "input should be greater than or equal to 1"),
        ("--trials", "abc", "input should be a valid integer, unable to parse string as an integer"),
        ("--epochs", "abc", "input should be a valid integer, unable to parse string as an integer"),
    ],
)
def test_a_bad_number_is_said_one_way_whichever_option(tmp_path, option, value, problem):
    """Were "--trials: ..., got 0" (click's integer) beside "--epochs: ..., got '0'" (the text
    typed), and for abc click's "Invalid value for '--trials': 'abc' is not a valid integer"."""
    result = descend("tune", "--data", "iris", "--model", "mlp", option, value, "--out", tmp_path / "study")
    assert result.exit_code == 2
    assert result.stderr == f"error: {option}: {problem}, got '{value}'\n"


def test_a_bare_resume_keeps_the_studys_options(tmp_path):
    """Was: a study started with the doctor off (or another sampler, pruner, first trial) and
    resumed with ``--out S --resume`` alone ran on with the doctor on and the default sampler."""
    out = tmp_path / "study"
    options = {"doctor": False, "sampler": "random", "pruner": "median", "start_at_defaults": False}
    ds.tune("softmax", "iris", space={"lr": [0.01, 0.1]}, trials=1, epochs=1, out=out, progress=False, **options)
    study, _ = _settings(None, {"out": str(out), "resume": True})
    assert {k: getattr(study, k) for k in options} == options
    resumed = descend("tune", "--out", out, "--resume", "--trials", 2, "--no-progress")
    assert resumed.exit_code == 0, resumed.output


def test_a_study_stored_without_its_options_resumes_with_the_defaults(tmp_path):
    """A study started before its options were stored (its stored settings have none) resumes,
    bare with the defaults as then, and with other options given."""
    out, space = tmp_path / "study", {"lr": [0.01, 0.1]}
    ds.tune("softmax", "iris", space=space, trials=1, epochs=1, out=out, progress=False)
    storage = ds.tune.open_storage(ds.tune.storage_url(None, out))
    study_id = storage.get_study_id_from_name("study")
    saved = json.loads(storage.get_study_user_attrs(study_id)["settings"])
    del saved["options"]
    storage.set_study_user_attr(study_id, "settings", json.dumps(saved, sort_keys=True))
    study, _ = _settings(None, {"out": str(out), "resume": True})
    assert (study.doctor, study.sampler) == (True, "tpe")
    resumed = descend("tune", "--out", out, "--resume", "--trials", 2, "--no-progress")
    assert resumed.exit_code == 0, resumed.output
    result = ds.tune(
        "softmax", "iris", space=space, trials=3, epochs=1, out=out, resume=True, doctor=False, progress=False
    )
    assert len(result.study.trials) == 3


def test_a_bare_resume_finishes_the_trials_the_study_was_given(tmp_path):
    """Was: ``--out S --resume`` alone ran to descend.tune's default 20 trials, whatever the study
    was started with: a killed study of 40 stopped at 20, and one of 2 finished ran 18 more."""
    out = tmp_path / "study"
    started = descend(
        "tune", "--data", "iris", "--model", "softmax", "--epochs", 1, "--trials", 2, "--out", out, "--no-progress"
    )
    assert started.exit_code == 0, started.output
    study, _ = _settings(None, {"out": str(out), "resume": True})
    assert study.trials == 2
    study, _ = _settings(None, {"out": str(out), "resume": True, "trials": 3})
    assert study.trials == 3
