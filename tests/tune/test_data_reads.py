"""A study reads its data once before its trials (each trial's run reads its own, as ``train``
does): until session 40 ``descend tune --config`` parsed a CSV file three times before the first
trial (the file's checks, the study's space, the constant prediction) and ``descend.tune`` twice."""

from __future__ import annotations

import csv
import math

import pytest
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.training.callbacks import Callback
from descend.training.data import identify
from descend.tune.plateau_wait import CONSTANT_LOSS
from descend.tune.trial_data import trial_data


def _points(tmp_path):
    rows = ["a,b,label"] + [f"{i / 40:.3f},{(i * 7 % 40) / 40:.3f},{int(i >= 20)}" for i in range(40)]
    path = tmp_path / "points.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def csv_reads(monkeypatch):
    """The CSV files read, one entry a read."""
    reads = []
    read_csv = identify.read_csv

    def counted(path, *args, **kwargs):
        reads.append(path)
        return read_csv(path, *args, **kwargs)

    monkeypatch.setattr(identify, "read_csv", counted)
    return reads


def _trials(out):
    with open(out / "trials.csv", newline="") as file:
        return len(list(csv.DictReader(file)))


def test_descend_tune_with_a_file_reads_the_data_once_and_once_per_trial(tmp_path, csv_reads):
    config, out = tmp_path / "tune.yaml", tmp_path / "study"
    config.write_text(
        f"data: {_points(tmp_path)}\ntarget: label\nval_data: split\nmodel: softmax\nepochs: 1\ntrials: 2\n"
        "space:\n  lr: {low: 0.001, high: 1.0, log: true}\n  batch_size: [8, 16]\n"
    )
    result = CliRunner().invoke(app, ["tune", "--config", str(config), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert len(csv_reads) == 1 + _trials(out) == 3  # was 5: 3 before the first trial


def test_ds_tune_reads_the_data_once_and_once_per_trial(tmp_path, csv_reads):
    out = tmp_path / "study"
    result = ds.tune(
        "softmax",
        str(_points(tmp_path)),
        space={"lr": {"low": 1e-3, "high": 1.0, "log": True}, "batch_size": [8, 16]},
        trials=2,
        target="label",
        val_data="split",
        epochs=1,
        out=out,
        progress=False,
    )
    assert len(csv_reads) == 1 + _trials(out) == 3  # was 4: the space's batch sizes and the constant prediction
    # which the study measured once, for every trial: 20 examples of each class, ln 2
    assert [t.user_attrs[CONSTANT_LOSS] for t in result.study.trials] == [pytest.approx(math.log(2), rel=1e-5)] * 2


_PROBED = {}  # the test's CSV reads, and those a trial_data call in a trial made (a trial's callbacks are copies)


class _ReadsAgain(Callback):
    """In a trial's run, prepares the study's data as trial_data does, noting whether that read
    the file: a study that held its own read on would answer from it."""

    def __init__(self, path):
        self.path = path

    def on_train_begin(self, run):
        before = len(_PROBED["reads"])
        trial_data("softmax", self.path, {"target": "label", "val_data": "split"})
        _PROBED["in a trial"] = len(_PROBED["reads"]) - before


def test_the_study_lets_go_of_its_read_before_the_trials(tmp_path, csv_reads):
    # A copy held through the trials, which each read their own, doubles the data they hold.
    path = str(_points(tmp_path))
    _PROBED.clear()
    _PROBED["reads"] = csv_reads
    ds.tune(
        "softmax",
        path,
        space={"lr": {"low": 1e-3, "high": 1.0, "log": True}, "batch_size": [8, 16]},
        trials=1,
        target="label",
        val_data="split",
        epochs=1,
        callbacks=[_ReadsAgain(path)],
        progress=False,
    )
    assert _PROBED["in a trial"] == 1
