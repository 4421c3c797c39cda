"""Checkpoints that move between data-parallel workers and one process: a dead worker's run
resumed in one process, a one-process run resumed on two workers, to the same weights."""

import math

import pytest
import torch
from _small_runs import flat as _flat
from _torchrun import RUN, STEPS
from _torchrun import data as _data
from _torchrun import torchrun as _torchrun

from descend import train
from descend.training import Callback


class _Crash(Callback):
    def __init__(self, at):
        self.at = at

    def on_step_end(self, run):
        if run.step == self.at:
            raise KeyboardInterrupt  # as if the process were stopped here


@pytest.mark.slow
def test_a_dead_worker_stops_the_run_and_its_checkpoint_resumes_in_one_process(tmp_path, reference):
    ckpt = tmp_path / "ckpt"
    proc = _torchrun(
        tmp_path,
        2,
        out=str(tmp_path / "never.pt"),
        die_at=11,
        extra={"checkpoint_dir": str(ckpt), "checkpoint_every": 4},
    )
    assert proc.returncode != 0
    assert "exitcode" in proc.stderr and "7" in proc.stderr  # torchrun names the dead worker
    assert not (tmp_path / "never.pt").exists()
    state = torch.load(ckpt / "last.pt", weights_only=True)
    assert state["step"] == 8 and not state["finished"]
    resumed = train(data=_data(), checkpoint_dir=ckpt, resume=True, **RUN)
    assert len(resumed.steps["loss"]) == STEPS
    assert torch.allclose(_flat(resumed.model), _flat(reference.model), atol=1e-6, rtol=0)


@pytest.mark.slow
def test_a_one_process_checkpoint_resumes_on_two_workers(tmp_path, reference):
    ckpt = tmp_path / "ckpt"
    with pytest.raises(KeyboardInterrupt):
        train(data=_data(), checkpoint_dir=ckpt, checkpoint_every=5, callbacks=[_Crash(12)], **RUN)
    assert torch.load(ckpt / "last.pt", weights_only=True)["step"] == 10
    proc = _torchrun(tmp_path, 2, out=str(tmp_path / "ddp.pt"), extra={"checkpoint_dir": str(ckpt), "resume": True})
    assert proc.returncode == 0, proc.stderr[-2000:]
    ddp = torch.load(tmp_path / "ddp.pt", weights_only=True)
    assert len(ddp["loss"]) == STEPS
    assert torch.allclose(ddp["weights"], _flat(reference.model), atol=1e-6, rtol=0)
    assert ddp["accuracy"] == pytest.approx(reference.epochs["accuracy"], abs=1e-12)
    # The noise scale's norms exist from the resume on, NaN for the steps one process took.
    local = ddp["steps"]["grad_sq_local"]
    assert len(local) == STEPS and all(math.isnan(v) for v in local[:10])
    assert all(math.isfinite(v) and v > 0 for v in local[10:])
