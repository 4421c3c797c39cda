"""descend.watch's ``monitor.evaluated()``: a loop that evaluates every few updates (mid-epoch)
records each evaluation as a row of its own, with the step it was taken at, and the doctor
reads every one (the adapters' ``eval_strategy="steps"`` and ``val_check_interval`` < 1)."""

import math

import pytest
import torch
from torch.nn import functional as F

import descend as ds
from descend.cli.doctor import _loop_settings
from descend.training.history import History

# A validation loss that falls to its best at the 4th evaluation (step 40) and then creeps up.
VAL = [1.0, 0.7, 0.5, 0.45, 0.47, 0.49, 0.51, 0.53]


def _watched(tmp_path=None, every=10):
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.randn(4, 1)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, print_findings=False, log_dir=tmp_path and tmp_path / "run")
    for step in range(1, every * len(VAL) + 1):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        monitor.log(loss)
        if step % every == 0:
            monitor.evaluated(val_loss=VAL[step // every - 1])
    monitor.close()
    return monitor


def test_every_evaluation_is_a_row_with_its_step_and_overfitting_names_the_step_to_stop_at(tmp_path):
    monitor = _watched(tmp_path)
    epochs = monitor.history.epochs
    assert epochs["step"] == list(range(10, 90, 10)) and epochs["val_loss"] == VAL
    assert monitor.history.best_epoch == 3
    found = {d.kind: d for d in monitor.diagnoses}
    over = found["overfitting"]
    assert over.step == 40 and over.change == {"max_steps": 40}
    assert "(evaluation 3, at step 40, its best)" in over.evidence and "at step 80" in over.evidence
    assert "max_steps=40" in over.advice and "epoch" not in over.advice
    # Read back from the run folder, as descend doctor, descend report and ds.diagnose(run_dir) read it.
    again = ds.diagnose(monitor.log_dir)
    assert [d.change for d in again if d.kind == "overfitting"] == [{"max_steps": 40}]
    assert History.load(monitor.log_dir).epochs["step"] == epochs["step"]
    assert _loop_settings({"max_steps": 40}) == "stop after 40 optimizer steps (max_steps)"


def test_an_evaluation_with_no_update_since_the_last_row_joins_the_next_row():
    model = torch.nn.Linear(1, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, print_findings=False)
    monitor.evaluated(val_loss=3.0)  # before any update (an evaluation at the start)
    for _ in range(2):
        opt.zero_grad()
        loss = model(torch.ones(1, 1)).pow(2).sum()
        loss.backward()
        opt.step()
        monitor.log(loss)
    monitor.evaluated(val_accuracy=0.5)
    monitor.evaluated(val_loss=2.0)  # again at the same step: no row of its own
    monitor.close()
    epochs = monitor.history.epochs
    assert epochs["step"] == [2] and epochs["val_loss"] == [3.0] and epochs["val_accuracy"] == [0.5]
    assert math.isfinite(epochs["loss"][0])


def test_evaluated_after_close_says_so():
    monitor = _watched()
    with pytest.raises(RuntimeError, match=r"closed: evaluated\(\) must come before close\(\)"):
        monitor.evaluated(val_loss=1.0)
