"""``descend train --resume``: a finished run trains on to more epochs or says why not, the
summary stays standard JSON, a missing run and a contradicting setting are errors, and a run
folder has one writer at a time."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import torch
import yaml

from descend.training import checkpoint, run_folder

ARGS = [
    "--data",
    "iris",
    "--model",
    "softmax",
    "--optimizer",
    "momentum",
    "--lr",
    "0.05",
    "--batch-size",
    "16",
    "--tol",
    "none",
    "--no-progress",
]


def _strict_json(path):
    def refuse(name):
        raise ValueError(f"{path} holds {name}, which is not JSON")

    return json.loads(path.read_text(), parse_constant=refuse)


def _files(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def finished(tmp_path, cli):
    """A run folder whose run trained its 2 epochs."""
    out = tmp_path / "run"
    result = cli("train", *ARGS, "--epochs", "2", "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_resume_with_more_epochs_trains_on_to_them(finished, tmp_path, cli):
    result = cli("train", "--out", finished, "--resume", "--epochs", "4", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    summary = _strict_json(finished / "summary.json")
    assert summary["epochs"] == 4 and summary["steps"] == 4 * 8
    assert summary["stopped_because"] == "reached the maximum of 4 epochs"
    assert yaml.safe_load((finished / "config.yaml").read_text())["epochs"] == 4
    assert (finished / "epochs.csv").read_text().count("\n") == 1 + 4
    whole = cli("train", *ARGS, "--epochs", "4", "--out", tmp_path / "whole")
    assert whole.exit_code == 0, whole.output
    a = checkpoint.load(finished / "checkpoints" / "last.pt")["model"]
    b = checkpoint.load(tmp_path / "whole" / "checkpoints" / "last.pt")["model"]
    assert all(torch.equal(a[name], b[name]) for name in b)


@pytest.mark.slow
def test_resume_of_a_finished_run_says_nothing_more_is_trained_and_keeps_its_rate(finished, cli):
    result = cli("train", "--out", finished, "--resume", "--no-progress")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: --resume: the run in {finished / 'checkpoints'} had finished, so nothing more "
        f"is trained: it had trained its 2 epochs and this call has --epochs 2; give --epochs > 2 "
        f"to train on"
    ) in result.stderr
    summary = _strict_json(finished / "summary.json")
    assert summary["lr_used"] == 0.05 and summary["epochs"] == 2
    assert "nan" not in result.stdout
    assert "0.05" in next(line for line in result.stdout.splitlines() if line.startswith("lr used"))


@pytest.mark.slow
def test_resume_with_another_optimizer_is_refused_and_changes_nothing(finished, cli):
    before = _files(finished)
    result = cli("train", "--out", finished, "--resume", "--optimizer", "adam", "--no-progress")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: cannot resume from {finished / 'checkpoints' / 'last.pt'}: "
        "it was trained with --optimizer momentum, this call has "
        "--optimizer adam"
    )
    assert result.stderr.count("\n") == 1
    assert _files(finished) == before


def test_resume_with_another_target_column_or_model_is_refused_and_changes_nothing(tmp_path, cli):
    """Was: --target u resumed silently a run trained on column t of the same file (the weights'
    shapes and the count of examples agree), and --model linear said 'model 'linear' has no
    option 'hidden''."""
    table = tmp_path / "table.csv"
    table.write_text("a,b,t,u\n" + "".join(f"{i},{i % 3},{i % 2},{i // 10}\n" for i in range(20)))
    out = tmp_path / "run"
    first = cli(
        "train",
        "--data",
        table,
        "--target",
        "t",
        "--model",
        "mlp",
        "--hidden",
        "4",
        "--epochs",
        "1",
        "--out",
        out,
        "--no-progress",
        "--no-instruments",
    )
    assert first.exit_code == 0, first.output
    before = _files(out)
    for option, was, now in (("--target", "t", "u"), ("--model", "mlp", "linear")):
        result = cli("train", "--out", out, "--resume", "--epochs", "2", option, now, "--no-progress")
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: cannot resume the run in {out}: it was trained with {option} {was}, this call has {option} {now}; "
            "the data, target, validation data and model define a run: give the same ones (or none: its config.yaml "
            "supplies them), or another --out\n"
        )
    assert _files(out) == before


