"""Data-parallel training: 2 worker processes started by torchrun (gloo, loopback) against
one process with the same global batch; checkpoints that move between the two; a worker
that dies."""

import json
import math
import os
import subprocess
import sys
import textwrap

import pytest
import torch

from descend import History, train
from descend.instruments import noise_scale_from_steps
from descend.training import Callback, losses
from descend.training.data import prepare
from descend.training.gradient_squares import COLUMNS

# 103 rows in global batches of 15: 7 batches per epoch, the last of 13 rows, split 6 + 7
# across two workers; the shares are unequal, which the loss weights must make up for.
N, D, BATCH, EPOCHS = 103, 6, 15, 3
STEPS = EPOCHS * 7


def _data():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(N, D, generator=g)
    y = (X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 0.5).long()
    return X, y


RUN = dict(
    model="mlp",
    optimizer="momentum",
    lr=0.1,
    batch_size=BATCH,
    epochs=EPOCHS,
    tol=None,
    progress=False,
    device="cpu",
    model_options={"hidden": (16,)},
    schedule="cosine",
    seed=3,
)

# The worker script: the same data and run, under torchrun; DESCEND_TEST_DIE_AT makes the
# worker of rank DESCEND_TEST_DIE_RANK die (no clean-up, no exception) after that update.
_WORKER = textwrap.dedent("""
    import json, os, sys
    import torch
    sys.path.insert(0, {tests!r})
    from test_distributed import RUN, _data
    from descend import train
    from descend.training import Callback

    class Die(Callback):
        def __init__(self, at, rank):
            self.at, self.rank = at, rank
        def on_step_end(self, run):
            if run.step == self.at and run.rank == self.rank:
                os._exit(7)

    class StopAlone(Callback):  # one worker's own wish to stop, as a time budget's
        def __init__(self, at):
            self.at = at
        def on_step_end(self, run):
            if run.step == self.at and run.rank == 1:
                run.stop("worker 1 had enough")

    args = json.loads(sys.argv[1])
    callbacks = [Die(args["die_at"], args.get("die_rank", 1))] if args.get("die_at") else []
    if args.get("stop_at"):
        callbacks.append(StopAlone(args["stop_at"]))
    h = train(data=_data(), strategy="ddp", callbacks=callbacks, **{{**RUN, **args.get("extra", {{}})}})
    if int(os.environ["RANK"]) == 0:
        torch.save({{"weights": torch.cat([p.detach().flatten() for p in h.model.parameters()]),
                    "loss": h.steps["loss"], "accuracy": h.epochs["accuracy"], "epoch_loss": h.loss,
                    "stopped_because": h.stopped_because, "non_finite_step": h.non_finite_step,
                    "initial_data_loss": h.initial_data_loss,
                    "steps": {{k: v for k, v in h.steps.items() if k != "lr"}},
                    "world": h.model and int(os.environ["WORLD_SIZE"])}}, args["out"])
""")


def _torchrun(tmp_path, nproc: int, timeout: float = 120, **args) -> subprocess.CompletedProcess:
    script = tmp_path / "worker.py"
    script.write_text(_WORKER.format(tests=os.path.dirname(__file__)))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            f"--nproc-per-node={nproc}",
            "--max-restarts=0",
            str(script),
            json.dumps(args),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=tmp_path,
    )


def _run_script(tmp_path, text: str, timeout: float = 120) -> None:
    """``text`` as a user's script under torchrun, on 2 workers, which must succeed."""
    script = tmp_path / "script.py"
    script.write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2", str(script)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


def _said(tmp_path) -> str:
    """What the workers of a script wrote to said<rank>.txt, worker 0's first (their shared
    stdout may run their lines into each other)."""
    return "".join((tmp_path / f"said{rank}.txt").read_text() for rank in (0, 1))


def _flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


class _Crash(Callback):
    def __init__(self, at):
        self.at = at

    def on_step_end(self, run):
        if run.step == self.at:
            raise KeyboardInterrupt  # as if the process were stopped here


