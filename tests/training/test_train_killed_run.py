"""A ``descend.train(checkpoint_dir=..., log_dir=...)`` killed (SIGKILL, out of memory) before its
first checkpoint: its folders hold history.json, an empty metrics.jsonl and TensorBoard's first
events, no run to resume. ``resume=True`` says there is nothing to resume and how to start anew,
``resume=False`` starts there (removing them, keeping a user's files), neither pointing at the
other; a folder that keeps a log with rows is refused both ways and left as it was. The same
rule as ``descend train --out`` (tests/cli/test_cli_killed_run.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from descend import train
from descend.training import run_folder

ARGS = {"model": "linear", "data": "iris", "epochs": 2, "tol": None, "progress": False}


def _killed(checkpoint_dir, log_dir):
    """The folders of a ``train(**ARGS)`` killed by SIGKILL at the end of its third update (of
    the first epoch: before its first checkpoint)."""
    code = textwrap.dedent(f"""
        import os, signal
        import descend as ds

        class KillAtStep(ds.training.Callback):
            def on_step_end(self, run):
                if run.step == 3:
                    os.kill(os.getpid(), signal.SIGKILL)

        ds.train(**{ARGS!r}, checkpoint_dir={str(checkpoint_dir)!r}, log_dir={str(log_dir)!r}, callbacks=[KillAtStep()])
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -9, proc.stderr.decode()
    assert (log_dir / "history.json").is_file() and not (checkpoint_dir / "last.pt").exists()


def _files(*folders):
    return {p: p.read_bytes() for f in folders for p in f.rglob("*") if p.is_file() and p.name != run_folder.LOCK}


@pytest.mark.slow
@pytest.mark.parametrize("apart", [True, False], ids=["apart", "one_folder"])
def test_a_run_killed_before_its_first_checkpoint_starts_anew_and_resume_says_how(apart, tmp_path):
    ckpt, logs = (tmp_path / "ckpt", tmp_path / "logs") if apart else (tmp_path, tmp_path)
    _killed(ckpt, logs)
    (logs / "notes.txt").write_text("mine")
    before = _files(ckpt, logs)
    # Was "... or resume=False to start a new run", and resume=False then refused history.json,
    # metrics.jsonl and tensorboard with "Pass resume=True": each pointing at the other.
    with pytest.raises(FileNotFoundError) as caught:
        train(**ARGS, checkpoint_dir=ckpt, log_dir=logs, resume=True)
    assert str(caught.value) == (
        f"cannot resume from {ckpt / 'last.pt'}: there is no such file, so no run to resume (a run saves it after "
        "its first epoch, or every checkpoint_every steps: one killed before then saved none); give checkpoint_dir "
        "of a run to continue, or resume=False to start a new run"
    )
    assert _files(ckpt, logs) == before
    history = train(**ARGS, checkpoint_dir=ckpt, log_dir=logs)
    assert len(history.loss) == 2 and (ckpt / "last.pt").is_file()
    assert (logs / "epochs.csv").read_text().count("\n") == 1 + 2
    assert len(list((logs / "tensorboard").iterdir())) == 1  # the killed run's events are gone
    assert (logs / "notes.txt").read_text() == "mine"


@pytest.mark.slow
def test_a_killed_runs_log_that_holds_rows_is_refused_both_ways_unchanged(tmp_path):
    ckpt, logs = tmp_path / "ckpt", tmp_path / "logs"
    _killed(ckpt, logs)
    (logs / "steps.csv").write_text("step,loss\n1,0.5\n")  # a log that holds a row: not the run's to remove
    before = _files(ckpt, logs)
    with pytest.raises(ValueError) as fresh:
        train(**ARGS, checkpoint_dir=ckpt, log_dir=logs)
    assert str(fresh.value) == (
        f"log_dir {logs} already holds a run's files (steps.csv) that a new run would write over; nothing was "
        f"changed. Its run saved no last.pt in {ckpt}, so it cannot be resumed: choose another log_dir"
    )
    with pytest.raises(FileNotFoundError) as resumed:
        train(**ARGS, checkpoint_dir=ckpt, log_dir=logs, resume=True)
    assert str(resumed.value).endswith(f"or resume=False to start a new run in another folder ({logs} keeps steps.csv)")
    assert _files(ckpt, logs) == before


def test_another_tools_files_in_log_dir_are_refused_and_kept(tmp_path):
    # Were removed (as a killed descend run's) and the run went on: history.json of another
    # tool, a trajectory.pt, TensorBoard events show no descend run in the folder.
    (tmp_path / "history.json").write_text('{"keras": {"loss": [0.5]}}')
    (tmp_path / "trajectory.pt").write_bytes(b"mine")
    (tmp_path / "tensorboard").mkdir()
    (tmp_path / "tensorboard" / "events.out.tfevents.1700000000.host.1.0").write_bytes(b"events")
    before = _files(tmp_path)
    with pytest.raises(ValueError) as refused:
        train(**ARGS, log_dir=tmp_path)
    # Was "... Pass resume=True (with the run's checkpoint_dir) to continue that run": there is
    # no descend run to continue (resume=True then refused it), as descend train --out says.
    assert str(refused.value) == (
        f"log_dir {tmp_path} already holds other files (history.json, tensorboard, trajectory.pt), not a run of "
        "descend (no history.json of descend's, no checkpoint); nothing was changed. Choose another log_dir: a new "
        "or empty folder"
    )
    assert _files(tmp_path) == before


def test_a_steps_log_alone_is_another_tools_and_offers_no_resume(tmp_path):
    (tmp_path / "steps.csv").write_text("step,loss\n1,0.5\n")
    with pytest.raises(ValueError) as refused:
        train(**ARGS, log_dir=tmp_path)
    assert str(refused.value) == (
        f"log_dir {tmp_path} already holds other files (steps.csv), not a run of descend (no history.json of "
        "descend's, no checkpoint); nothing was changed. Choose another log_dir: a new or empty folder"
    )
    assert (tmp_path / "steps.csv").read_text() == "step,loss\n1,0.5\n"
