"""descend.watch on plain PyTorch loops: it changes nothing in the loop, records what the loop
did, and the doctor reads the record as it reads a descend.train run's."""

import math
import re
import warnings

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

import descend as ds
from _readings import left_to_fall_step, sampled_steps
from _watched_loop import data as _data
from _watched_loop import loop as _loop
from _watched_loop import mlp as _mlp
from descend.doctor import unread_words
from descend.training.findings import ADVISORY
from descend.training.history import History
from descend.watch import sampling


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
        "was layer '3.weight' at step 5: try a smaller learning rate. descend.watch records nothing after this step",
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


def test_bad_inputs_are_one_clear_error_each():
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ds.watch.__globals__["InvalidArgument"], match=r"^model must be a torch.nn.Module, got str$"):
        ds.watch("mlp", opt)
    with pytest.raises(
        ValueError,
        match=r"^optimizer must be a torch.optim.Optimizer \(torch's, descend's or any subclass\), got dict$",
    ):
        ds.watch(model, {"lr": 0.1})
    other = torch.optim.Adam(model.parameters(), lr=0.1)  # several optimizers (a GAN's, an encoder's and a head's)
    with pytest.raises(ValueError, match=r"got list of 2 optimizers: descend.watch follows one optimizer's steps .*"):
        ds.watch(model, [opt, other])
    with pytest.raises(ValueError, match=r"^gradients must be one of 'step', 'accumulated' .*, got 'raw'$"):
        ds.watch(model, opt, gradients="raw")
    with pytest.raises(ValueError, match=r"^grad_clip must be a number > 0 or None, got -1$"):
        ds.watch(model, opt, grad_clip=-1)
    with pytest.raises(ValueError, match=r"^instruments must be True .*, got 0$"):
        ds.watch(model, opt, instruments=0)
    with pytest.raises(ValueError, match=r"^probe must be a pair \(x, y\) of tensors"):
        ds.watch(model, opt, loss_fn=F.mse_loss, probe=torch.zeros(4, 8))
    # one of the pair alone was silently unused (the summary said "not taken")
    with pytest.raises(
        ValueError,
        match=r"^probe=\(x, y\) was given without loss_fn: the instruments measure loss_fn\(model\(x\), y\) on the "
        r"probe; give loss_fn too, or leave out probe$",
    ):
        ds.watch(model, opt, probe=(torch.zeros(4, 8), torch.zeros(4, 1)))
    with pytest.raises(
        ValueError, match=r"^loss_fn was given without probe=\(x, y\): .*give probe too, or leave out loss_fn$"
    ):
        ds.watch(model, opt, loss_fn=F.mse_loss)
    ds.watch(model, opt, loss_fn=F.mse_loss, instruments=False, print_findings=False).close()
    monitor = ds.watch(model, opt, print_findings=False)
    with pytest.raises(
        ValueError, match=r"^loss must be a number or a one-element tensor, got a tensor of shape \(2,\)$"
    ):
        monitor.log(torch.zeros(2))
    with pytest.raises(ValueError, match=r"^loss must be a number or a one-element tensor, got '0.5'$"):
        monitor.log("0.5")  # float() reads text: a string logged is a mistake, not a loss
    monitor.close()
    with pytest.raises(RuntimeError, match=r"^this monitor is closed: log\(\) must come before close\(\)$"):
        monitor.log(0.5)


def test_a_probe_with_an_optimizer_stepping_a_tensor_outside_the_model_is_refused_with_what_to_do():
    """A learnable temperature or loss weight beside the model: was "optimizer holds parameters
    that are not the model's trainable parameters", neither which nor what to do."""
    model = nn.Linear(8, 1)
    opt = torch.optim.SGD([*model.parameters(), nn.Parameter(torch.ones(())), nn.Parameter(torch.ones(3))], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^optimizer steps 2 parameter tensors that are not model's \(of shape \(\), \(3,\)\): the instruments "
        r"measure loss_fn\(model\(x\), y\) over model's parameters; register it on the model .* or watch without "
        r"probe and loss_fn \(the doctor then reads the loss curve and the gradient norms alone\)$",
    ):
        ds.watch(model, opt, loss_fn=F.mse_loss, probe=(torch.zeros(4, 8), torch.zeros(4, 1)))
    ds.watch(model, opt, print_findings=False).close()  # without a probe: the gradient norms are the model's


def test_a_dict_or_tuple_logged_as_the_loss_is_refused_with_what_to_log():
    """A model's output dict or a framework's (loss, logs) tuple, as logged by mistake: the message
    printed the whole value (every tensor's repr) and said nothing of what to log instead."""
    model = nn.Linear(8, 1)
    monitor = ds.watch(model, torch.optim.SGD(model.parameters(), lr=0.1), instruments=False, print_findings=False)
    loss = model(torch.zeros(4, 8)).pow(2).mean()
    with pytest.raises(
        ValueError,
        match=r"^loss must be a number or a one-element tensor, got a dict of 'loss', 'logits': log one number, "
        r"e\.g\. monitor\.log\(out\['loss'\]\), the others as metrics \(monitor\.log\(logits=\.\.\.\)\)$",
    ):
        monitor.log({"loss": loss, "logits": torch.zeros(4, 1)})
    with pytest.raises(
        ValueError,
        match=r"^loss must be a number or a one-element tensor, got a tuple of \(tensor, dict\): log one number, "
        r"e\.g\. monitor\.log\(out\[0\]\)$",
    ):
        monitor.log((loss, {"aux": loss}))
    with pytest.raises(
        ValueError, match=r"^val_loss must be .*, got a list of \(float\): .*monitor\.log\(val_loss=out\[0\]\)$"
    ):
        monitor.log(val_loss=[0.5])
    for empty in ({}, ()):  # nothing to log instead: out[None], out[0] were no advice
        with pytest.raises(
            ValueError, match=rf"^loss must be a number or a one-element tensor, got {re.escape(repr(empty))}$"
        ):
            monitor.log(empty)
    monitor.close()


