"""Under data-parallel training, a run that raises frees its DDP wrapper before it leaves the
process group: the exception's traceback held the loop's locals, the wrapper among them, and a
DDP model that outlives its process group can abort the process at exit ('terminate called
without an active exception', SIGABRT). One worker, in this process, on gloo."""

from __future__ import annotations

import socket
import weakref

import pytest
import torch
import torch.distributed as dist

import descend as ds
from descend.training import Callback


class _FailAtStep(Callback):
    def on_step_end(self, run):
        if run.step == 2:
            raise ValueError("the user's callback failed")


@pytest.fixture
def one_worker(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for key, value in {"RANK": "0", "WORLD_SIZE": "1", "LOCAL_RANK": "0", "MASTER_ADDR": "127.0.0.1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MASTER_PORT", str(port))


def test_a_failed_ddp_run_frees_its_wrapper_before_destroy_process_group(one_worker, monkeypatch):
    wrappers, alive_at_destroy = [], []
    ddp_init = torch.nn.parallel.DistributedDataParallel.__init__

    def recorded_init(self, *args, **kwargs):
        ddp_init(self, *args, **kwargs)
        wrappers.append(weakref.ref(self))

    destroy = dist.destroy_process_group

    def recorded_destroy(*args, **kwargs):
        alive_at_destroy.extend(ref() is not None for ref in wrappers)
        destroy(*args, **kwargs)

    monkeypatch.setattr(torch.nn.parallel.DistributedDataParallel, "__init__", recorded_init)
    monkeypatch.setattr(dist, "destroy_process_group", recorded_destroy)
    X, y = torch.randn(40, 3, generator=torch.Generator().manual_seed(0)), torch.arange(40) % 2
    with pytest.raises(ValueError, match="the user's callback failed"):
        ds.train(
            "softmax",
            (X, y),
            lr=0.1,
            batch_size=8,
            epochs=1,
            strategy="ddp",
            device="cpu",
            progress=False,
            instruments=False,
            callbacks=[_FailAtStep()],
        )
    assert not dist.is_initialized()
    assert alive_at_destroy == [False]
