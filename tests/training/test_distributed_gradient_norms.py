"""The gradient norms data-parallel workers record for the noise scale: each worker's before the
all-reduce and the averaged one (none in one process), and the instruments' rows read from them."""

import math

import pytest
import torch
from _torchrun import RUN
from _torchrun import data as _data
from _torchrun import torchrun as _torchrun

from descend import History, train
from descend.instruments import noise_scale_from_steps
from descend.training import losses
from descend.training.data import prepare
from descend.training.gradient_squares import COLUMNS


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