def test_a_bool_or_complex_logged_is_refused_naming_it():
    """Was: monitor.log(True) recorded a loss of 1.0 (float(True)), and a complex tensor failed inside float()."""
    model = nn.Linear(8, 1)
    monitor = ds.watch(model, torch.optim.SGD(model.parameters(), lr=0.1), instruments=False, print_findings=False)
    cases = [
        (True, r"^loss must be a number or a one-element tensor, got True \(a bool\)$"),
        (
            np.bool_(False),
            r"^loss must be a number or a one-element tensor, got (np\.)?(False_?|bool_\(False\)) \(a bool\)$",
        ),
        (torch.tensor(True), r"^loss must be a number or a one-element tensor, got a tensor of dtype torch\.bool: "),
        (
            torch.tensor(1 + 2j),
            r"^loss must be a number or a one-element tensor, got a tensor of dtype torch\.complex64",
        ),
        (1 + 2j, r"^loss must be a number or a one-element tensor, got \(1\+2j\) \(a complex number\)$"),
    ]
    for value, message in cases:
        with pytest.raises(ValueError, match=message):
            monitor.log(value)
    with pytest.raises(ValueError, match=r"^accuracy must be a number or a one-element tensor, got True \(a bool\)$"):
        monitor.log(0.5, accuracy=True)
    monitor.log(np.float32(0.5))
    monitor.close()


def test_an_optimizer_of_another_model_is_named_before_any_file(tmp_path):
    """An optimizer built on another model's parameters: one clear error at watch(), no run folder
    (was torch's 'Tensor list must have at least one tensor' from the first update read)."""
    model, other = _mlp(), _mlp()
    opt = torch.optim.SGD(other.parameters(), lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^optimizer updates none of model's 4 trainable parameter tensors: watch the model whose "
        r"parameters the optimizer was built on \(optimizer\(model.parameters\(\), ...\)\)$",
    ):
        ds.watch(model, opt, log_dir=tmp_path / "run")
    assert not (tmp_path / "run").exists()
    head = torch.optim.SGD(model[-1].parameters(), lr=0.1)  # fine-tuning a part of the model: watched
    ds.watch(model, head, print_findings=False).close()


def test_a_loop_that_logs_no_loss_is_told_so():
    x, y = _data(32)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, print_findings=False)
    F.mse_loss(model(x), y).backward()
    opt.step()
    with pytest.warns(
        UserWarning, match=r"^descend.watch saw 1 optimizer step but no loss logged: call monitor.log\(loss\)"
    ):
        assert monitor.close() == []
    monitor = ds.watch(model, opt, print_findings=False)
    for _ in range(2):
        F.mse_loss(model(x), y).backward()
        opt.step()
    with pytest.warns(UserWarning, match=r"^descend.watch saw 2 optimizer steps but no loss"):
        monitor.close()


def test_close_prints_the_findings_on_rank_0_only(capsys, tmp_path):
    x, y = _data(64)
    for rank in (0, 1):
        model = _mlp()
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        monitor = ds.watch(model, opt, rank=rank, log_dir=tmp_path / f"rank{rank}")
        for i in range(0, 64, 16):
            opt.zero_grad()
            loss = F.mse_loss(model(x[i : i + 16]), y[i : i + 16])
            loss.backward()
            opt.step()
            monitor.log(loss)
        monitor.close()
        assert monitor.history.steps["step"] == [1, 2, 3, 4]
    assert capsys.readouterr().err == (
        "descend.watch: the watched loop ended after 4 steps (1 epoch)\n"
        f"- the doctor had no findings\n  {unread_words(History(task=None))}\n"
    )
    assert (tmp_path / "rank0" / "report.html").is_file() and not (tmp_path / "rank1").exists()


def test_close_says_when_findings_rest_on_the_loss_curve_alone():
    from descend.training.findings import Diagnosis
    from descend.training.history import History
    from descend.watch.outputs import findings_lines

    found = Diagnosis("slow_progress", 9, "e", "try lr=9", {"lr": 9.0})
    unread = findings_lines(History(task=None, diagnoses=[found]))
    assert unread == [f"- {found}", "  " + unread_words(History(task=None))]
    assert "the doctor read the loss curve and the gradient norms alone" in unread[1]
    read = findings_lines(History(task=None, diagnoses=[found], instruments=[{"step": 9}]))
    assert read == [f"- {found}"]
    assert findings_lines(History(task=None, instruments=[{"step": 9}])) == [
        "- the doctor had no findings: nothing to change"
    ]


def test_the_report_of_a_loop_watched_without_a_probe_says_what_its_findings_rest_on(tmp_path):
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, log_dir=tmp_path / "run", print_findings=False)
    _loop(model, opt, x, y, epochs=1, batch=16, monitor=monitor)
    monitor.close()
    page = (tmp_path / "run" / "report.html").read_text()
    assert "Without instrument readings the doctor read the loss curve and the gradient norms alone" in page
    assert "loss_fn= and probe=(x, y)" in page


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
