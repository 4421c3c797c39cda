"""descend.watch on plain PyTorch loops changes nothing in the loop and records what the loop did:
the same weights bit for bit, each update's loss (logged, accumulated or a closure's), rates and
gradient norms, and where a non-finite loss ends the record."""

import math

import pytest
import torch
from torch import nn
from torch.nn import functional as F

import descend as ds
from _readings import left_to_fall_step, sampled_steps
from _watched_loop import data as _data
from _watched_loop import loop as _loop
from _watched_loop import mlp as _mlp


@pytest.mark.parametrize("gradients", ["step", "accumulated"])
def test_the_watched_loop_trains_the_same_weights_bit_for_bit(gradients):
    x, y = _data()
    runs = []
    for watched in (False, True):
        model = _mlp(dropout=0.2)
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        torch.manual_seed(1)
        monitor = (
            ds.watch(
                model,
                opt,
                loss_fn=F.mse_loss,
                probe=(x[:32], y[:32]),
                instruments=3,
                gradients=gradients,
                print_findings=False,
            )
            if watched
            else None
        )
        _loop(model, opt, x, y, epochs=2, monitor=monitor)
        if monitor is not None:
            monitor.close()
            rows = monitor.history.instruments
            assert sampled_steps(rows) == [3, 6, 9, 12, 15] and left_to_fall_step(rows) == 16
            assert len(monitor.history.update_ratios) == 1  # step 1 (then every 100th)
        runs.append(([p.detach().clone() for p in model.parameters()], torch.get_rng_state(), opt.state_dict()))
    (w0, rng0, state0), (w1, rng1, state1) = runs
    assert all(torch.equal(a, b) for a, b in zip(w0, w1))
    assert torch.equal(rng0, rng1)  # the dropout masks after the run are the same too
    assert all(
        torch.equal(a["exp_avg_sq"], b["exp_avg_sq"])
        for a, b in zip(state0["state"].values(), state1["state"].values())
    )


def test_the_rows_are_the_loss_rates_and_gradient_norms_the_loop_had():
    x, y = _data()
    model = _mlp()
    opt = torch.optim.SGD(
        [{"params": model[0].parameters(), "lr": 0.05}, {"params": model[3].parameters(), "lr": 0.01}], momentum=0.9
    )
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5)
    monitor = ds.watch(model, opt, print_findings=False)
    losses, rates, norms = [], [], []
    for i in range(0, 256, 16):
        opt.zero_grad()
        loss = F.mse_loss(model(x[i : i + 16]), y[i : i + 16])
        loss.backward()
        rates.append([g["lr"] for g in opt.param_groups])
        norms.append(float(torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()]).double())))
        opt.step()
        sched.step()
        losses.append(loss.item())
        monitor.log(loss)
    monitor.close()
    steps = monitor.history.steps
    assert steps["step"] == list(range(1, 17)) and steps["epoch"] == [0] * 16
    assert steps["loss"] == losses
    assert steps["lr"] == rates and rates[0] == [0.05, 0.01] and rates[-1] == [0.05 / 8, 0.01 / 8]
    assert steps["grad_norm"] == pytest.approx(norms, rel=1e-6)
    epochs = monitor.history.epochs  # no epoch marked: the whole loop is one
    assert epochs["epoch"] == [0] and epochs["loss"] == [pytest.approx(sum(losses) / 16)]


def test_losses_logged_per_accumulated_batch_are_averaged_into_their_update():
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, opt, print_findings=False)
    expected = []
    for i in range(0, 64, 16):  # two batches per update
        loss = F.mse_loss(model(x[i : i + 16]), y[i : i + 16])
        (loss / 2).backward()
        if i % 32 == 0:
            first = loss.item()
            monitor.log(loss)  # before its update
        else:
            opt.step()
            opt.zero_grad()
            monitor.log(loss)
            expected.append((first + loss.item()) / 2)
    monitor.close()
    assert monitor.history.steps["loss"] == pytest.approx(expected, rel=1e-12)


