"""``descend doctor RUN_DIR [--apply]``: the findings, the advised command line, the advised run."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest
import torch
import yaml
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.cli._settings import RunConfig
from descend.cli.doctor import applied, train_command_line
from descend.schedules import constant

# softmax on iris at a rate 10000x too small: slow progress, whose advice raises the rate
SLOW = ["--data", "iris", "--model", "softmax", "--optimizer", "sgd", "--lr", "1e-5", "--batch-size", "16"]


@pytest.fixture(scope="module")
def slow_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("doctor") / "slow"
    result = CliRunner().invoke(app, ["train", *SLOW, "--epochs", "2", "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    return out


def test_doctor_prints_the_findings_and_the_advised_command_line(slow_run, cli):
    result = cli("doctor", slow_run)
    assert result.exit_code == 0, result.output
    (d,) = ds.History.load(slow_run).diagnoses
    block = d.bulleted().splitlines()
    lines = result.stdout.splitlines()
    assert lines[: 1 + len(block)] == ["doctor:", *block] and d.kind == "slow_progress"
    lines = lines[len(block) - 1 :]
    assert lines[2] == f"advice: lr={d.change['lr']}"
    words = shlex.split(lines[3])
    assert words[:2] == ["descend", "train"]
    assert words[words.index("--lr") + 1] == f"{d.change['lr']:g}" and words[-2:] == ["--out", f"{slow_run}-doctor"]
    for option, value in zip(SLOW[::2], SLOW[1::2]):  # the run's own settings, but the rate
        if option != "--lr":
            assert words[words.index(option) + 1] == value
    assert not (slow_run.parent / "slow-doctor").exists()  # without --apply nothing runs


def test_doctor_diagnoses_again_a_diagnosis_json_written_before_findings_had_changes(slow_run, tmp_path, cli):
    old = tmp_path / "old"
    shutil.copytree(slow_run, old)
    path = old / "diagnosis.json"
    rows = json.loads(path.read_text())
    path.write_text(json.dumps([{k: v for k, v in row.items() if k != "change"} for row in rows]))
    assert ds.History.load(old).advice() == {}  # loaded as it was written: no change
    result = cli("doctor", old)
    assert result.exit_code == 0, result.output
    advised = ds.History.load(slow_run).advice()["lr"]
    assert "nothing to change" not in result.stdout and f"advice: lr={advised}" in result.stdout


def test_doctor_apply_runs_the_advice_in_a_new_folder(slow_run, tmp_path, cli):
    out = tmp_path / "fixed"
    result = cli("doctor", slow_run, "--apply", "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"run folder: {out}"
    advised = ds.History.load(slow_run).advice()["lr"]
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["lr"] == advised and config["lr_used"] == pytest.approx(advised)
    assert config["epochs"] == 2 and config["optimizer"] == "sgd" and config["batch_size"] == 16
    before, after = ds.History.load(slow_run), ds.History.load(out)
    assert after.loss[-1] < before.loss[-1]
    # the folder is a run of its own, which the advice does not overwrite
    again = cli("doctor", slow_run, "--apply", "--out", out, "--no-progress")
    assert again.exit_code == 1
    assert again.stderr.endswith(  # was "... Use --resume to continue that run", an option doctor has not
        f"error: {out} already holds a run; nothing was changed: give the advised run a new folder with --out "
        f"(descend train --out {out} --resume continues the run there)\n"
    )


def test_doctor_apply_into_a_folder_of_files_names_no_option_of_another_command(slow_run, tmp_path, cli):
    """Was "... already holds files; nothing was changed. Use --resume to continue that run, or choose
    another --out": descend doctor has no --resume."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = cli("doctor", slow_run, "--apply", "--out", out, "--no-progress")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {out} already holds files; nothing was changed: give the advised run a new folder with --out\n"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_doctor_help_speaks_of_the_run_not_of_python(cli):
    """Was "... with its advice applied (History.advice()); ...": a Python method for a CLI user."""
    shown = " ".join(cli("doctor", "--help").stdout.split())
    assert "History" not in shown
    assert "command line with its advice applied (the run's settings, with the changes the findings name)" in shown


def test_doctor_of_a_python_api_run_prints_keyword_arguments(tmp_path, cli):
    X = torch.randn(30, 5, generator=torch.Generator().manual_seed(0))
    ds.train("linear", (X, X.sum(1)), optimizer="gd", lr=1e-5, epochs=5, tol=None, log_dir=tmp_path, progress=False)
    result = cli("doctor", tmp_path)
    assert result.exit_code == 0, result.output
    advice = ds.History.load(tmp_path).advice()
    assert result.stdout.splitlines()[-1] == (
        f"advice, as keyword arguments of descend.train (a run of the Python API): lr={advice['lr']!r}"
    )
    refused = cli("doctor", tmp_path, "--apply")
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith(f"error: {tmp_path} has no config.yaml (a run of the Python API)")
    assert f"ds.train(..., lr={advice['lr']!r})" in refused.stderr


def test_doctor_of_a_healthy_run_has_nothing_to_change(tmp_path, cli):
    out = tmp_path / "ok"
    h = ds.train("softmax", "iris", lr=0.05, epochs=30, progress=False, log_dir=out, instruments=False)
    assert {d.kind for d in h.diagnoses} <= {"converged"} and ds.History.load(out).advice() == {}
    result = cli("doctor", out)
    assert result.exit_code == 0 and result.stdout.splitlines()[-1] == (
        "nothing to change: no finding names a setting of the run"
    )
    refused = cli("doctor", out, "--apply")
    assert refused.exit_code == 1
    assert refused.stderr == f"error: nothing to apply: the doctor's findings on {out} name no setting to change\n"


