"""A ``descend train`` killed (SIGKILL, out of memory) before its first checkpoint: its folder
holds its config.yaml and empty logs, no run to resume. A new run may start there, and
``--resume`` says there is nothing to resume and how to start anew, neither pointing at the
other; a folder that keeps logs or a user's file is refused both ways and left as it was."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from descend.training import run_folder

ARGS = ["--data", "iris", "--model", "linear", "--epochs", "2", "--tol", "none", "--no-progress"]


def _killed(out, at):
    """The folder of a ``descend train ARGS --out out`` killed by SIGKILL ``at`` "start" (its
    config.yaml written, training not begun: the window of lr=auto's range test) or "step" (the
    third update of the first epoch)."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        import descend as ds
        import descend.cli.train as cli_train
        from descend.cli import app

        class KillAtStep(ds.training.Callback):
            def on_step_end(self, run):
                if run.step == 3:
                    os.kill(os.getpid(), signal.SIGKILL)

        real_train = cli_train.train

        def train(**kw):
            if {at!r} == "start":
                os.kill(os.getpid(), signal.SIGKILL)
            return real_train(**{{**kw, "callbacks": [*kw["callbacks"], KillAtStep()]}})

        cli_train.train = train
        app(sys.argv[1:], prog_name="descend")
    """)
    proc = subprocess.run([sys.executable, "-c", code, "train", *ARGS, "--out", str(out)], capture_output=True)
    assert proc.returncode == -9, proc.stderr.decode()
    assert (out / "config.yaml").is_file() and not (out / "checkpoints" / "last.pt").exists()
    return out


def _files(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != run_folder.LOCK}


@pytest.mark.slow
@pytest.mark.parametrize("at", ["start", "step"])
def test_a_run_killed_before_its_first_checkpoint_starts_anew_and_resume_says_how(at, tmp_path, cli):
    out = _killed(tmp_path / "run", at)
    before = _files(out)
    resumed = cli("train", "--out", out, "--resume")
    assert resumed.exit_code == 1
    assert resumed.stderr == (
        f"error: there is nothing to resume in {out}: its run saved no checkpoint (descend train saves one after "
        "the first epoch: the run was killed before it; a descend tune trial keeps none); start it anew with: "
        f"descend train --config {out / 'config.yaml'} --out {out}\n"
    )
    assert _files(out) == before
    started = cli("train", "--config", out / "config.yaml", "--out", out)
    assert started.exit_code == 0, started.output
    assert (out / "checkpoints" / "last.pt").is_file()
    assert (out / "epochs.csv").read_text().count("\n") == 1 + 2


@pytest.mark.slow
@pytest.mark.parametrize("kept", ["notes.txt", "steps.csv"])
def test_a_killed_runs_folder_that_keeps_a_log_or_a_users_file_is_refused_both_ways_unchanged(kept, tmp_path, cli):
    out = _killed(tmp_path / "run", "step")
    (out / kept).write_text("step,loss\n1,0.5\n")  # a user's file, or a log that holds a row
    before = _files(out)
    fresh = cli("train", *ARGS, "--out", out)
    assert fresh.exit_code == 1
    assert fresh.stderr.startswith(f"error: {out} holds a run that saved no checkpoint (")
    assert fresh.stderr.endswith(
        f"so it cannot be resumed, and files a new run must not remove ({kept}); nothing was changed. "
        "Choose another --out\n"
    )
    resumed = cli("train", "--out", out, "--resume")
    assert resumed.exit_code == 1
    assert resumed.stderr.endswith(
        f"start it anew with: descend train --config {out / 'config.yaml'} --out DIR (another folder: {out} "
        f"keeps {kept})\n"
    )
    assert "--resume" not in fresh.stderr and "without --resume" not in resumed.stderr
    assert _files(out) == before
