"""What ``descend train --nproc 2`` tells its user (two torchrun workers, gloo, on the CPU):
the summary of a run, and how to continue one stopped by Ctrl-C."""

import os
import signal
import subprocess
import sys
import time

import pytest

# Runs of a few seconds each; the workers' threads kept to one (the machine's cores are shared).
_ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
_RUN = ["--data", "iris", "--model", "mlp", "--hidden", "8", "--batch-size", "15", "--lr", "0.05", "--device", "cpu"]


def _train(*args: str) -> list[str]:
    return [sys.executable, "-m", "descend", "train", *_RUN, "--no-progress", *args]


@pytest.mark.slow
def test_the_summary_says_how_many_workers_trained(tmp_path):
    """Was: the same summary as a run of one process (only summary.json said "workers": 2)."""
    proc = subprocess.run(
        _train("--epochs", "1", "--nproc", "2", "--out", str(tmp_path / "run")),
        capture_output=True,
        text=True,
        timeout=120,
        env=_ENV,
    )
    assert proc.returncode == 0, proc.stderr
    assert "workers        2, data-parallel (the batch size is the global batch)\n" in proc.stdout


@pytest.mark.slow
def test_ctrl_c_says_to_resume_on_as_many_workers(tmp_path):
    """Was: "continue it with: descend train --out RUN --resume", which trains on one process
    (a crash's line said --nproc 2 already)."""
    out = tmp_path / "run"
    args = _train("--epochs", "100000", "--tol", "none", "--nproc", "2", "--out", str(out))
    # Its own process group, as a terminal's foreground job, which Ctrl-C interrupts whole.
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_ENV, start_new_session=True
    )
    try:
        give_up = time.monotonic() + 120  # a bound on a hang, not a timing under test
        while not (out / "checkpoints" / "last.pt").is_file() and proc.poll() is None and time.monotonic() < give_up:
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert f"the run in {out} stopped; continue it with: descend train --out {out} --resume --nproc 2\n" in stderr
    # One blank line after the terminal's ^C, not one per process (was 3: the launcher's and each worker's).
    assert stderr.endswith("\n\nerror: interrupted\n") and "\n\n\n" not in stderr, stderr
