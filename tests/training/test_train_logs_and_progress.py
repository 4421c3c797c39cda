"""What a descend.train run writes as it goes: the logs of log_dir (CSV, JSON lines, TensorBoard)
and a progress bar on a terminal only."""

import csv
import json

import pytest
import torch
from _small_runs import linear_data as _linear_data

import descend as ds
from descend import train


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


def test_tensorboard_holds_every_param_groups_rate_at_every_step(tmp_path):
    """steps.csv had lr and lr/1, TensorBoard only step/lr: the rate of group 0 alone."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    opt = torch.optim.SGD([{"params": model[0].parameters()}, {"params": model[1].parameters(), "lr": 0.02}], lr=0.01)
    schedule = ds.schedules.step_decay(0.01, step_size=2, gamma=0.5)
    h = train(model, _linear_data(n=32), optimizer=opt, schedule=schedule, batch_size=8, epochs=1, log_dir=tmp_path,
              tol=None, progress=False, instruments=False, tensorboard_every=1)  # fmt: skip
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(tmp_path / "tensorboard"))
    events.Reload()
    for group, tag in enumerate(["step/lr", "step/lr/1"]):
        read = [(e.step, e.value) for e in events.Scalars(tag)]
        assert read == [(s, pytest.approx(lr[group], rel=1e-6)) for s, lr in zip(h.steps["step"], h.steps["lr"])]
