"""The harness of the data-parallel tests: the run they train (on 103 rows in global batches of
15), the worker script torchrun starts on it, and a user's script run under torchrun."""

import json
import os
import subprocess
import sys
import textwrap

import torch

# 103 rows in global batches of 15: 7 batches per epoch, the last of 13 rows, split 6 + 7
# across two workers; the shares are unequal, which the loss weights must make up for.
N, D, BATCH, EPOCHS = 103, 6, 15, 3
STEPS = EPOCHS * 7


def data():
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
WORKER = textwrap.dedent("""
    import json, os, sys
    import torch
    sys.path.insert(0, {tests!r})
    from _torchrun import RUN, data
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
    h = train(data=data(), strategy="ddp", callbacks=callbacks, **{{**RUN, **args.get("extra", {{}})}})
    if int(os.environ["RANK"]) == 0:
        torch.save({{"weights": torch.cat([p.detach().flatten() for p in h.model.parameters()]),
                    "loss": h.steps["loss"], "accuracy": h.epochs["accuracy"], "epoch_loss": h.loss,
                    "stopped_because": h.stopped_because, "non_finite_step": h.non_finite_step,
                    "initial_data_loss": h.initial_data_loss,
                    "steps": {{k: v for k, v in h.steps.items() if k != "lr"}},
                    "world": h.model and int(os.environ["WORLD_SIZE"])}}, args["out"])
""")


def torchrun(tmp_path, nproc: int, timeout: float = 120, **args) -> subprocess.CompletedProcess:
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(tests=os.path.dirname(__file__)))
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


def run_script(tmp_path, text: str, timeout: float = 120) -> None:
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


def said(tmp_path) -> str:
    """What the workers of a script wrote to said<rank>.txt, worker 0's first (their shared
    stdout may run their lines into each other)."""
    return "".join((tmp_path / f"said{rank}.txt").read_text() for rank in (0, 1))
