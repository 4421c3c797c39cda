"""descend.watch's bad inputs, to watch() and to monitor.log(): one clear error each, naming the
value, what is allowed and what to do instead."""

import re

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

import descend as ds
from _watched_loop import mlp as _mlp


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


def test_a_refused_metric_leaves_no_trace_and_the_loop_goes_on(tmp_path):
    """Was: monitor.log(loss, accuracy=[0.5]) kept the loss and an empty accuracy list before
    refusing the list, so the next epoch_end() (and close()) failed on 0/0 (IndexError for a
    val_* name) and the run folder lost steps.csv, epochs.csv and the report."""
    model = nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, log_dir=tmp_path / "run", instruments=False, print_findings=False)
    x, y = torch.randn(16, 8), torch.randn(16, 1)
    losses = []
    for step in range(4):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step == 1:  # a notebook: the error caught, the call mended, the loop goes on
            for bad in ({"accuracy": [0.5]}, {"val_accuracy": "0.9"}, {"val_loss": [0.5]}):
                with pytest.raises(ValueError, match=r"must be a number or a one-element tensor"):
                    monitor.log(loss, **bad)
        monitor.log(loss, accuracy=0.5)
    monitor.epoch_end(val_accuracy=0.75)
    monitor.close()
    history = monitor.history
    assert history.steps["loss"] == losses  # each update's loss once: the refused calls kept none
    assert (history.epochs["accuracy"], history.epochs["val_accuracy"]) == ([0.5], [0.75])
    assert "val_loss" not in history.epochs
    assert {"steps.csv", "epochs.csv", "summary.json", "diagnosis.json", "report.html"} <= {
        p.name for p in (tmp_path / "run").iterdir()
    }


def test_a_probe_with_nan_or_infinity_is_refused_at_watch_before_any_file(tmp_path):
    """Was taken: every reading on it was NaN and none was kept (history.instruments == []), while
    the summary said "taken on a probe of 64 examples" and close() told the user to give a probe."""
    model, x, y = _mlp(), torch.randn(64, 8), torch.randn(64, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    nan, inf = x.clone(), y.clone()
    nan[3, 2], inf[[5, 9], 0] = float("nan"), float("inf")
    for probe, message in (
        ((nan, y), r"^probe x contains NaN in 1 row \(first: row 3\); remove or fill those values$"),
        ((x, inf), r"^probe y contains infinity in 2 rows \(first: row 5\); remove or fill those values$"),
    ):
        with pytest.raises(ValueError, match=message):
            ds.watch(model, opt, log_dir=tmp_path / "run", loss_fn=F.mse_loss, probe=probe)
        assert not (tmp_path / "run").exists() and not opt._optimizer_step_pre_hooks
    ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), print_findings=False).close()
