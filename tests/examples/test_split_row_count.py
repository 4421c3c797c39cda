"""A split run's data-map mask had to have its largest training row + 1 entries (the record did
not keep the number of rows of the data), so a mask of the data's rows was refused where the
last rows went to validation. The record now keeps that number (``n_rows``, in ``examples.npz``)
and a mask has one entry per row of the data; a record saved before keeps the old rule."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend._checks import InvalidArgument
from descend.training import ExampleRecord, run_folder

N = 90
RUN = dict(epochs=3, seed=7, instruments=False, progress=False, track_examples=True)


def _circled(run, issues) -> str:
    return ds.plots.data_map(run, issues=issues).axes[0].get_legend().get_texts()[0].get_text()


def test_a_split_runs_data_map_takes_a_mask_of_the_datas_rows(tmp_path):
    rng = np.random.default_rng(0)
    y = np.arange(N) % 3
    X = np.column_stack([y * 2.0 + rng.normal(size=N), rng.normal(size=N)])
    h = ds.train("mlp", (X, y), val_data="split", log_dir=tmp_path, **RUN)
    rows = h.examples.rows
    assert h.examples.n_rows == N and rows.max() == N - 2  # seed 7 holds out the last row
    mask = np.zeros(N, dtype=bool)
    mask[rows[:5]] = True
    assert _circled(h, mask) == "likely mislabelled (5)"
    assert _circled(ds.examples(tmp_path), mask) == "likely mislabelled (5)"
    short = mask[: N - 1]  # one entry short (its largest row + 1): refused, not read as the first N - 1 rows
    with pytest.raises(
        ValueError,
        match=r"^issues must be a find_label_issues result, rows of the data the run was given, in \[0, 90\), or a "
        r"mask of its 90 rows \(True where flagged\), got a mask of 89$",
    ):
        ds.plots.data_map(h, issues=short)
    # A record saved before the number of rows was kept: the mask runs to its largest row, as it did.
    old = tmp_path / "old.npz"
    with np.load(tmp_path / run_folder.EXAMPLES) as data:
        np.savez(old, **{k: data[k] for k in data.files if k != "n_rows"})
    assert ExampleRecord.load(old).n_rows is None
    assert _circled(old, mask[: rows.max() + 1]) == "likely mislabelled (5)"


def test_without_a_split_the_rows_are_the_examples():
    r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]])
    assert r.n_rows == 2 and ds.examples(r).n_rows == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (dict(n_rows=3), r"^n_rows must be the number of examples \(2\) where the record has no rows, got 3$"),
        (
            dict(rows=[4, 0], n_rows=4),
            r"^n_rows must be the number of rows of the data given, at least one past its largest row \(5\), got 4$",
        ),
        (dict(rows=[4, 0], n_rows=-1), r"^n_rows must be an integer >= 0, got -1$"),
    ],
)
def test_bad_row_counts_get_one_clear_error(given, message):
    with pytest.raises(InvalidArgument, match=message):
        ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], **given)
