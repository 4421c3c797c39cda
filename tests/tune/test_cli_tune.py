"""``descend tune``: a study from a YAML file, its best.yaml trained by ``descend train
--config``, and one ``error:`` line for each bad input."""

from __future__ import annotations

import inspect

import pytest
from _tuning import tune_file
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.cli.tune import StudyOptions


def descend(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


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
        ("space:\n  lr: {low: 0.1, high: 1, kind: normal}\n", "space: lr: kind: Extra inputs are not permitted"),
        ("space: {}\n", "space: empty: give at least one setting to search"),
        (
            "storage: postgresql://nobody@127.0.0.1:1/none\n",
            "storage 'postgresql://nobody@127.0.0.1:1/none': cannot open it",
        ),
        ("metric: val_acc\n", "metric 'val_acc': not one a run records"),
        ("metric: val_r2\n", "metric 'val_r2': the runs do not record it"),
        ("trials: 0\n", "trials: input should be greater than or equal to 1"),
        ("pruner: asha\n", "pruner: input should be 'successive_halving'"),
        ("epocs: 3\n", "unknown key 'epocs'"),
        ("optimizer: sdg\n", "unknown optimizer 'sdg'"),
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
    out = tmp_path / "study"
    assert descend("tune", "--config", config, "--out", out, "--no-progress").exit_code == 0
    before = (out / "trials.csv").read_text()
    again = descend("tune", "--config", config, "--out", out, "--no-progress")
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        f"error: out: {out} already holds a study (best.yaml, plots, report.html...): "
        "resume it with --resume (resume=True), or choose another folder"
    )
    assert (out / "trials.csv").read_text() == before
    resumed = descend("tune", "--config", config, "--out", out, "--resume", "--trials", 2, "--no-progress")
    assert resumed.exit_code == 0 and "trials         2" in resumed.stdout


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