def test_doctor_of_a_folder_without_logs(tmp_path, cli):
    result = cli("doctor", tmp_path)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {tmp_path} holds no training logs (steps.csv, epochs.csv or history.json)")
    missing = cli("doctor", tmp_path / "nowhere")
    assert missing.stderr == f"error: no run folder at {tmp_path / 'nowhere'}\n"


def test_applied_puts_hyper_parameters_and_clipping_where_they_belong():
    config = RunConfig(
        data="iris", model="mlp", optimizer="sgd", lr="auto", clip_grad_value=0.5, hyper={"momentum": 0.9}
    )
    new = applied(config, {"lr": 0.01, "clip_grad_norm": 1.0, "momentum": 0.5, "epochs": 4})
    assert (new.lr, new.clip_grad_norm, new.clip_grad_value, new.epochs) == (0.01, 1.0, None, 4)
    assert new.hyper == {"momentum": 0.5}
    line = train_command_line(new, "runs/x")
    assert "--hyper momentum=0.5" in line and "--clip-grad-norm 1 " in line and "--clip-grad-value" not in line


def test_the_command_line_spells_none_and_full_as_descend_train_reads_them(tmp_path, cli):
    config = RunConfig(data="iris", model="mlp", batch_size=None, tol=None, epochs=2, model_options={"hidden": [8]})
    line = train_command_line(config, tmp_path / "run")
    # train's default batch is 32 since session 33: the full batch is typed, as --batch-size full
    assert "--tol none" in line and "--batch-size full" in line and "--hidden 8" in line
    result = cli(*shlex.split(line)[1:], "--no-progress")
    assert result.exit_code == 0, result.output
    assert (
        RunConfig(
            **{
                k: v
                for k, v in yaml.safe_load((tmp_path / "run" / "config.yaml").read_text()).items()
                if k != "lr_used"
            }
        )
        == config
    )


def test_advice_that_switches_the_optimizer_drops_the_old_ones_hyper_parameters(tmp_path, cli):
    """unscaled_inputs on a deep sigmoid model under momentum advises Adam: the run's
    momentum=0.9 must not reach Adam (it takes none), and the printed line must run."""
    config = RunConfig(data="iris", model="mlp", optimizer="sgd", epochs=1, hyper={"momentum": 0.9})
    new = applied(config, {"standardize": True, "optimizer": "adam", "lr": 0.01})
    assert (new.optimizer, new.hyper, new.lr, new.standardize) == ("adam", {}, 0.01, True)
    result = cli(*shlex.split(train_command_line(new, tmp_path / "run"))[1:], "--no-progress")
    assert result.exit_code == 0, result.output


def test_the_command_line_spells_true_and_false_settings_as_flags(tmp_path, cli):
    """The doctor's change {"standardize": True} (and any bool setting) becomes a flag that
    descend train reads back to the same settings, not "--standardize True"."""
    config = RunConfig(
        data="iris", model="softmax", epochs=1, standardize=False, instruments=False, track_examples=True
    )
    line = train_command_line(config, tmp_path / "run")
    assert {"--no-standardize", "--no-instruments", "--track-examples"} <= set(shlex.split(line))
    assert "True" not in line and "False" not in line
    result = cli(*shlex.split(line)[1:], "--no-progress")
    assert result.exit_code == 0, result.output
    saved = yaml.safe_load((tmp_path / "run" / "config.yaml").read_text())
    assert RunConfig(**{k: v for k, v in saved.items() if k != "lr_used"}) == config


def test_model_options_without_an_option_are_named(tmp_path):
    config = RunConfig(data="iris", model="mlp", model_options={"hidden": [8], "activation": "tanh"})
    with pytest.raises(ValueError, match="model options activation have no command-line option"):
        train_command_line(config, tmp_path)


def test_doctor_of_a_python_api_run_driven_by_a_schedule_object_gives_the_call_to_make_in_python(tmp_path, cli):
    # Was schedule='scaled(schedule=constant(lr=2.0), factor=0.184)', a string train reads as a
    # schedule's name; then, once History.load read that change back empty, "nothing to change:
    # no finding names a setting of the run" under a finding that said to scale the rates.
    X = torch.randn(64, 3, generator=torch.Generator().manual_seed(0))
    y = X @ torch.tensor([1.0, -2.0, 0.5])
    h = ds.train("linear", (X, y), optimizer="sgd", schedule=constant(2.0), epochs=3, log_dir=tmp_path, progress=False)
    call = repr(h.advice()["schedule"])
    assert call.startswith("scaled(schedule=constant(lr=2.0), factor=")
    said = (
        f"the rates of the run in {tmp_path} came from the schedule object constant(lr=2.0), which a command line "
        f"cannot give; apply the findings' advice in Python: ds.train(..., schedule={call})"
    )
    result = cli("doctor", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"nothing to change on a command line: {said}"
    refused = cli("doctor", tmp_path, "--apply")
    assert refused.exit_code == 1 and refused.stderr == f"error: nothing to apply from the command line: {said}\n"


@pytest.mark.slow
def test_doctor_advises_and_applies_a_data_parallel_run_on_as_many_workers(tmp_path, cli):
    """Was: the advised line and --apply ran a run trained by --nproc 2 on one process."""
    run, out = tmp_path / "slow", tmp_path / "fixed"
    trained = subprocess.run(
        [sys.executable, "-m", "descend", "train", *SLOW, "--epochs", "1", "--nproc", "2", "--out", str(run)]
        + ["--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    assert trained.returncode == 0, trained.stderr
    result = cli("doctor", run, "--apply", "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"run folder: {out}"
    assert shlex.split(result.stdout.splitlines()[-2])[-4:] == ["--out", str(out), "--nproc", "2"]
    assert json.loads((out / "summary.json").read_text())["workers"] == 2
