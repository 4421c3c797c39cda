"""The doctor reads a watched loop's record as it reads a descend.train run's: a far too large rate
(and the advised one trains), a non-finite gradient's layer, overfitting, a loss that rose, and
no alarm on a healthy run."""

import math
import warnings

import pytest
import torch
from torch import nn
from torch.nn import functional as F

import descend as ds
from _readings import left_to_fall_step, sampled_steps
from _watched_loop import data as _data
from _watched_loop import loop as _loop
from _watched_loop import mlp as _mlp
from descend.training.findings import ADVISORY
from descend.watch import sampling


def test_a_far_too_large_rate_is_diagnosed_and_the_advised_rate_trains():
    x, y = _data()
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=3.0)
    with pytest.warns(
        RuntimeWarning, match=r"descend.watch: the loss became (nan|inf) at step \d+ \(epoch 0\) with lr=3"
    ):
        with ds.watch(model, opt, print_findings=False) as monitor:
            _loop(model, opt, x, y, epochs=3, monitor=monitor)
    found = monitor.diagnoses
    assert found[0].kind == "divergence" and "the learning rate is too large" in found[0].advice
    assert monitor.history.non_finite_step is not None
    advised = found[0].change["lr"]
    assert advised <= 0.3
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=advised)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no non-finite loss now
        with ds.watch(model, opt, print_findings=False) as monitor:
            losses = _loop(model, opt, x, y, epochs=3, monitor=monitor)
    assert all(math.isfinite(v) for v in losses) and monitor.history.loss[-1] < 0.5 * monitor.history.loss[0]
    assert not [d for d in monitor.diagnoses if d.kind in ("divergence", "oscillation")], monitor.diagnoses


@pytest.mark.parametrize(("share", "read_at"), [(math.inf, [8, 160]), (0.0, [160])])
def test_a_healthy_run_with_instruments_raises_no_alarm(monkeypatch, share, read_at):
    # Whatever the readings' time budget affords: train's default sampling, or its last reading only.
    monkeypatch.setattr(sampling, "READING_SHARE", share)
    x, y = _data(640)
    model = _mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x[:64], y[:64]), total_steps=160, print_findings=False)
    _loop(model, opt, x[:512], y[:512], epochs=10, batch=32, monitor=monitor, val=(x[512:], y[512:]))
    found = monitor.close()
    rows = monitor.history.instruments
    assert sampled_steps(rows) == read_at and left_to_fall_step(rows) == 160
    assert not [d for d in found if d.kind not in ADVISORY], found
    assert monitor.history.loss[-1] < 0.3 * monitor.history.loss[0]


def test_a_non_finite_gradient_is_reported_at_its_step_with_its_layer():
    x, y = _data(128)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, opt, print_findings=False)
    with pytest.warns(RuntimeWarning) as caught:
        for step in range(1, 9):
            opt.zero_grad()
            loss = F.mse_loss(model(x[(step - 1) * 16 : step * 16]), y[(step - 1) * 16 : step * 16])
            loss.backward()
            if step == 5:
                model[3].weight.grad[0, 0] = math.nan  # a finite loss, a NaN gradient in the last layer
            opt.step()
            monitor.log(loss)
    said = [str(w.message) for w in caught]
    assert said == [
        "descend.watch: the gradient became non-finite at step 5: first in layer '3.weight'",
        "descend.watch: the loss became nan at step 6 (epoch 0) with lr=0.01; the first gradient to go non-finite "
        "was layer '3.weight' at step 5: check that step's batch and the loss for NaN or inf: the loss had not blown "
        "up before it (at most 0.987 after 0.67 at the start); else try a smaller learning rate. descend.watch "
        "records nothing after this step",
    ]
    found = monitor.close()
    history = monitor.history
    assert history.non_finite_step == 6 and math.isnan(history.non_finite_loss)
    assert history.non_finite_layer == (5, "3.weight")
    assert history.steps["step"] == [1, 2, 3, 4, 5] and math.isnan(history.steps["grad_norm"][-1])
    assert found[0].kind == "divergence" and "'3.weight' at step 5" in found[0].evidence


