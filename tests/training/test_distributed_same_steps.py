"""Data-parallel training takes the steps of one process with the same global batch: 2 worker
processes started by torchrun (gloo, loopback), their shares unequal, or one of them without an
example of a batch."""

import pytest
import torch
from _small_runs import flat as _flat
from _torchrun import RUN, STEPS
from _torchrun import data as _data
from _torchrun import torchrun as _torchrun

from descend import train


@pytest.mark.slow
def test_two_workers_take_the_same_steps_as_one_process_with_the_global_batch(tmp_path, reference):
    proc = _torchrun(tmp_path, 2, out=str(tmp_path / "ddp.pt"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    ddp = torch.load(tmp_path / "ddp.pt", weights_only=True)
    assert len(ddp["loss"]) == STEPS
    assert torch.allclose(ddp["weights"], _flat(reference.model), atol=1e-6, rtol=0)
    assert ddp["loss"] == pytest.approx(reference.steps["loss"], rel=1e-5)
    assert ddp["accuracy"] == pytest.approx(reference.epochs["accuracy"], abs=1e-12)
    assert ddp["epoch_loss"] == pytest.approx(reference.loss, rel=1e-5)  # every worker's examples weighed
    assert ddp["initial_data_loss"] == pytest.approx(reference.initial_data_loss, rel=1e-6)  # each worker's share


@pytest.mark.slow
def test_a_last_batch_of_fewer_examples_than_workers_leaves_one_without_and_the_same_steps(tmp_path):
    # 103 = 6 x 17 + 1: the last batch of each epoch is one example, all of it worker 1's.
    proc = _torchrun(tmp_path, 2, out=str(tmp_path / "ddp.pt"), extra={"batch_size": 17, "epochs": 2})
    assert proc.returncode == 0, proc.stderr[-2000:]
    ddp = torch.load(tmp_path / "ddp.pt", weights_only=True)
    one = train(data=_data(), **{**RUN, "batch_size": 17, "epochs": 2})
    assert len(ddp["loss"]) == len(one.steps["loss"]) == 14
    assert torch.allclose(ddp["weights"], _flat(one.model), atol=1e-6, rtol=0)
    assert ddp["loss"] == pytest.approx(one.steps["loss"], rel=1e-5)
    assert ddp["epoch_loss"] == pytest.approx(one.loss, rel=1e-5)
