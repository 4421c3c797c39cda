"""The per-example record under data-parallel training: each worker records its share of
every batch, gathered to worker 0, which alone writes ``examples.npz``; one worker and two give
the same record. Workers are started by torchrun (gloo, loopback), as in the test_distributed_*.py tests."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from descend.training import ExampleRecord, run_folder

# 103 rows in global batches of 15: the last batch of 13 rows splits 6 + 7.
N, D, BATCH = 103, 5, 15

_WORKER = textwrap.dedent("""
    import json, sys
    import torch
    from descend import train

    args = json.loads(sys.argv[1])
    g = torch.Generator().manual_seed(0)
    X = torch.randn({n}, {d}, generator=g)
    y = (X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 0.5).long()
    train("softmax", (X, y), strategy="ddp", optimizer="momentum", lr=0.1, tol=None, progress=False,
          device="cpu", seed=3, instruments=False, track_examples=True, log_dir=args["out"],
          batch_size=args["batch_size"], epochs=args["epochs"], val_data=args.get("val_data"))
""").format(n=N, d=D)


def _torchrun(tmp_path, nproc: int, **args) -> ExampleRecord:
    script = tmp_path / "worker.py"
    script.write_text(_WORKER)
    out = tmp_path / f"workers{nproc}-batch{args['batch_size']}"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            f"--nproc-per-node={nproc}",
            "--max-restarts=0",
            str(script),
            json.dumps({**args, "out": str(out)}),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return ExampleRecord.load(out / run_folder.EXAMPLES)


@pytest.mark.slow
def test_one_and_two_workers_record_the_same_examples(tmp_path):
    # Full batch, one epoch: the forward pass before any update, split over the workers.
    one = _torchrun(tmp_path, 1, batch_size=None, epochs=1)
    two = _torchrun(tmp_path, 2, batch_size=None, epochs=1)
    assert one.n == N and not np.isnan(one.loss).any()
    assert two.equals(one) and two.updates_per_epoch == one.updates_per_epoch == 1
    # Mini-batches over three epochs: every example once an epoch, gathered from both workers.
    one = _torchrun(tmp_path, 1, batch_size=BATCH, epochs=3)
    two = _torchrun(tmp_path, 2, batch_size=BATCH, epochs=3)
    assert two.epochs.tolist() == one.epochs.tolist() == [0, 1, 2]
    assert two.updates_per_epoch == one.updates_per_epoch == 7  # ceil(103 / 15) batches, on every worker
    assert not np.isnan(two.loss).any() and two.labels.tolist() == one.labels.tolist()
    np.testing.assert_array_equal(two.predicted, one.predicted)
    # Equal up to float32 rounding, not bit for bit: two workers sum the update's gradient as
    # w * m_r / N times each shard's mean-loss gradient, averaged by DDP (the engine's
    # _share_of_update; batches of 15 split 7 + 8, the last of 13 6 + 7), one worker as the mean
    # over all N rows: the same sum in another order. Measured: at most 1e-6 apart over the 3
    # epochs (2 to 128 float32 ulps, more where a margin or a loss is a small difference of
    # large numbers); the same arithmetic replayed in one process differs by 5e-7 in float32 and
    # by 1e-15 in float64, so nothing but the order of the reduction separates them (weighting
    # the workers equally instead would put the margins 0.06 to 0.2 apart).
    for key in ("loss", "p_label", "margin"):
        np.testing.assert_allclose(getattr(two, key), getattr(one, key), rtol=1e-5, atol=1e-6)


@pytest.mark.slow
def test_two_workers_name_a_split_runs_examples_by_their_rows(tmp_path):
    """With val_data="split" the record's examples are rows of the data given (its ``rows``),
    gathered as one worker records them."""
    import torch

    g = torch.Generator().manual_seed(0)
    X = torch.randn(N, D, generator=g)
    y = ((X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 0.5).long()).numpy()
    one = _torchrun(tmp_path, 1, batch_size=BATCH, epochs=1, val_data="split")
    two = _torchrun(tmp_path, 2, batch_size=BATCH, epochs=1, val_data="split")
    assert two.rows is not None and np.array_equal(two.rows, one.rows) and len(set(two.rows.tolist())) == two.n < N
    assert np.array_equal(two.labels, y[two.rows])