@pytest.fixture(scope="module")
def reference():
    return train(data=_data(), **RUN)


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


@pytest.mark.slow
def test_workers_record_each_ones_gradient_norm_before_the_all_reduce_and_the_averaged_one(tmp_path):
    # lr ~ 0: every update is at the initial weights, where the shares' gradients are
    # computed here again, one backward pass each (rows of batch b of epoch e: the source's).
    logs = tmp_path / "logs"
    extra = {"lr": 1e-12, "batch_size": 16, "epochs": 2, "log_dir": str(logs)}
    proc = _torchrun(tmp_path, 2, out=str(tmp_path / "ddp.pt"), extra=extra)
    assert proc.returncode == 0, proc.stderr[-2000:]
    steps = torch.load(tmp_path / "ddp.pt", weights_only=True)["steps"]
    model = train(data=_data(), **{**RUN, **extra, "log_dir": None, "epochs": 1}).model
    loss_fn = losses.get(losses.default_loss("classification", model="mlp"))
    source = prepare(_data(), None, batch_size=16, seed=RUN["seed"], task="classification").train
    local, examples = [], []
    for epoch in range(2):
        shares = [list(source.batches(epoch, part=(r, 2))) for r in range(2)]
        for (x0, y0), (x1, y1) in zip(*shares):
            squares = []
            for x, y in ((x0, y0), (x1, y1)):
                grads = torch.autograd.grad(loss_fn(model(x), y), list(model.parameters()))
                squares.append(sum(float(g.double().pow(2).sum()) for g in grads))
            local.append(sum(squares) / 2)
            examples.append((len(y0), len(y1)))
    assert len(steps["grad_sq_local"]) == len(steps["step"]) == 14  # 7 batches: 6 of 16 + 7 rows
    assert steps["grad_sq_local"] == pytest.approx(local, rel=1e-5)
    assert steps["batch_global"] == [float(a + b) for a, b in examples]
    assert steps["batch_local"] == pytest.approx([2 / (1 / a + 1 / b) for a, b in examples], rel=1e-12)
    assert steps["grad_sq_global"] == pytest.approx([g**2 for g in steps["grad_norm"]], rel=1e-6)
    for sq_local, sq_global, (a, b) in zip(steps["grad_sq_local"], steps["grad_sq_global"], examples):
        if a == b:  # |(g_0 + g_1)/2|² <= (|g_0|² + |g_1|²)/2
            assert sq_global <= sq_local
    noise = noise_scale_from_steps(steps)[-1]
    assert math.isfinite(noise.b_simple) and noise.b_simple > 0 and noise.trace > 0
    saved = History.load(logs)
    assert saved.steps["grad_sq_local"] == steps["grad_sq_local"]  # steps.csv keeps them
    # The instruments' rows take their noise scale from these norms (worker 0 measures no
    # per-example gradients under DDP).
    scales = noise_scale_from_steps(steps)
    assert saved.instruments and all(
        row["noise_scale"] == pytest.approx(scales[row["step"] - 1].b_simple, rel=1e-9) for row in saved.instruments
    )


def test_one_process_records_no_data_parallel_norms(reference):
    assert not set(COLUMNS) & set(reference.steps)


@pytest.mark.slow
def test_without_torchrun_a_dead_peer_gives_one_clear_error_not_a_hang(tmp_path):
    import socket

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


# A user's script as PyTorch's DDP tutorials write it: the process group first, then a
# DataLoader over a DistributedSampler, as data and as validation data.
_SAMPLED = textwrap.dedent("""
    import torch, torch.distributed as dist
    from torch.utils.data import DataLoader, DistributedSampler, TensorDataset
    from descend import train

    dist.init_process_group("gloo")
    said = open(f"said{dist.get_rank()}.txt", "w", buffering=1)
    data = TensorDataset(torch.randn(40, 4), torch.randint(0, 2, (40,)))
    sampled = DataLoader(data, batch_size=8, sampler=DistributedSampler(data))
    for kw in ({"data": sampled}, {"data": DataLoader(data, batch_size=8), "val_data": sampled}):
        try:
            train("softmax", **kw, strategy="ddp", epochs=1, progress=False, device="cpu")
        except ValueError as err:
            said.write(f"{err}\\n")
""")


