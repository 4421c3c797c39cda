"""``find_label_issues`` (label_issues.csv, the printed suspects) gave the columns of
``descend.examples`` (examples.csv) other values for the same example: the summaries of the
epochs its rule read, before the run memorised its labels ("the first 10 of 15"), under the same
names. In a 15-epoch run example 706 was "predicted 1, final_loss 0.512, relative_aum -1.185,
hard to learn" in one file and "predicted 3, final_loss 0.852, relative_aum -0.861, ambiguous"
in the other. Now a column means the whole record's value in both; the window's relative AUM,
which ranks the list, is ``window_relative_aum``; the list itself is as it was."""

from __future__ import annotations

import numpy as np
import pytest
from _example_records import first_epochs_of, memorised_blobs
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.examples import ExampleTable
from descend.training import ExampleRecord, run_folder


@pytest.fixture(scope="module")
def memorising_run(tmp_path_factory):
    """The MLP fits every label of ``memorised_blobs``, flips included, within 5 of its 20 epochs
    (test_memorisation's run), logged to a folder."""
    X, noisy, _ = memorised_blobs()
    out = tmp_path_factory.mktemp("memorised") / "run"
    ds.train(
        "mlp", (X, noisy), lr=0.01, batch_size=16, epochs=20, tol=None, instruments=False, progress=False,
        track_examples=True, seed=0, log_dir=out,
    )  # fmt: skip
    return out


def _same_values(issues: ExampleTable, table: ExampleTable) -> None:
    at = {int(i): r for r, i in enumerate(table["index"])}
    rows = [at[int(i)] for i in issues["index"]]
    shared = [name for name in table.columns if name != "index"]
    assert "predicted" in shared and "relative_aum" in shared and "region" in shared
    for name in shared:
        assert np.array_equal(issues[name], table[name][rows], equal_nan=table[name].dtype.kind == "f"), name


def test_the_issues_columns_are_the_whole_runs_and_the_windows_relative_aum_ranks(memorising_run):
    record = ExampleRecord.load(memorising_run / run_folder.EXAMPLES)
    issues = ds.find_label_issues(record)
    assert issues.epochs < issues.recorded_epochs == 20 and len(issues) > 10  # a window, a list to check
    _same_values(issues, ds.examples(record))
    # the window's relative AUM, what the rule ranked by: a record cut before the onset gives it
    window = ds.examples(first_epochs_of(record, issues.epochs))["relative_aum"][issues.indices]
    assert np.array_equal(issues["window_relative_aum"], window)
    assert not np.array_equal(issues["relative_aum"], window)  # the two differ on this run
    assert "(window_relative_aum: the relative AUM over the epochs read, which ranks the list; the other" in (
        repr(issues)
    )


def test_label_issues_csv_and_examples_csv_agree(memorising_run, tmp_path):
    result = CliRunner().invoke(app, ["examples", str(memorising_run), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    issues = ExampleTable.from_csv(tmp_path / "label_issues.csv")
    _same_values(issues, ExampleTable.from_csv(tmp_path / "examples.csv"))
    assert "window_relative_aum" in issues.columns
    assert "window_relative_aum: the relative AUM over the epochs read" in result.stdout
