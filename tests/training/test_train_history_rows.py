"""What descend.train's history records: the rate of each parameter group, the gradient norm and
the per-layer update ratios at each step, and each epoch's loss and metrics as the frozen model's
over every example."""

import math

import pytest
import torch
from _small_runs import linear_data as _linear_data

import descend as ds
import descend.training.metrics as metrics_module
from descend import train


def test_history_records_lr_per_group_grad_norm_and_update_ratios():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    opt = ds.optim.SGD([{"params": model[0].parameters(), "lr": 0.01}, {"params": model[1].parameters(), "lr": 0.02}])
    h = train(model, _linear_data(), optimizer=opt, batch_size=16, epochs=2, tol=None, progress=False)
    assert h.steps["lr"][0] == [0.01, 0.02] and h.epochs["lr"][-1] == [0.01, 0.02]
    assert all(g > 0 and math.isfinite(g) for g in h.steps["grad_norm"])
    first = h.update_ratios[0]
    assert first["step"] == 1 and set(first) == {"step", "0.weight", "0.bias", "1.weight", "1.bias"}
    assert all(0 < v < math.inf for k, v in first.items() if k != "step")
    assert set(h.layer_grad_ratios[0]) == {"step", "0.weight", "1.weight"}  # weights, not biases


@pytest.mark.parametrize(
    "schedule",
    [ds.schedules.step_decay(0.1, step_size=2, gamma=0.5), lambda opt: torch.optim.lr_scheduler.StepLR(opt, 2, 0.5)],
    ids=["descend", "torch"],
)
def test_a_tensor_lr_is_recorded_as_the_rate_each_update_used(schedule):
    """A schedule sets a tensor lr in place (as torch's schedulers do): the history kept the
    tensor itself, so every recorded rate read as the last one set (0.003125, for 0.1 .. 0.00625)."""
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=torch.tensor(0.1, dtype=torch.float64))
    data = _linear_data(n=40)
    h = train(model, data, optimizer=opt, schedule=schedule, batch_size=8, epochs=2, tol=None, progress=False)
    expected = [[0.1 * 0.5 ** (t // 2)] for t in range(10)]
    assert h.steps["lr"] == expected and h.epochs["lr"] == [expected[4], expected[9]]


def test_update_ratio_is_the_relative_change_of_the_weights():
    model = torch.nn.Linear(3, 1, bias=False)
    before = model.weight.detach().clone()
    h = train(model, _linear_data(), optimizer="gd", lr=0.1, epochs=1, tol=None, batch_size=None, progress=False)
    expected = (model.weight.detach() - before).norm() / before.norm()  # the one full-batch step
    assert h.update_ratios[0]["weight"] == pytest.approx(expected.item(), rel=1e-5)


@pytest.mark.parametrize("batch_size, accumulate", [(7, 1), (7, 2), (32, 1), (None, 1)])
def test_epoch_loss_is_the_frozen_models_mean_loss_over_every_example(batch_size, accumulate):
    # 101 examples in batches of 7 leave a last batch of 3: the epoch's loss weighs each update
    # by its examples, so with frozen weights it is the mean loss over the whole set (a mean of
    # the updates' means would count those 3 examples as much as every full batch).
    g = torch.Generator().manual_seed(1)
    X = torch.randn(101, 4, generator=g)
    y = X @ torch.tensor([1.0, -2.0, 0.5, 0.0]) + 3.0 * (torch.arange(101) >= 98)  # the last 3 stand out
    model = torch.nn.Linear(4, 1)
    h = ds.train(
        model,
        (X, y),
        optimizer=torch.optim.SGD(model.parameters(), lr=0.0),
        batch_size=batch_size,
        accumulate=accumulate,
        epochs=1,
        progress=False,
    )
    with torch.no_grad():
        expected = torch.nn.functional.mse_loss(model(X).squeeze(1), y).item()
    assert h.loss[0] == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("batch_size", [7, 32, None])
def test_epoch_metrics_equal_the_frozen_models_metrics_on_the_whole_set(batch_size, monkeypatch):
    # lr=0 freezes the weights, so the epoch's accuracy and R² over all its batches (kept in
    # reused buffers, reduced in chunks) must equal the model's on the whole training set.
    # (train refuses lr=0 by name; an optimizer instance of the user's own may have it.)
    monkeypatch.setattr(metrics_module, "PENDING_LIMIT", 50)  # several reductions per epoch
    g = torch.Generator().manual_seed(0)
    X = torch.randn(101, 4, generator=g)
    y_cls = (X[:, 0] > 0).long() + (X[:, 1] > 0).long()
    y_reg = X @ torch.tensor([1.0, -2.0, 0.5, 0.0]) + 0.1 * torch.randn(101, generator=g)
    for y, metric in ((y_cls, "accuracy"), (y_reg, "r2")):
        model = torch.nn.Linear(4, 3 if metric == "accuracy" else 1)
        h = ds.train(
            model,
            (X, y),
            optimizer=torch.optim.SGD(model.parameters(), lr=0.0),
            batch_size=batch_size,
            epochs=1,
            progress=False,
        )
        with torch.no_grad():
            out = model(X)
        if metric == "accuracy":
            expected = (out.argmax(1) == y).double().mean().item()
        else:
            residual = out.squeeze(1).double() - y.double()
            expected = 1 - residual.square().sum().item() / (y.double() - y.double().mean()).square().sum().item()
        # float32 outputs of 7-row batches and of the whole set differ in the last bits
        # (the kernels block the sums differently); the metric's own sums are float64.
        assert h.epochs[metric][0] == pytest.approx(expected, rel=1e-6, abs=1e-12)
