"""descend.train: batch modes, reproducibility, stopping rules, history, logs, bad input."""

import csv
import json
import math

import numpy as np
import pytest
import torch

import descend as ds
import descend.training.metrics as metrics_module
from descend import train
from descend.training import Callback


def _linear_data(n=64, d=3, seed=0, noise=0.0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g)
    w = torch.tensor([1.5, -2.0, 0.5])[:d]
    return X, X @ w + 0.7 + noise * torch.randn(n, generator=g)


def _flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


@pytest.mark.parametrize("batch_size, steps_per_epoch", [(None, 1), (1, 64), (10, 7), (64, 1)])
def test_batch_size_sets_the_steps_per_epoch(batch_size, steps_per_epoch):
    h = train(
        "linear", _linear_data(), optimizer="sgd", lr=0.01, batch_size=batch_size, epochs=2, tol=None, progress=False
    )
    assert len(h.steps["loss"]) == 2 * steps_per_epoch
    assert h.steps["epoch"] == [0] * steps_per_epoch + [1] * steps_per_epoch
    assert h.steps["step"] == list(range(1, 2 * steps_per_epoch + 1))


def test_full_batch_gd_is_textbook_gradient_descent():
    # One step per epoch on the whole set: w <- w - lr * grad of the mean squared error.
    X, y = _linear_data()
    model = torch.nn.Linear(3, 1)
    w, b = model.weight.detach().clone(), model.bias.detach().clone()
    train(model, (X, y), loss="mse", optimizer="gd", lr=0.1, epochs=5, tol=None, batch_size=None, progress=False)
    for _ in range(5):
        r = (X @ w.T + b).squeeze(1) - y
        w, b = w - 0.1 * 2 * (r[:, None] * X).mean(0), b - 0.1 * 2 * r.mean()
    torch.testing.assert_close(model.weight.detach(), w, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(model.bias.detach(), b, rtol=1e-5, atol=1e-6)


def test_linear_regression_converges_to_least_squares():
    X, y = _linear_data(n=200, noise=0.1)
    model = torch.nn.Linear(3, 1)
    h = train(model, (X, y), optimizer="gd", lr=0.2, epochs=2000, tol=1e-9, patience=3, batch_size=None, progress=False)
    A = torch.cat([X, torch.ones(200, 1)], 1).double()
    solution = torch.linalg.lstsq(A, y.double()[:, None]).solution.squeeze(1)
    got = torch.cat([model.weight.detach().flatten(), model.bias.detach()]).double()
    torch.testing.assert_close(got, solution, atol=1e-4, rtol=0)
    assert h.converged and h.stopped_because.startswith("converged")
    assert h.epochs["r2"][-1] > 0.99


@pytest.mark.slow
def test_same_seed_same_weights_bit_for_bit_other_seed_differs():
    runs = [
        train("mlp", "iris", lr=0.01, batch_size=8, epochs=3, seed=s, progress=False, model_options={"dropout": 0.2})
        for s in (3, 3, 4)
    ]
    a, b, c = (_flat(h.model) for h in runs)
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert runs[0].steps["loss"] == runs[1].steps["loss"]


@pytest.mark.slow
def test_classification_records_accuracy_and_learns_digits():
    h = train("softmax", "digits", lr=0.01, batch_size=64, epochs=15, progress=False)
    assert h.task == "classification"
    assert h.epochs["val_accuracy"][-1] > 0.9 and h.epochs["accuracy"][-1] > 0.9
    assert h.loss[-1] < h.loss[0]
    assert set(h.epochs) >= {"epoch", "loss", "val_loss", "accuracy", "val_accuracy", "lr", "grad_norm", "seconds"}


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


def test_early_stopping_restores_the_best_weights_whatever_ended_the_run():
    # Stopped by max epochs while val loss was rising: the weights are those of the best epoch.
    X, y = _linear_data(n=40, noise=1.0)
    Xv, yv = _linear_data(n=40, seed=1, noise=1.0)
    best, last = {}, {}

    class Snapshot(Callback):
        def on_epoch_end(self, run):
            best[run.epoch] = _flat(run.model)

        def on_updates_end(self, run):  # the last update's weights, before they are restored
            last["weights"] = _flat(run.model)

    model = torch.nn.Sequential(torch.nn.Linear(3, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    h = train(
        model,
        (X, y),
        val_data=(Xv, yv),
        lr=0.03,
        epochs=40,
        tol=0.0,
        patience=1000,
        callbacks=[Snapshot()],
        progress=False,
    )
    assert h.stopped_because == "reached the maximum of 40 epochs"
    b = int(np.argmin(h.val_loss))
    assert h.best_epoch == b and b < 39
    assert torch.equal(_flat(model), best[b])
    assert torch.equal(last["weights"], best[39]) and not torch.equal(last["weights"], best[b])


def test_early_stopping_fires_after_patience_epochs_without_improvement():
    X, y = _linear_data(n=40, noise=1.0)
    Xv, yv = _linear_data(n=40, seed=1, noise=1.0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    h = train(model, (X, y), val_data=(Xv, yv), lr=0.03, epochs=500, patience=3, progress=False)
    assert h.stopped_because.startswith("early stopping: the validation loss has not improved for 3 epochs")
    assert len(h.val_loss) == h.best_epoch + 1 + 3
    # Converged on the held-out loss: the doctor says so (the rise in the patience window is
    # early stopping's own evidence, not an overfitting alarm).
    assert h.converged and [d.kind for d in h.diagnoses] == ["converged"]


def test_stopping_rules_with_patience_1_say_epoch_in_the_singular():
    X, y = _linear_data(n=40, noise=1.0)
    Xv, yv = _linear_data(n=40, seed=1, noise=1.0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    h = train(model, (X, y), val_data=(Xv, yv), lr=0.03, epochs=500, patience=1, progress=False)
    assert h.stopped_because.startswith("early stopping: the validation loss has not improved for 1 epoch (best")
    h = train("linear", (X, y), lr=0.03, epochs=500, tol=0.5, patience=1, progress=False)
    assert h.stopped_because.startswith("converged: the training loss changed by ")
    assert h.stopped_because.endswith(" (relative) over the last 1 epoch, below tol=0.5")


def test_time_budget_stops_the_run():
    h = train(
        "linear", _linear_data(), lr=1e-4, batch_size=1, epochs=100_000, time_budget=0.2, tol=None, progress=False
    )
    assert h.stopped_because.startswith("time budget of 0.2 s used up")
    assert len(h.loss) < 100_000


def test_callbacks_see_every_hook_in_order_and_can_stop():
    calls, seen = [], {}

    class Recorder(Callback):
        def on_train_begin(self, run):
            calls.append("begin")

        def on_epoch_begin(self, run):
            calls.append(f"epoch{run.epoch}")

        def on_step_end(self, run):
            calls.append("step")
            if run.step == 5:
                run.stop("enough")

        def on_epoch_end(self, run):
            calls.append("end_epoch")

        def on_updates_end(self, run):
            seen["step"] = run.step
            calls.append("updates_end")

        def on_train_end(self, run):
            calls.append("end")

    h = train("linear", _linear_data(), lr=0.01, batch_size=32, epochs=10, callbacks=[Recorder()], progress=False)
    assert calls == [
        "begin",
        "epoch0",
        "step",
        "step",
        "end_epoch",
        "epoch1",
        "step",
        "step",
        "end_epoch",
        "epoch2",
        "step",
        "end_epoch",
        "updates_end",
        "end",
    ]
    assert h.stopped_because == "enough" and len(h.steps["loss"]) == 5
    assert seen["step"] == 5


def test_non_finite_loss_stops_cleanly_naming_step_and_lr(tmp_path):
    X, y = _linear_data()
    calls = []

    def overflows_at_step_14(out, target):  # 4 steps an epoch: in the middle of the fourth
        if torch.is_grad_enabled():  # a training step's (train measures its start without gradients)
            calls.append(1)
        value = torch.nn.functional.mse_loss(out.squeeze(-1), target)
        return value * math.inf if len(calls) == 14 else value

    h = train(
        "linear",
        (X, y),
        loss=overflows_at_step_14,
        optimizer="sgd",
        lr=2e-6,
        batch_size=16,
        epochs=500,
        tol=None,
        checkpoint_dir=tmp_path,
        progress=False,
        instruments=False,  # the loss counts its calls: the instruments' readings would call it too
    )
    assert "the loss became inf" in h.stopped_because and "lr=2e-06" in h.stopped_because
    assert len(h.loss) > 2 and len(h.steps["loss"]) == 13
    assert "at step 14 " in h.stopped_because and "last good checkpoint is kept" in h.stopped_because
    assert all(math.isfinite(v) for v in h.steps["loss"])
    saved = torch.load(tmp_path / "last.pt", weights_only=True)
    assert all(torch.isfinite(t).all() for t in saved["model"].values())
    assert saved["epoch"] == len(h.loss) - 1  # the end of the last whole epoch
    assert not h.converged


def test_log_dir_writes_csv_jsonl_and_tensorboard(tmp_path):
    h = train("softmax", "iris", lr=0.05, batch_size=32, epochs=3, log_dir=tmp_path, progress=False)
    with open(tmp_path / "steps.csv") as f:
        steps = list(csv.DictReader(f))
    with open(tmp_path / "epochs.csv") as f:
        epochs = list(csv.DictReader(f))
    assert len(steps) == len(h.steps["loss"]) and float(steps[-1]["loss"]) == pytest.approx(h.steps["loss"][-1])
    assert [float(r["val_loss"]) for r in epochs] == pytest.approx(h.val_loss)
    lines = [json.loads(line) for line in open(tmp_path / "metrics.jsonl")]
    assert [r["epoch"] for r in lines] == [0, 1, 2] and lines[-1]["val_accuracy"] == h.epochs["val_accuracy"][-1]
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(tmp_path / "tensorboard"))
    events.Reload()
    assert [e.value for e in events.Scalars("epoch/loss")] == pytest.approx(h.loss)


def test_tensorboard_holds_every_param_groups_rate_at_every_step(tmp_path):
    """steps.csv had lr and lr/1, TensorBoard only step/lr: the rate of group 0 alone."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    opt = torch.optim.SGD([{"params": model[0].parameters()}, {"params": model[1].parameters(), "lr": 0.02}], lr=0.01)
    schedule = ds.schedules.step_decay(0.01, step_size=2, gamma=0.5)
    h = train(model, _linear_data(n=32), optimizer=opt, schedule=schedule, batch_size=8, epochs=1, log_dir=tmp_path,
              tol=None, progress=False, instruments=False)  # fmt: skip
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(tmp_path / "tensorboard"))
    events.Reload()
    for group, tag in enumerate(["step/lr", "step/lr/1"]):
        read = [(e.step, e.value) for e in events.Scalars(tag)]
        assert read == [(s, pytest.approx(lr[group], rel=1e-6)) for s, lr in zip(h.steps["step"], h.steps["lr"])]


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(epochs=0), ValueError, "epochs must be an integer >= 1, got 0"),
        (dict(patience=-2), ValueError, "patience must be an integer >= 1, got -2"),
        (dict(tol=-1.0), ValueError, "tol must be a number >= 0 or None, got -1.0"),
        (dict(time_budget=0), ValueError, "time_budget must be a number of seconds > 0"),
        (dict(resume=True), ValueError, "resume=True needs checkpoint_dir"),
        (dict(optimizer="adamm"), ValueError, "unknown optimizer 'adamm'. Did you mean 'adam'"),
        (dict(optimizer="adam", momentum=0.9), TypeError, "has no hyper-parameter 'momentum'"),
        (dict(lr=-1.0), ValueError, "lr must be a finite number > 0, got -1.0"),  # as in minimize
        (dict(device="tpu"), ValueError, "device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'tpu'"),
        (dict(batch_size=0), ValueError, "batch_size"),
        (dict(batch_size=1000), ValueError, "larger than"),
        (dict(loss="msee"), ValueError, "Did you mean 'mse'"),
        # A misspelt keyword of train's own is said to be one, not only the optimizer's.
        (
            dict(epoch=3),
            TypeError,
            r"train\(\) takes no keyword 'epoch', and optimizer 'adam' has no hyper-parameter 'epoch'\. "
            r"Did you mean 'epochs'\? train takes: model, data, .*epochs.*; optimizer 'adam' takes: lr, betas",
        ),
        (
            dict(optimizer=torch.optim.SGD, lr=0.1, checkpoint_direct="x"),
            TypeError,
            r"train\(\) takes no keyword 'checkpoint_direct', and optimizer SGD has no hyper-parameter "
            r"'checkpoint_direct'\. Did you mean 'checkpoint_dir'\?",
        ),
    ],
)
def test_bad_options_raise_one_clear_error(kwargs, error, match):
    with pytest.raises(error, match=match):
        train("linear", _linear_data(), progress=False, **kwargs)


def test_bad_model_and_data_raise_clear_errors():
    X, y = _linear_data()
    with pytest.raises(ValueError, match="Did you mean 'mlp'"):
        train("mpl", (X, y), progress=False)
    with pytest.raises(ValueError, match="64 rows"):
        train("linear", (X, y[:10]), progress=False)
    with pytest.raises(ValueError, match="(?i)nan"):
        train("linear", (X.masked_fill(X > 2, float("nan")), y), progress=False)
    with pytest.raises(ValueError, match=r"shape"):
        train(torch.nn.Linear(3, 2), (X, y), loss="mse", progress=False)
    with pytest.raises(ValueError, match=r"labels must be in \[0, 3\)"):
        train(torch.nn.Linear(3, 3), (X, torch.arange(64) % 5), progress=False)
    other = torch.nn.Linear(3, 1)
    with pytest.raises(ValueError, match="does not hold this model's parameters"):
        train(torch.nn.Linear(3, 1), (X, y), optimizer=ds.optim.SGD(other.parameters()), progress=False)


def test_progress_bar_is_quiet_when_not_a_terminal(capsys):
    train("linear", _linear_data(), lr=0.01, batch_size=8, epochs=2, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_shows_on_a_terminal(monkeypatch, capsys):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    train("linear", _linear_data(), lr=0.01, batch_size=8, epochs=2, progress=True)
    assert "/16 [" in screen.getvalue() and "step/s" in screen.getvalue()
    assert "stopped: reached the maximum of 2 epochs" in screen.getvalue()
    screen.truncate(0)
    train("linear", _linear_data(), lr=0.01, batch_size=8, epochs=2, progress=False)
    assert screen.getvalue().strip("\x00") == ""


def test_training_leaves_the_callers_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    train("mlp", "iris", lr=0.01, batch_size=16, epochs=2, seed=5, progress=False, model_options={"dropout": 0.5})
    assert torch.equal(torch.rand(3), expected)


def test_float_zero_one_targets_train_a_logistic_model():
    X, _ = _linear_data(n=64)
    y = (X[:, 0] > 0).float()
    h = train("logistic", (X, y), loss="bce", lr=0.1, batch_size=16, epochs=20, progress=False)
    assert h.task == "classification" and h.epochs["accuracy"][-1] > 0.9


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


@pytest.mark.parametrize("own_generator", [False, True])
def test_the_instruments_leave_a_shuffled_loaders_run_as_it_is_without_them(own_generator):
    # The probe is read from the loader before the run: the order the loader then draws must be
    # the one it draws without the instruments (its random generators put back), and the probe
    # must be that order's start.
    X, y = _linear_data(n=96, noise=0.1)
    runs = {}
    for on in (False, True):
        torch.manual_seed(3)
        generator = torch.Generator().manual_seed(5) if own_generator else None
        loader = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(X, y[:, None]), batch_size=16, shuffle=True, generator=generator
        )
        model = torch.nn.Linear(3, 1)
        h = train(model, loader, loss="mse", lr=0.05, epochs=3, tol=None, progress=False, instruments=on)
        runs[on] = (h.steps["loss"], _flat(model))
    assert runs[True][0] == runs[False][0]
    assert torch.equal(runs[True][1], runs[False][1])
