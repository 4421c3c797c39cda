"""Section ``ddp``: training throughput (samples/s) of ``descend.train(strategy="ddp")`` with
1 and 2 worker processes started by ``torchrun`` on this machine (gloo, loopback).

Each run trains the same MLP on the same synthetic data with the same global batch; a worker
reports the training time of its epochs (``History.epochs["seconds"]``, so process start-up,
imports and the process-group rendezvous are excluded), and throughput is the examples of
those epochs over that time. The 1-worker run is the same DDP code path with a world of one,
using every core's threads; the 2 workers get one thread each (torchrun's default), so on
two cores the ratio measures what splitting batches across processes buys over torch's own
intra-op threads. Runs alternate, 1 then 2 workers, and medians are quoted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from _timing import print_table, short_error

ROWS, FEATURES, HIDDEN, BATCH, EPOCHS = 32_768, 64, (256, 256), 512, 2

_WORKER = textwrap.dedent("""
    import json, os, sys, torch
    import descend as ds
    rows, features, hidden, batch, epochs = json.loads(sys.argv[1])
    g = torch.Generator().manual_seed(0)
    X = torch.randn(rows, features, generator=g)
    y = (X[:, :4].sum(1) > 0).long() + (X[:, 4] > 0).long()
    h = ds.train("mlp", (X, y), optimizer="adam", lr=1e-3, batch_size=batch, epochs=epochs,
                 tol=None, progress=False, device="cpu", strategy="ddp",
                 model_options={"hidden": tuple(hidden)})
    if int(os.environ["RANK"]) == 0:
        print(json.dumps({"seconds": sum(h.epochs["seconds"]), "threads": torch.get_num_threads(),
                          "loss": h.loss[-1]}))
""")


def _launch(nproc: int, workdir: Path) -> dict:
    script = workdir / "ddp_worker.py"
    script.write_text(_WORKER)
    env = dict(os.environ)
    if nproc == 1:
        env.pop("OMP_NUM_THREADS", None)  # torch's default: every core
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            f"--nproc-per-node={nproc}",
            str(script),
            json.dumps([ROWS, FEATURES, list(HIDDEN), BATCH, EPOCHS]),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{nproc} worker(s) failed: {proc.stderr.strip()[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_distributed(args) -> dict:
    runs = 1 if args.quick else 3
    print(
        f"\n=== 6. ddp: training throughput with 1 and 2 torchrun workers (gloo, loopback) ===\n"
        f"MLP {FEATURES}-{'-'.join(map(str, HIDDEN))}-3 on {ROWS:,} synthetic rows, adam, global "
        f"batch {BATCH}, {EPOCHS} epochs; {runs} alternating run(s) per world size; time = the "
        f"workers' epoch seconds (start-up excluded)"
    )
    samples: dict[int, list[dict]] = {1: [], 2: []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(runs):
                for nproc in samples:
                    samples[nproc].append(_launch(nproc, Path(tmp)))
    except Exception as err:  # the section must not hide the others
        print(f"  ERROR {short_error(err)}")
        return {"error": short_error(err)}
    out: dict = {}
    rows = []
    for nproc, rs in samples.items():
        rates = [ROWS * EPOCHS / r["seconds"] for r in rs]
        out[nproc] = {
            "samples_per_s": rates,
            "median": statistics.median(rates),
            "threads_per_worker": rs[0]["threads"],
            "final_loss": [r["loss"] for r in rs],
        }
        rows.append(
            [
                str(nproc),
                str(rs[0]["threads"]),
                " ".join(f"{x:,.0f}" for x in rates),
                f"{out[nproc]['median']:,.0f}",
                f"{statistics.median(r['loss'] for r in rs):.4f}",
            ]
        )
    ratio = out[2]["median"] / out[1]["median"]
    out["ratio_2_over_1"] = ratio
    print_table(["workers", "threads each", "samples/s (each run)", "median", "final loss"], rows)
    print(
        f"throughput 2 workers / 1 worker: {ratio:.2f}x (no target: on two cores both use "
        f"every core; the final losses agree because the updates are the same)"
    )
    return out
