"""A record that starts after the run's first epoch (tracking turned on at a resume) is named
with the list: the rule reads a run's early epochs, and those were not recorded."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris

import descend as ds
from descend.training import ExampleRecord


def _record(first_epoch: int) -> ExampleRecord:
    rng = np.random.default_rng(0)
    n, E = 30, 4
    margin = rng.normal(1.0, 1.0, (E, n))
    return ExampleRecord.from_arrays(
        task="classification", labels=np.arange(n) % 3, epochs=np.arange(first_epoch, first_epoch + E),
        loss=np.abs(rng.normal(size=(E, n))), p_label=rng.uniform(0.2, 0.9, (E, n)), margin=margin,
        predicted=np.tile(np.arange(n) % 3, (E, 1)), classes=3,
    )  # fmt: skip


def test_a_record_from_the_first_epoch_has_no_such_note():
    issues = ds.find_label_issues(_record(0))
    assert issues.note is None or "not tracked" not in issues.note


def test_a_record_that_starts_late_says_which_epochs_are_missing():
    issues = ds.find_label_issues(_record(4))
    assert "the record starts at epoch 5: the run's first 4 epochs were not tracked" in issues.note
    assert "not tracked" in repr(issues)


def test_tracking_turned_on_at_a_resume_is_named(tmp_path):
    X, y = load_iris(return_X_y=True)
    ds.train("mlp", (X, y), epochs=2, batch_size=32, track_examples=False, checkpoint_dir=tmp_path, progress=False)
    h = ds.train("mlp", (X, y), epochs=4, batch_size=32, track_examples=True, checkpoint_dir=tmp_path, resume=True,
                 progress=False)  # fmt: skip
    assert "the run's first 2 epochs were not tracked" in ds.find_label_issues(h).note


def test_tracking_turned_off_at_a_resume_keeps_the_earlier_record(tmp_path):
    X, y = load_iris(return_X_y=True)
    ds.train("mlp", (X, y), epochs=2, batch_size=32, track_examples=True, checkpoint_dir=tmp_path, log_dir=tmp_path,
             progress=False)  # fmt: skip
    with pytest.warns(
        UserWarning, match="track_examples is off for this resumed run: the per-example record of 2 epochs"
    ):
        ds.train("mlp", (X, y), epochs=4, batch_size=32, track_examples=False, checkpoint_dir=tmp_path,
                 log_dir=tmp_path, resume=True, progress=False)  # fmt: skip
    assert list(ds.training.History.load(tmp_path).examples.epochs) == [0, 1]  # was: examples.npz deleted
