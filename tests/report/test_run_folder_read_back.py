"""A run folder read back: History.load gives the history as it was recorded, and diagnose reads
the folder as the live history (a healthy run, a diverging one); a folder without logs says what
it expected."""

import json
import math

import pytest
import torch
from _pages import data as _data

import descend as ds
from descend import History


@pytest.mark.slow
def test_a_saved_history_loads_as_it_was_recorded(trained):
    folder, live = trained
    saved = History.load(folder)
    assert saved.steps == live.steps and saved.epochs == live.epochs
    assert saved.update_ratios == live.update_ratios and saved.layer_grad_ratios == live.layer_grad_ratios
    for field in ("task", "stopped_because", "converged", "best_epoch", "non_finite_step", "diagnoses"):
        assert getattr(saved, field) == getattr(live, field), field
    assert saved.model is None


def test_diagnose_reads_a_healthy_run_folder_as_the_live_history(tmp_path):
    X, y = _data()
    live = ds.train("linear", (X, y), optimizer="gd", lr=1e-5, epochs=20, tol=None, log_dir=tmp_path, progress=False)
    assert "slow_progress" in [d.kind for d in live.diagnoses]
    assert ds.diagnose(tmp_path) == ds.diagnose(str(tmp_path)) == ds.diagnose(live) == live.diagnoses


def test_diagnose_reads_a_diverging_run_folder_as_the_live_history(tmp_path):
    X, y = _data()
    live = ds.train(
        "linear",
        (X * 1e3, y),
        optimizer="sgd",
        lr=2e-3,
        batch_size=8,  # overflows within the first epoch (at 16: 1.7e26 by its end, where train stops)
        epochs=500,
        tol=None,
        log_dir=tmp_path,
        progress=False,
    )
    saved = History.load(tmp_path)
    assert math.isinf(saved.non_finite_loss) and saved.non_finite_loss == live.non_finite_loss
    assert saved.non_finite_step == live.non_finite_step and saved.non_finite_layer == live.non_finite_layer
    found = ds.diagnose(tmp_path)
    assert [d.kind for d in found] == ["divergence", "exploding_gradients"] and found == ds.diagnose(live)
    state = json.loads((tmp_path / "history.json").read_text())  # valid JSON: no bare Infinity
    assert state["non_finite_loss"] == "inf"


def test_loading_a_folder_without_logs_says_what_it_expected(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no training logs in .*: expected steps\.csv, epochs\.csv"):
        History.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="no training logs"):
        ds.diagnose(tmp_path / "missing")


def test_a_column_that_appears_after_the_first_epoch_is_written_under_its_own_header(tmp_path):
    """Was: a watched loop validated every third epoch (wine, an MLP, 12 epochs) wrote
    epochs.csv's header from the first epoch, without val_loss, and appended the later rows with
    one field more: pandas refused the file ('Expected 5 fields in line 4, saw 6') and History.load
    read no validation loss at all, so a report or ds.diagnose of the folder saw none."""
    X, y = _data()
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with ds.watch(model, opt, log_dir=tmp_path, instruments=False, print_findings=False) as monitor:
        for epoch in range(4):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(X).squeeze(1), y)
            loss.backward()
            opt.step()
            monitor.log(loss)
            monitor.epoch_end(**({"val_loss": 10.0 - epoch} if epoch >= 2 else {}))
    rows = [line.split(",") for line in (tmp_path / "epochs.csv").read_text().splitlines()]
    assert rows[0][-1] == "val_loss" and {len(row) for row in rows} == {len(rows[0])}
    loaded = History.load(tmp_path).epochs["val_loss"]
    assert math.isnan(loaded[0]) and math.isnan(loaded[1]) and loaded[2:] == [8.0, 7.0]


def test_a_watched_loop_that_ends_after_its_last_evaluation_writes_a_folder_that_loads(tmp_path):
    """Was: close() failed with 'epochs.csv is corrupt or not a descend log (invalid literal for
    int() with base 10: 'nan')': its last row, of the updates after the last evaluation, has no
    evaluation's step (NaN), which the reader took for an integer."""
    X, y = _data()
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with ds.watch(model, opt, log_dir=tmp_path, instruments=False, print_findings=False) as monitor:
        for update in range(1, 15):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(X).squeeze(1), y)
            loss.backward()
            opt.step()
            monitor.log(loss)
            if update % 4 == 0:
                monitor.evaluated(val_loss=1.0 / update)
    loaded = History.load(tmp_path).epochs
    assert loaded["step"][:3] == [4, 8, 12] and math.isnan(loaded["step"][3]) and len(loaded["loss"]) == 4
    assert (tmp_path / "report.html").is_file()