def test_a_validation_loss_that_rises_while_training_falls_is_overfitting():
    g = torch.Generator().manual_seed(0)
    x, x_val = torch.randn(16, 8, generator=g), torch.randn(256, 8, generator=g)
    y, y_val = torch.randn(16, 1, generator=g), torch.randn(256, 1, generator=g)  # nothing to learn but noise
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    with ds.watch(model, opt, print_findings=False) as monitor:
        for _ in range(40):
            opt.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            monitor.log(loss)
            with torch.no_grad():
                monitor.log(val_loss=F.mse_loss(model(x_val), y_val))
            monitor.epoch_end()
    kinds = [d.kind for d in monitor.diagnoses]
    assert "overfitting" in kinds
    best = monitor.history.best_epoch
    assert monitor.history.val_loss[best] == min(monitor.history.val_loss)
    assert monitor.diagnoses[kinds.index("overfitting")].change == {"epochs": best + 1}


def test_a_short_watched_loop_whose_loss_rose_says_so_not_a_fall_of_0():
    # One watched epoch of 16 mini-batch steps on a net already trained 3 epochs: the last
    # batch's loss ends above the first's, which the finding said as "fallen by only 0".
    torch.manual_seed(0)
    x, y = torch.randn(512, 10), torch.randint(0, 3, (512,))
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)

    def epoch(monitor=None):
        order = torch.randperm(512)
        for i in range(0, 512, 32):
            opt.zero_grad()
            loss = F.cross_entropy(model(x[order[i : i + 32]]), y[order[i : i + 32]])
            loss.backward()
            opt.step()
            if monitor is not None:
                monitor.log(loss)

    for _ in range(3):
        epoch()
    with ds.watch(model, opt, print_findings=False) as monitor:
        epoch(monitor)
    (d,) = monitor.diagnoses
    assert d.kind == "slow_progress" and d.change == {"lr": 0.3}  # what the doctor decides is kept
    rose = monitor.history.steps["loss"][-1] / monitor.history.steps["loss"][0] - 1
    assert rose > 0 and d.evidence.startswith(
        f"after 16 steps the loss has risen by {rose:.2g} (relative) from its start"
    )


def test_a_nan_in_a_batch_is_named_beside_the_rate_where_the_loss_had_not_blown_up():
    """A NaN in the watched loop's batch (row 100: step 4's) was told as a rate too large alone:
    "try a smaller learning rate", and at the rate advised the same NaN. watch cannot see the
    batch: both causes are named where the loss had not grown on the way, as a rate too large makes
    it; the finding's kind and rate to try are unchanged. A blow-up (lr=5) is told the rate alone."""
    both = "check that step's batch and the loss for NaN or inf"
    calm = "the loss had not blown up before it (at most 0.872 after 0.889 at the start)"
    for lr, nan_row in ((0.01, 100), (5.0, None)):
        x, y = _data(512)
        if nan_row is not None:
            x[nan_row, 3] = math.nan
        model = _mlp()
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        monitor = ds.watch(model, opt, print_findings=False)
        with pytest.warns(RuntimeWarning, match="descend.watch: the loss became") as caught:
            _loop(model, opt, x, y, epochs=1, monitor=monitor)
        (finding,) = [d for d in monitor.close() if d.kind == "divergence"]
        said = str(caught[-1].message)
        if nan_row is None:
            assert both not in finding.advice and said.endswith(
                ": try a smaller learning rate. descend.watch records nothing after this step"
            )
            continue
        assert said.startswith("descend.watch: the loss became nan at step 4 (epoch 0) with lr=0.01; ")
        assert said.endswith(
            f": {both}: {calm}; else try a smaller learning rate. descend.watch records nothing after this step"
        )
        assert finding.advice.startswith("the learning rate is too large: try lr=0.001 ")
        assert finding.advice.endswith(f"; but {calm}: {both} first") and finding.change == {"lr": 0.001}
