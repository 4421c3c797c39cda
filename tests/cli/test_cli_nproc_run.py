"""What ``descend train --nproc 2`` tells its user (two torchrun workers, gloo, on the CPU):
the summary of a run, and how to continue one stopped by Ctrl-C."""

import os
import subprocess
import sys

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