@pytest.mark.slow
def test_a_loader_with_a_distributed_sampler_is_refused_not_trained_on_half_the_data(tmp_path):
    _run_script(tmp_path, _SAMPLED)
    said = [line.split(":")[0] for line in _said(tmp_path).splitlines()]
    assert said == ["data", "val_data"] * 2, said  # on both workers


# Two runs in one script: the first with lr="auto" (a range test on each worker, so the
# workers reach the second run's process group at different times).
_TWO_RUNS = textwrap.dedent("""
    import faulthandler, os
    from descend import train

    faulthandler.dump_traceback_later(90, exit=True)  # a hung worker ends itself (a loaded machine: 10 s)
    said = open(f"said{os.environ['RANK']}.txt", "w", buffering=1)
    for lr in ("auto", 0.1):
        train("softmax", "iris", lr=lr, strategy="ddp", epochs=1, tol=None, progress=False, device="cpu",
              instruments=False, track_examples=False)
        said.write(f"worker {os.environ['RANK']} trained with lr {lr}\\n")
""")


@pytest.mark.slow
def test_a_script_trains_twice_on_the_same_workers(tmp_path):
    _run_script(tmp_path, _TWO_RUNS, timeout=150)
    assert _said(tmp_path).splitlines() == [f"worker {r} trained with lr {lr}" for r in (0, 1) for lr in ("auto", 0.1)]


# A script that draws its data unseeded: each worker its own, of the same size or not.
_OWN_DATA = textwrap.dedent("""
    import faulthandler, os
    import torch
    from descend import train

    faulthandler.dump_traceback_later(90, exit=True)  # a hung worker ends itself (a loaded machine: 10 s)
    rank = int(os.environ["RANK"])
    said = open(f"said{rank}.txt", "w", buffering=1)
    for n in (40, 40 + 8 * rank):
        X = torch.randn(n, 4)
        try:
            train("softmax", (X, (X[:, 0] > 0).long()), strategy="ddp", epochs=1, progress=False, device="cpu")
        except ValueError as err:
            said.write(f"{err}\\n")
""")


@pytest.mark.slow
def test_workers_with_different_data_are_refused_together(tmp_path):
    _run_script(tmp_path, _OWN_DATA)
    said = [line.split(": every worker must")[0] for line in _said(tmp_path).splitlines()]
    start = "strategy='ddp': worker 1's training data differ from worker 0's"
    assert (
        said
        == [
            f"{start} (the same 40 examples in number, other values or order)",
            f"{start} (48 examples; worker 0's: 40)",
        ]
        * 2
    )


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


_BATCHES_OF_ONE = textwrap.dedent("""
    import os
    import torch
    from torch.utils.data import DataLoader, TensorDataset
    from descend import train

    said = open(f"said{os.environ['RANK']}.txt", "w", buffering=1)
    X = torch.arange(80.0).reshape(20, 4)
    y = (X[:, 0] % 3 == 0).long()
    for data, kw in (((X, y), {"batch_size": 1}), (DataLoader(TensorDataset(X, y), batch_size=1), {})):
        try:
            train("softmax", data, **kw, strategy="ddp", epochs=1, progress=False, device="cpu")
        except ValueError as err:
            said.write(f"{err}\\n")
""")


@pytest.mark.slow
def test_a_batch_smaller_than_the_workers_is_refused(tmp_path):
    _run_script(tmp_path, _BATCHES_OF_ONE)
    said = (
        "batch_size=1 under strategy='ddp' with 2 workers: batch_size (or a DataLoader's) is the global batch, which "
        "the workers split, so 1 worker would have no example of any batch: give batches of 2 or more, or fewer workers"
    )
    assert _said(tmp_path).splitlines() == [said] * 4  # both workers, arrays and a loader
