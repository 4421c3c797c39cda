"""With a validation split the tables named an example by its position in the shuffled training
split, not by its row of the data given: ``descend examples`` printed "660 label 3" where the
CSV's row 660 has label 4, and over all examples the table's label matched the row's 10% of the
time (chance). Each test's data carries its row in its label (row % 3) or in a feature (the row
number), so a table's index can be checked against the data itself."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import yaml
from click.testing import CliRunner
from torch.utils.data import TensorDataset

import descend as ds
from descend._checks import InvalidArgument
from descend.cli import app
from descend.examples import ExampleTable
from descend.training import ExampleRecord, run_folder

N = 90
RUN = dict(epochs=4, seed=0, instruments=False, progress=False, track_examples=True)


def _data() -> tuple[np.ndarray, np.ndarray]:
    """Row i: label i % 3, first feature i (its row number), two noisy features of its class."""
    rng = np.random.default_rng(0)
    y = np.arange(N) % 3
    X = np.column_stack([np.arange(N), y * 2.0 + rng.normal(size=N), rng.normal(size=N)]).astype(np.float32)
    return X, y


def _check_rows(table: ExampleTable, y: np.ndarray) -> None:
    assert len(table) and np.array_equal(table["label"], y[table["index"]])


def test_a_split_runs_tables_name_the_rows_of_the_data_given():
    X, y = _data()
    h = ds.train("mlp", (X, y), val_data="split", **RUN)
    _check_rows(ds.examples(h), y)
    assert h.examples.n == 72 and sorted(h.examples.rows) != list(range(72))  # drawn from all 90 rows
    issues = ds.find_label_issues(h, threshold=5.0, tail=None, memorised_at=None)  # flags every example
    assert len(issues) == 72
    _check_rows(issues, y)
    _check_rows(ds.examples(h).top(5), y)
    # the data map circles this run's own issues (their indices are rows past the training set's size)
    legend = ds.plots.data_map(h, issues=issues).axes[0].get_legend().get_texts()[0].get_text()
    assert legend == "likely mislabelled (72)"


def test_a_split_datasets_tables_name_its_items():
    X, y = _data()
    h = ds.train("mlp", TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), val_data="split", **RUN)
    _check_rows(ds.examples(h), y)


def test_without_a_split_the_index_is_still_the_position():
    X, y = _data()
    h = ds.train("mlp", (X, y), **RUN)
    assert h.examples.rows is None
    assert ds.examples(h)["index"].tolist() == list(range(N))


def test_the_rows_are_kept_in_the_run_folder_and_a_record_without_them_still_loads(tmp_path):
    X, y = _data()
    h = ds.train("mlp", (X, y), val_data="split", log_dir=tmp_path, **RUN)
    loaded = ExampleRecord.load(tmp_path / run_folder.EXAMPLES)
    assert loaded.equals(h.examples) and np.array_equal(loaded.rows, h.examples.rows)
    _check_rows(ds.examples(tmp_path), y)
    old = tmp_path / "old.npz"  # a file saved before the rows were kept: positions, as it was
    with np.load(tmp_path / run_folder.EXAMPLES) as data:
        np.savez(old, **{k: data[k] for k in data.files if k not in ("rows", "n_rows")})
    assert ExampleRecord.load(old).rows is None and ds.examples(old)["index"].tolist() == list(range(72))


def test_a_resumed_split_run_keeps_the_same_rows(tmp_path):
    X, y = _data()
    run = dict(RUN, val_data="split", batch_size=16)
    whole = ds.train("mlp", (X, y), **run)
    ds.train("mlp", (X, y), checkpoint_dir=tmp_path, **{**run, "epochs": 2})
    resumed = ds.train("mlp", (X, y), checkpoint_dir=tmp_path, resume=True, **run)
    assert resumed.examples.rows is not None and resumed.examples.equals(whole.examples)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([0], r"rows must hold one row of the data \(an integer >= 0\) per example \(2\), got shape \(1,\) of int64"),
        ([0.5, 1], r"rows must hold one row .* got shape \(2,\) of float64"),
        ([-1, 1], r"rows must hold one row .* got shape \(2,\) of int64"),
        ([3, 3], r"rows must name a distinct row of the data for each example, got a row twice"),
    ],
)
def test_bad_rows_get_one_clear_error(rows, message):
    with pytest.raises(InvalidArgument, match=message):
        ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], rows=rows)


def test_descend_examples_names_and_draws_the_csv_rows(tmp_path, monkeypatch):
    """The CSV files, the printed suspects and the gallery of a run of ``--val-data split``: the
    reviewer's case, on a CSV whose rows carry their number and their label."""
    X, y = _data()
    csv = tmp_path / "rows.csv"
    csv.write_text("row,a,b,label\n" + "".join(f"{x[0]:.0f},{x[1]},{x[2]},{c}\n" for x, c in zip(X, y)))
    out = tmp_path / "run"
    ds.train("mlp", str(csv), target="label", val_data="split", standardize=True, log_dir=out, **RUN)
    config = {"data": str(csv), "target": "label", "val_data": "split", "standardize": True, "model": "mlp", "seed": 0}
    (out / run_folder.CONFIG).write_text(yaml.safe_dump(config))
    drawn = {}
    monkeypatch.setattr(
        "descend.cli.examples.example_gallery", lambda table, inputs, **_: drawn.update(table=table, inputs=inputs)
    )
    result = CliRunner().invoke(app, ["examples", str(out), "--top", "3", "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    _check_rows(ExampleTable.from_csv(tmp_path / "ex" / "examples.csv"), y)
    issues = ExampleTable.from_csv(tmp_path / "ex" / "label_issues.csv")
    _check_rows(issues, y)
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:2] == ["index", "label"])
    printed = [line.split()[:2] for line in lines[head + 1 : head + 4]]
    assert printed == [[str(i), str(c)] for i, c in zip(issues["index"][:3], issues["label"][:3])]
    shown = drawn["table"]["index"]  # the gallery's inputs at an example's index are that row's
    assert np.allclose(drawn["inputs"][shown, 0], shown) and np.allclose(drawn["inputs"], X, atol=1e-4)
    assert "note:" not in result.stdout
    # The run folder of a run made before the rows were kept: its tables and gallery name
    # positions in the training split, as they did, and the command says so.
    record = ExampleRecord.load(out / run_folder.EXAMPLES)
    with np.load(out / run_folder.EXAMPLES) as data:
        np.savez(out / run_folder.EXAMPLES, **{k: data[k] for k in data.files if k not in ("rows", "n_rows")})
    result = CliRunner().invoke(app, ["examples", str(out), "--top", "3", "--out", str(tmp_path / "old")])
    assert result.exit_code == 0, result.output
    assert "note: examples.npz was written before descend kept the rows of a validation split: each index" in (
        result.stdout
    )
    shown = drawn["table"]["index"]  # positions, and the gallery draws the examples at those positions
    assert np.allclose(drawn["inputs"][shown, 0], record.rows[shown])


def test_the_gallery_refuses_the_training_split_for_the_data_given():
    # The first 72 rows (the training split's size) were taken, and rows other than the examples' drawn.
    X, y = _data()
    h = ds.train("mlp", (X, y), val_data="split", **RUN)
    with pytest.raises(ValueError) as refused:
        ds.plots.example_gallery(h, X[:72], k=4)
    assert str(refused.value) == (
        "inputs must be the data given to train, all its rows in their order (90 rows: the examples' index counts "
        "them), got 72 rows"
    )
    fig = ds.plots.example_gallery(h, X, k=4)
    shown = [
        int(cell.get_text().get_text())
        for (row, col), cell in fig.axes[0].tables[0].get_celld().items()
        if row and not col
    ]
    assert sorted(shown) == sorted(ds.examples(h).top(4)["index"].tolist())