def test_resume_with_the_models_default_spelled_out_trains_on_and_another_is_refused_in_options(tmp_path, cli):
    """Was, for --hidden 64 on an mlp trained without --hidden (its default, 64): "cannot resume ...:
    it was trained with model_options={}, this call has model_options={'hidden': [64]}", Python words
    for the same model; --hidden 8 was refused in the same words."""
    out = tmp_path / "run"
    args = ("--data", "iris", "--model", "mlp", "--no-progress", "--no-instruments")
    first = cli("train", *args, "--epochs", "1", "--out", out)
    assert first.exit_code == 0, first.output
    before = _files(out)
    other = cli("train", "--out", out, "--resume", "--epochs", "2", "--hidden", "8", "--no-progress")
    assert other.exit_code == 1
    assert other.stderr == (
        f"error: cannot resume the run in {out}: it was trained with --hidden 64, this call has --hidden 8; the model "
        "defines a run: give the same one (or none: its config.yaml supplies it), or another --out\n"
    )
    assert _files(out) == before
    same = cli("train", "--out", out, "--resume", "--epochs", "2", "--hidden", "64", "--no-progress")
    assert same.exit_code == 0, same.output
    assert json.loads((out / "summary.json").read_text())["epochs"] == 2
    assert yaml.safe_load((out / "config.yaml").read_text())["model_options"] == {}


@pytest.mark.parametrize("make", [False, True])
def test_resume_into_a_folder_without_a_run_is_an_error(tmp_path, cli, make):
    out = tmp_path / "nothing"
    if make:
        out.mkdir()
    result = cli("train", *ARGS, "--out", out, "--resume")
    assert result.exit_code == 1
    what = "is empty" if make else "does not exist"
    assert result.stderr == (
        f"error: there is no run to resume in {out}: the folder {what}; start the run without --resume\n"
    )
    assert out.exists() == make and (not make or list(out.iterdir()) == [])


@pytest.fixture
def holder():
    """Another process holding the lock of a folder while the test runs."""
    procs = []

    def start(folder):
        code = textwrap.dedent(f"""
            import sys
            from descend.training import lock
            with lock.locked({str(folder)!r}):
                print("locked", flush=True)
                sys.stdin.read()
        """)
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout.readline() == "locked\n"
        return proc

    yield start
    for proc in procs:
        proc.stdin.close()
        proc.wait(timeout=60)


@pytest.mark.slow
def test_a_second_resume_of_a_running_run_is_refused_naming_the_pid(finished, cli, holder):
    before = _files(finished)
    proc = holder(finished)
    result = cli("train", "--out", finished, "--resume", "--epochs", "4", "--no-progress")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {finished.resolve()} is in use by another descend run (pid "
        f"{proc.pid}, holding {finished.resolve() / run_folder.LOCK}); nothing "
        f"was changed. Wait until it ends, or use another folder\n"
    )
    after = _files(finished)
    assert after.pop(finished / run_folder.LOCK) == f"{proc.pid}\n".encode()  # the holder's own
    assert after == before


@pytest.mark.slow
def test_a_new_run_into_a_folder_being_started_is_refused(tmp_path, cli, holder):
    out = tmp_path / "run"
    proc = holder(out)  # a run that has locked its folder, not yet written anything
    result = cli("train", *ARGS, "--epochs", "1", "--out", out)
    assert result.exit_code == 1
    assert f"is in use by another descend run (pid {proc.pid}, " in result.stderr
    assert [p.name for p in out.iterdir()] == [run_folder.LOCK]


@pytest.mark.slow
def test_a_killed_runs_folder_resumes_though_its_lock_file_is_left(finished, cli, holder):
    proc = holder(finished)
    proc.kill()
    proc.wait(timeout=60)
    assert (finished / run_folder.LOCK).exists()
    result = cli("train", "--out", finished, "--resume", "--epochs", "3", "--no-progress")
    assert result.exit_code == 0, result.output
    assert not (finished / run_folder.LOCK).exists()
