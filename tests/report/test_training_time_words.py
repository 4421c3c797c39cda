"""The training time (the epochs' batch loops) and a time budget's clock (the wall clock, validation
and checkpoints included) each said as what it is: 'training time 5.5 s' beside 'time budget of 6 s
used up (6.0 s)' read as a contradiction."""

import json

import torch
from _pages import words

import descend as ds
from descend import report
from descend.cli import train as train_command

SUMMARY = {"batch_size_used": 32, "epochs": 15, "best_epoch": 14, "steps": 60, "final_loss": 0.5, "seconds": 5.5,
           "final_val_loss": 0.6, "lr_used": 0.1,
           "stopped_because": "time budget of 6 s used up (6.0 s of wall-clock time, validation and checkpoints "
                              "included) at epoch 14, step 60"}  # fmt: skip


def test_the_terminal_says_the_training_time_is_the_batch_loops(tmp_path, capsys):
    train_command._print_summary(tmp_path, SUMMARY, None)
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "training time 5.5 s in the epochs' batch loops (the wall clock also counts validation, logs and checkpoints)"
        in out
    )


def test_the_reports_seconds_are_said_to_be_the_batch_loops(run_dir):
    (run_dir / "summary.json").write_text(json.dumps(SUMMARY))
    assert "seconds in the epochs' batch loops 5.5 final val loss" in words(report.write_report(run_dir).read_text())


def test_a_time_budget_says_its_clock_is_the_wall_clock():
    X = torch.linspace(-1, 1, 32).unsqueeze(1)
    history = ds.train("linear", (X, 2 * X + 1), epochs=100, progress=False, instruments=False, time_budget=1e-9)
    assert history.stopped_because.startswith("time budget of 1e-09 s used up (")
    assert "s of wall-clock time, validation and checkpoints included) at epoch 0, step 1" in history.stopped_because
