"""The best epoch beside the epochs trained: a count and an epoch's number (from 0, as epochs.csv
has them) said so, in the terminal's summary and in the report alike."""

import json

from _pages import words

from descend import report
from descend.cli import train as train_command

SUMMARY = {"batch_size_used": 32, "epochs": 15, "best_epoch": 14, "steps": 60, "final_loss": 0.5, "seconds": 5.5,
           "final_val_loss": 0.6, "lr_used": 0.1, "stopped_because": "reached the maximum of 15 epochs"}  # fmt: skip


def test_the_terminal_says_the_best_epoch_is_numbered_from_0(tmp_path, capsys):
    """Was: 'epochs 15 (best 14)', read as the 14th of 15 epochs where it is the last."""
    train_command._print_summary(tmp_path, SUMMARY, None)
    assert "epochs         15 (the best: epoch 14, numbered from 0 as in epochs.csv)\n" in capsys.readouterr().out


def test_a_run_without_a_best_epoch_prints_no_best(tmp_path, capsys):
    train_command._print_summary(tmp_path, {**SUMMARY, "best_epoch": None}, None)
    assert "epochs         15\n" in capsys.readouterr().out


def test_the_report_says_the_best_epoch_is_numbered_from_0(run_dir):
    """Was: 'epochs 15' and 'best epoch 14' in the summary table, as in the terminal."""
    (run_dir / "summary.json").write_text(json.dumps(SUMMARY))
    text = words(report.write_report(run_dir).read_text())
    assert "epochs 15 best epoch (numbered from 0, as in epochs.csv) 14" in text
