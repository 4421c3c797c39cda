"""Data-parallel workers stop together: on a non-finite averaged gradient, on one worker's wish,
and, without torchrun, on a dead peer with one clear error, not a hang."""

import json
import os
import socket
import subprocess
import sys

import pytest
import torch
from _torchrun import WORKER as _WORKER
from _torchrun import torchrun as _torchrun


@pytest.mark.slow
def test_without_torchrun_a_dead_peer_gives_one_clear_error_not_a_hang(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = tmp_path / "worker.py"
    script.write_text(_WORKER.format(tests=os.path.dirname(__file__)))
    args = json.dumps({"out": str(tmp_path / "never.pt"), "die_at": 5})
    procs = []
    for rank in (0, 1):
        env = {
            **os.environ,
            "OMP_NUM_THREADS": "1",
            "MASTER_ADDR": "127.0.0.1",
            "MASTER_PORT": str(port),
            "WORLD_SIZE": "2",
            "RANK": str(rank),
            "LOCAL_RANK": str(rank),
        }
        procs.append(
            subprocess.Popen(
                [sys.executable, str(script), args],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outs = [p.communicate(timeout=120) for p in procs]
    assert procs[1].returncode == 7
    assert procs[0].returncode == 1
    assert "RuntimeError: worker 0 of 2 lost contact with the others" in outs[0][1]
    assert "resume=True" in outs[0][1]


@pytest.mark.slow
def test_workers_stop_together_on_a_non_finite_gradient_and_on_one_workers_wish(tmp_path):
    # lr=1e6 blows up within a few updates: every worker sees the same averaged gradient
    # and stops at the same update, with no collective left waiting.
    proc = _torchrun(tmp_path, 2, out=str(tmp_path / "nan.pt"), extra={"lr": 1e6})
    assert proc.returncode == 0, proc.stderr[-2000:]
    blown = torch.load(tmp_path / "nan.pt", weights_only=True)
    assert "averaged over the workers became non-finite" in blown["stopped_because"]
    assert blown["non_finite_step"] == len(blown["loss"]) + 1
    # Worker 1 alone asks to stop after update 3: all stop at the next comparison (update
    # 32, in the first epoch of 52 batches of 2), worker 0 saying why.
    proc = _torchrun(tmp_path, 2, out=str(tmp_path / "stop.pt"), stop_at=3, extra={"batch_size": 2})
    assert proc.returncode == 0, proc.stderr[-2000:]
    stopped = torch.load(tmp_path / "stop.pt", weights_only=True)
    assert len(stopped["loss"]) == 32 and stopped["stopped_because"] == "another worker stopped the run"
