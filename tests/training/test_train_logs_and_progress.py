"""What a descend.train run writes as it goes: the logs of log_dir (CSV, JSON lines, TensorBoard)
and a progress bar on a terminal only."""

import csv
import json

import pytest
from _small_runs import linear_data as _linear_data

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
