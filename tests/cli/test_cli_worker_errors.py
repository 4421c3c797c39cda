"""A bad input to ``descend train`` run as two torchrun workers (gloo, on the CPU): one clear
error, not one per worker nor a traceback."""

import os
import subprocess
import sys

import pytest

# Runs of a few seconds each; the workers' threads kept to one (the machine's cores are shared).
_ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _run(args: list[str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, env=_ENV, cwd=cwd)


def _loss_that_does_not_fit(tmp_path) -> list[str]:
    # Found by the workers, not before them: the model's 3 outputs meet a loss of one logit.
    args = ["--data", "iris", "--model", "mlp", "--loss", "bce", "--device", "cpu", "--epochs", "1"]
    return [*args, "--no-progress", "--out", str(tmp_path / "run")]


@pytest.mark.slow
def test_nproc_says_a_workers_input_error_once_without_torchruns_traceback(tmp_path):
    """Was: the error line once per worker, then torchrun's ChildFailedError traceback and
    summary, then "a worker of the 2-process run failed (torchrun exit code 1)"."""
    proc = _run(
        [sys.executable, "-m", "descend", "train", *_loss_that_does_not_fit(tmp_path), "--nproc", "2"], tmp_path
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "error: bce needs one logit per example, output shape (n,) or (n, 1); model output has shape (32, 3). "
        "For 3 classes use 'cross_entropy'\n"
    )
    assert not (tmp_path / "run").exists()  # nothing worth resuming was written


@pytest.mark.slow
def test_under_plain_torchrun_worker_0_says_the_error_and_hands_it_to_torchrun(tmp_path):
    """Was: every worker printed the error, and torchrun's summary said only "To enable
    traceback see: https://pytorch.org/docs/stable/elastic/errors.html". Now the summary always
    names it, whichever worker failed first."""
    data = tmp_path / "d.csv"
    data.write_text("a,b,t\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(8)))
    torchrun = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2", "--max-restarts=0"]
    args = ["--data", str(data), "--target", "nope", "--model", "linear", "--device", "cpu", "--no-progress"]
    proc = _run([*torchrun, "-m", "descend", "train", *args, "--out", str(tmp_path / "run")], tmp_path)
    message = "target column 'nope' is not in d.csv. Its columns are: a, b, t"
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    # Worker 0's line; worker 1 is quiet. At most once: torchrun stops worker 0 (SIGTERM) as soon
    # as worker 1 fails, which on a loaded machine can be before worker 0 has said it.
    assert lines.count(f"error: {message}") <= 1
    assert "[rank" not in proc.stderr  # no worker's traceback
    # torchrun's summary (torchrun's own, with its traceback) names the cause: the error file's line.
    root_cause = proc.stderr.split("Root Cause")[1]
    assert f"traceback : error: {message}" in root_cause
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_nproc_in_process_says_the_workers_error_and_leaves_the_process_as_it_was(tmp_path, cli):
    """torchrun runs inside ``descend train --nproc``: its signal handlers, log levels and the
    workers' environment must not outlive the run (a caller in the same process, pytest here)."""
    import logging
    import signal

    from descend.cli._worker_rank import LAUNCHER

    stops = (signal.SIGINT, signal.SIGTERM)
    handlers = [signal.getsignal(sig) for sig in stops]
    result = cli("train", *_loss_that_does_not_fit(tmp_path), "--nproc", "2")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: bce needs one logit per example") and result.stderr.count("\n") == 1
    assert [signal.getsignal(sig) for sig in stops] == handlers
    assert LAUNCHER not in os.environ
    assert logging.getLogger("torch.distributed.elastic.multiprocessing.api").level == logging.NOTSET
