"""``descend.train`` on a pandas DataFrame with an index of its own (read with ``index_col="id"``,
filtered rows): its tables named an example by its position only, so ``df.loc[index]`` read
another row, while a ``GDClassifier`` fitted on the same frame added the column ``index_label``.
Now the record keeps the index labels (``examples.npz`` too) and every table adds the column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import descend as ds
from descend._checks import InvalidArgument
from descend.cli import app
from descend.estimators import GDClassifier
from descend.examples import ExampleTable
from descend.training import ExampleRecord, run_folder

N = 90
RUN = dict(epochs=3, seed=0, instruments=False, progress=False, track_examples=True)


def _frame(labels: str = "ints") -> pd.DataFrame:
    """Row i: label i % 3, feature ``row`` = i; indexed by ids that are not positions (integers
    from 1000 down in steps of 7, or text), as a frame read with ``index_col="id"``."""
    rng = np.random.default_rng(0)
    y = np.arange(N) % 3
    ids = 1000 - 7 * np.arange(N) if labels == "ints" else [f"id{i:03d}" for i in rng.permutation(N)]
    columns = {"row": np.arange(N, dtype=float), "a": y * 2.0 + rng.normal(size=N), "y": y}
    return pd.DataFrame(columns, index=pd.Index(ids, name="id"))


def _check_labels(table: ExampleTable, df: pd.DataFrame) -> None:
    """Every row of ``table`` names its example by ``df``'s index label: ``df.loc`` reads that row."""
    assert len(table) and table.columns[:2] == ["index", "index_label"]
    rows = df.loc[table["index_label"]]
    assert np.array_equal(rows["row"].to_numpy(), table["index"]) and np.array_equal(rows["y"], table["label"])


@pytest.mark.parametrize("val_data", [None, "split"])
@pytest.mark.parametrize("given", ["frame", "frame and series", "array and series"])
def test_a_runs_tables_name_a_frames_index_labels(val_data, given):
    df = _frame()
    data = {
        "frame": df,
        "frame and series": (df[["row", "a"]], df["y"]),
        "array and series": (df[["row", "a"]].to_numpy(), df["y"]),
    }[given]
    target = "y" if given == "frame" else None
    h = ds.train("mlp", data, target=target, val_data=val_data, **RUN)
    _check_labels(ds.examples(h), df)
    issues = ds.find_label_issues(h, threshold=5.0, tail=None, memorised_at=None)  # flags every example
    assert len(issues) == h.examples.n
    _check_labels(issues, df)
    assert h.examples.n_rows == N


def test_a_frame_numbered_by_position_adds_no_column():
    df = _frame().reset_index(drop=True)
    h = ds.train("mlp", df, target="y", val_data="split", **RUN)
    assert h.examples.index_labels is None and "index_label" not in ds.examples(h).columns


def test_the_labels_are_kept_in_the_run_folder_for_descend_examples(tmp_path):
    df = _frame("text")
    out = tmp_path / "run"
    h = ds.train("mlp", df, target="y", val_data="split", log_dir=out, **RUN)
    loaded = ExampleRecord.load(out / run_folder.EXAMPLES)
    assert loaded.equals(h.examples) and loaded.n_rows == N
    _check_labels(ds.examples(out), df)
    result = CliRunner().invoke(app, ["examples", str(out), "--top", "3", "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    for name in ("examples.csv", "label_issues.csv"):
        _check_labels(ExampleTable.from_csv(tmp_path / "ex" / name), df)
    assert "index  index_label" in result.stdout
    # A file saved before the labels and the number of rows were kept loads as it did.
    old = tmp_path / "old.npz"
    with np.load(out / run_folder.EXAMPLES) as data:
        np.savez(old, **{k: data[k] for k in data.files if k not in ("index_labels", "n_rows")})
    record = ExampleRecord.load(old)
    assert record.index_labels is None and record.n_rows is None
    assert ds.examples(old).columns[:2] == ["index", "label"]


def test_labels_that_are_objects_are_saved_as_text(tmp_path):
    labels = pd.MultiIndex.from_tuples([("a", 1), ("b", 2)]).to_numpy()  # tuples
    r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], index_labels=labels)
    assert ds.examples(r)["index_label"].tolist() == [("a", 1), ("b", 2)]
    back = ExampleRecord.load(r.save(tmp_path / "examples.npz"))
    assert back.index_labels.tolist() == ["('a', 1)", "('b', 2)"]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_an_estimator_takes_the_labels_of_a_series_target():
    """X an array, y a Series of the frame's rows: the estimator named positions only."""
    df = _frame()
    clf = GDClassifier(track_examples=True, max_epochs=2, batch_size=16, random_state=0)
    clf.fit(df[["row", "a"]].to_numpy(), df["y"])
    assert clf.examples_index_.tolist() == df.index.tolist()
    _check_labels(ds.examples(clf), df)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (dict(index_labels=["a"]), r"^index_labels must hold one label per row of the data \(2\), got shape \(1,\)$"),
        (
            dict(rows=[4, 0], n_rows=6, index_labels=list("abcde")),
            r"^index_labels must hold one label per row of the data \(6\), got shape \(5,\)$",
        ),
    ],
)
def test_bad_labels_get_one_clear_error(given, message):
    with pytest.raises(InvalidArgument, match=message):
        ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], **given)
