"""Gradient accumulation, gradient clipping and mixed precision in ``descend.train``."""

import math

import pytest
import torch

import descend as ds
from descend import train


def _regression(n=103, d=5, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g)
    y = X @ torch.randn(d, generator=g) + 0.1 * torch.randn(n, generator=g)
    return X, y


def _flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


RUN = dict(model="mlp", optimizer="adam", lr=1e-2, epochs=3, tol=None, progress=False, model_options={"hidden": (8,)})


@pytest.mark.parametrize("K, batch, big_batch", [(4, 8, 32), (3, 10, 30), (2, 60, None)])
def test_accumulating_k_batches_equals_one_batch_k_times_larger(K, batch, big_batch):
    # 103 rows: the last update of each epoch has fewer (and smaller) batches, which the
    # weights w = m / N must still turn into the exact mean over the update's examples.
    data = _regression()
    big = train(data=data, batch_size=big_batch, **RUN)
    small = train(data=data, batch_size=batch, accumulate=K, **RUN)
    assert small.steps["step"] == big.steps["step"]
    assert torch.allclose(_flat(small.model), _flat(big.model), atol=1e-6, rtol=0)
    assert small.steps["loss"] == pytest.approx(big.steps["loss"], rel=1e-5)
    assert small.steps["grad_norm"] == pytest.approx(big.steps["grad_norm"], rel=1e-4)


def test_accumulation_sizes_schedules_and_the_progress_in_updates():
    h = train(data=_regression(n=100), batch_size=10, accumulate=3, schedule="cosine", **RUN)
    assert len(h.steps["step"]) == 3 * 4  # ceil(10 batches / 3) updates per epoch
    assert h.steps["lr"][-1][0] < h.steps["lr"][0][0]


def test_clip_grad_norm_bounds_each_update_and_records_the_norm_before():
    torch.manual_seed(0)
    X = torch.randn(64, 3)
    y = 100.0 * X[:, 0]  # large gradients
    kw = dict(data=(X, y), optimizer="sgd", lr=1e-3, batch_size=None, epochs=1, tol=None, progress=False)
    clipped_model = torch.nn.Linear(3, 1)
    free_model = torch.nn.Linear(3, 1)
    free_model.load_state_dict(clipped_model.state_dict())
    start = _flat(clipped_model).clone()
    clipped = train(clipped_model, clip_grad_norm=0.5, **kw)
    free = train(free_model, **kw)
    assert clipped.steps["grad_norm"][0] == pytest.approx(free.steps["grad_norm"][0], rel=1e-6)
    assert clipped.steps["grad_norm"][0] > 0.5
    step = (_flat(clipped.model) - start).norm().item()
    assert step == pytest.approx(1e-3 * 0.5, rel=1e-4)  # lr * max_norm
    assert (_flat(free.model) - start).norm().item() > 10 * step


def test_clip_grad_value_clamps_each_component():
    torch.manual_seed(0)
    X, y = torch.randn(32, 2), torch.full((32,), 50.0)
    model = torch.nn.Linear(2, 1)
    start = _flat(model).clone()
    h = train(
        model,
        (X, y),
        optimizer="sgd",
        lr=1.0,
        batch_size=None,
        epochs=1,
        tol=None,
        progress=False,
        clip_grad_value=0.01,
    )
    assert (_flat(h.model) - start).abs().max().item() == pytest.approx(0.01, rel=1e-6)


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"accumulate": 0}, "accumulate must be an integer >= 1, got 0"),
        ({"accumulate": 2.5}, "accumulate must be an integer >= 1, got 2.5"),
        ({"clip_grad_norm": -1.0}, "clip_grad_norm must be a number > 0 or None, got -1.0"),
        ({"clip_grad_value": "big"}, "clip_grad_value must be a number > 0 or None, got 'big'"),
        ({"clip_grad_norm": 1.0, "clip_grad_value": 1.0}, "give clip_grad_norm or clip_grad_value, not both"),
        ({"precision": "bf61"}, "unknown precision 'bf61'. Did you mean 'bf16'? Known: fp32, bf16, fp16."),
        ({"precision": "fp16", "device": "cpu"}, "precision='fp16' needs a CUDA device"),
        ({"strategy": "dpp"}, "unknown strategy 'dpp'. Did you mean 'ddp'?"),
        ({"strategy": "DDP"}, "unknown strategy 'DDP'. Did you mean 'ddp'?"),
        ({"strategy": "ddp"}, "strategy='ddp' runs one process per worker, started by torchrun"),
    ],
)
def test_bad_scaling_options_get_one_clear_error(kw, message, monkeypatch):
    for var in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ValueError) as err:
        train("linear", _regression(), epochs=1, progress=False, **kw)
    assert message in str(err.value)


@pytest.mark.slow
def test_bf16_training_of_the_digits_mlp_matches_fp32_accuracy_within_a_point():
    kw = dict(optimizer="adam", lr=1e-3, batch_size=32, epochs=8, tol=None, progress=False)
    fp32 = ds.train("mlp", "digits", **kw)
    bf16 = ds.train("mlp", "digits", precision="bf16", **kw)
    a32, a16 = fp32.epochs["val_accuracy"][-1], bf16.epochs["val_accuracy"][-1]
    assert a32 > 0.9
    assert abs(a16 - a32) <= 0.01
    # bf16 really ran: the weights differ from the fp32 run's, and they stay float32.
    assert not torch.equal(_flat(fp32.model), _flat(bf16.model))
    assert all(p.dtype == torch.float32 for p in bf16.model.parameters())
    assert all(math.isfinite(v) for v in bf16.steps["loss"])


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("precision", ["bf16", "fp16"])
def test_mixed_precision_on_cuda_learns_digits(precision):
    h = ds.train(
        "mlp",
        "digits",
        optimizer="adam",
        lr=1e-3,
        batch_size=32,
        epochs=8,
        tol=None,
        progress=False,
        device="cuda",
        precision=precision,
    )
    assert h.epochs["val_accuracy"][-1] > 0.9
