"""``descend examples RUN_DIR``: prints the suspects, writes the CSV and the pictures; the
report's section."""

from __future__ import annotations

import pytest
import yaml
from _example_records import blobs
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.examples import ExampleTable
from descend.report import write_report
from descend.training import run_folder


def descend(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory):
    """A run folder as ``descend train --data digits --model softmax --track-examples`` leaves
    it, less the landscape pictures (seconds, not a minute): the run's logs and record from
    ``ds.train(log_dir=...)`` and the config.yaml the command line would write."""
    out = tmp_path_factory.mktemp("examples") / "digits"
    settings = {"data": "digits", "model": "softmax", "lr": 0.05, "batch_size": 64, "epochs": 3, "seed": 0}
    ds.train(
        "softmax", "digits", lr=0.05, batch_size=64, epochs=3, seed=0, instruments=False, progress=False,
        log_dir=out, track_examples=True,
    )  # fmt: skip
    (out / run_folder.CONFIG).write_text(yaml.safe_dump(settings))
    assert (out / run_folder.EXAMPLES).is_file()
    return out


def test_examples_prints_the_suspects_and_writes_csv_and_pictures(digits_run, tmp_path):
    result = descend("examples", digits_run, "--top", "3", "--out", tmp_path / "ex")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("LabelIssues: ") and " of 1437 training examples flagged" in lines[0]
    assert lines[1].split()[:3] == ["index", "label", "predicted"]
    for name in ("examples.csv", "label_issues.csv", "data_map.png", "class_loss.png", "gallery.png"):
        assert (tmp_path / "ex" / name).is_file(), name
        assert f"wrote {tmp_path / 'ex' / name}" in result.stdout
    table = ExampleTable.from_csv(tmp_path / "ex" / "examples.csv")
    assert len(table) == 1437 and table.task == "classification"


def test_top_prints_that_many_suspects_and_points_at_the_csv_for_the_rest(digits_run, tmp_path):
    """--top past the printed table's 10 rows: all k rows, then the command's own line about
    the rest (it printed 10 and a Python hint, '.top(k, by=...) sorts them')."""
    result = descend("examples", digits_run, "--top", "12", "--out", tmp_path / "ex")
    assert result.exit_code == 0, result.output
    flagged = len(ExampleTable.from_csv(tmp_path / "ex" / "label_issues.csv"))
    assert flagged > 12  # the test needs more suspects than it prints
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:14]] == [str(i) for i in ExampleTable.from_csv(
        tmp_path / "ex" / "label_issues.csv").head(12)["index"]]  # fmt: skip
    assert lines[14] == f"... and {flagged - 12} more (all in {tmp_path / 'ex' / 'label_issues.csv'})"
    assert ".top(k" not in result.stdout


def test_an_out_folder_holding_its_files_is_refused_and_nothing_is_changed(digits_run, tmp_path):
    out = tmp_path / "ex"
    out.mkdir()
    (out / "label_issues.csv").write_text("mine")
    (out / "gallery.png").write_bytes(b"mine too")
    (out / "notes.txt").write_text("unrelated")
    result = descend("examples", digits_run, "--out", out)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"error: {out} already holds label_issues.csv, gallery.png; nothing was changed. Choose another --out "
        "(a folder without them), or remove them first\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["gallery.png", "label_issues.csv", "notes.txt"]
    assert (out / "label_issues.csv").read_text() == "mine" and (out / "gallery.png").read_bytes() == b"mine too"
    (out / "label_issues.csv").unlink()
    (out / "gallery.png").unlink()
    assert descend("examples", digits_run, "--out", out).exit_code == 0  # beside an unrelated file: written
    again = descend("examples", digits_run, "--out", out)
    assert again.exit_code == 1 and again.stderr.startswith(
        f"error: {out} already holds examples.csv, label_issues.csv, data_map.png, class_loss.png, gallery.png;"
    )


def test_examples_defaults_to_the_run_folder_and_the_report_shows_them(digits_run):
    result = descend("examples", digits_run)
    assert result.exit_code == 0, result.output
    assert (digits_run / "examples.csv").is_file() and (digits_run / "plots" / "data_map.png").is_file()
    page = write_report(digits_run).read_text()
    assert "<h2>Examples</h2>" in page and "1437 training examples over 3 epochs" in page
    assert 'alt="data_map.png"' in page and 'alt="gallery.png"' in page
    assert descend("examples", digits_run).exit_code == 0  # again: its own files in RUN_DIR are redrawn


def test_a_run_folder_without_a_record_is_one_clear_error(tmp_path):
    (tmp_path / "run").mkdir()
    result = descend("examples", tmp_path / "run")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: the run folder {tmp_path / 'run'} has no examples.npz: it has no per-example record: "
        "train with track_examples=True (descend train --track-examples) to record one"
    )
    result = descend("examples", tmp_path / "missing")
    assert result.exit_code == 1 and result.stderr.strip() == f"error: no run folder at {tmp_path / 'missing'}"


def test_top_out_of_range_is_a_usage_error(digits_run):
    result = descend("examples", digits_run, "--top", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--top': must be an integer >= 1, got 0" in result.stderr  # quoted as click quotes


@pytest.mark.parametrize(("lr", "epochs", "fires"), [(0.0003, 8, True), (0.01, 12, False)])
def test_examples_says_when_the_run_has_not_fitted_its_training_set(tmp_path, lr, epochs, fires):
    # three blobs: at lr 0.0003 the training accuracy still climbs 0.51 -> 0.79 over the last
    # quarter of 8 epochs; at 0.01 it has levelled off by epoch 12
    X, y = blobs(seed=2)
    ds.train(
        "mlp", (X, y), lr=lr, batch_size=16, epochs=epochs, tol=None, seed=0, instruments=False,
        progress=False, log_dir=tmp_path / "run", track_examples=True,
    )  # fmt: skip
    result = descend("examples", tmp_path / "run", "--out", tmp_path / "ex")
    assert result.exit_code == 0, result.output
    note = [line for line in result.stdout.splitlines() if line.startswith("Note: ")]
    page = write_report(tmp_path / "run").read_text()  # the report's Examples section says it too
    if fires:
        # a mini-batch run (batch 16): every epoch is read, initial_regime is for full-batch runs
        assert len(note) == 1 and f"over the last quarter of the {epochs} epochs: the run has not fitted" in note[0]
        assert '<p class="note">Note: the training accuracy' in page
    else:
        assert note == [] and "not fitted" not in result.stdout
        assert 'class="note"' not in page and "<h2>Examples</h2>" in page
