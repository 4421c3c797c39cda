"""How a descend.train run ends: early stopping (after its patience, the best weights restored),
the relative-change rule, a time budget, a callback's stop (its hooks called in order), and a
non-finite loss, each saying why."""

import math

import numpy as np
import torch
from _small_runs import flat as _flat
from _small_runs import linear_data as _linear_data

from descend import train
from descend.training import Callback


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


def test_a_run_that_blew_up_in_its_first_epoch_stops_after_it():
    # Adam at 1e5 on an MLP: the loss goes from 0.77 to ~1e11 at the second step and stays finite
    # (a saturated softmax). The first epoch's mean (~7e10) is no scale for a blow-up: read against
    # it, the run trained all 15 epochs; read against the start, it stops after the first.
    g = torch.Generator().manual_seed(0)
    X = torch.randn(96, 4, generator=g)
    y = (X[:, 0] + X[:, 1] > 0).long()
    h = train("mlp", (X, y), lr=1e5, batch_size=16, epochs=15, instruments=False, progress=False)
    start = h.initial_data_loss
    assert h.stopped_because.startswith(
        f"diverged: the mean training loss grew from {start:.3g} (the start, before the first update) to "
    )
    assert len(h.loss) == 1 and h.loss[0] > 1000 * start