def test_a_closure_step_gives_its_loss():
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.LBFGS(model.parameters(), lr=0.5, max_iter=4)
    monitor = ds.watch(model, opt, print_findings=False)
    first = []

    def closure():
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        first.append(loss.item())
        return loss

    starts = []
    for k in range(3):
        n = len(first)
        opt.step(closure) if k % 2 else opt.step(closure=closure)  # positional or by keyword
        starts.append(first[n])
    monitor.close()
    assert monitor.history.steps["loss"] == starts and starts[-1] < starts[0]


def test_rows_stay_right_as_a_loop_mixes_plain_steps_closures_unlogged_steps_and_rate_changes():
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    schedule = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5)
    monitor = ds.watch(model, opt, print_findings=False)

    def closure(scale=1.0):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y) * scale
        loss.backward()
        return loss

    expected = []  # (step, loss, rate) of each row
    for step in range(1, 41):
        rate = opt.param_groups[0]["lr"]
        if 11 <= step <= 14 or step == 33:  # stepped with a closure, its loss logged at 13 only
            given = opt.step(closure).item()
            if step == 13:
                monitor.log(0.5)  # the logged loss, not the closure's, is the update's
            expected.append((step, 0.5 if step == 13 else given, rate))
        else:
            opt.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            if step % 7:  # every 7th update logs nothing: it has no row
                monitor.log(loss.item() if step % 2 else loss)
                expected.append((step, loss.item(), rate))
        schedule.step()
    monitor.close()
    steps = monitor.history.steps
    assert list(zip(steps["step"], steps["loss"], [lrs[0] for lrs in steps["lr"]], strict=True)) == expected
    assert len(steps["grad_norm"]) == len(expected) and steps["epoch"] == [0] * len(expected)


def test_a_closure_s_non_finite_loss_given_up_at_the_next_update_ends_the_record_there():
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, opt, print_findings=False)
    with pytest.warns(RuntimeWarning, match="the loss became nan at step 45"):  # at update 46
        for step in range(1, 61):
            opt.zero_grad()
            if step == 45:  # not logged: its loss, the closure's, is known at the next update
                opt.step(lambda: F.mse_loss(model(x), y) * math.nan)
                continue
            loss = F.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            monitor.log(loss.item())
    monitor.close()
    history = monitor.history
    assert history.non_finite_step == 45 and math.isnan(history.non_finite_loss)
    assert history.steps["step"] == list(range(1, 45))  # nothing after it, the losses logged since included


def test_clipped_gradients_are_no_evidence_unless_read_raw():
    x, y = _data(64)
    kept = {}
    for gradients in ("step", "accumulated"):
        model = _mlp()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        monitor = ds.watch(model, opt, grad_clip=1e-3, gradients=gradients, print_findings=False)
        for i in range(0, 64, 16):
            opt.zero_grad()
            loss = F.mse_loss(model(x[i : i + 16]), y[i : i + 16])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1e-3)
            opt.step()
            monitor.log(loss)
        monitor.close()
        kept[gradients] = monitor.history
    assert kept["step"].layer_grad_ratios == [] and kept["step"].update_ratios  # read after clipping
    assert len(kept["accumulated"].layer_grad_ratios) == 1
    assert kept["step"].steps["grad_norm"] == pytest.approx([1e-3] * 4, rel=1e-4)
    assert min(kept["accumulated"].steps["grad_norm"]) > 0.1  # before clipping


@pytest.mark.parametrize("gradients", ["step", "accumulated"])
def test_a_step_with_no_gradient_at_an_update_ratio_sample_is_recorded_not_raised(gradients):
    # Update 1 is an update-ratio sample; a loop that steps it with no backward pass (an empty
    # first batch) had watch's ratios over no tensor raise torch's "Tensor list must have at
    # least one tensor" out of the loop's opt.step().
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, opt, gradients=gradients, print_findings=False)
    for step in range(1, 6):
        opt.zero_grad()  # no gradient until a backward pass
        loss = F.mse_loss(model(x), y)
        if step > 1:
            loss.backward()
        opt.step()
        monitor.log(loss)
    monitor.close()
    assert monitor.history.steps["step"] == [1, 2, 3, 4, 5]
    assert monitor.history.update_ratios == []  # update 1 had no gradient: no ratio
    assert math.isnan(monitor.history.steps["grad_norm"][0])  # nor a norm (not 0.0, the norm of no tensor)
