"""An estimator fitted on a pandas DataFrame: its tables name each example by the frame's
index label (``index_label``) beside its row position (``index``); was the position only."""

from __future__ import annotations

import numpy as np
import pandas as pd
from _example_records import blobs
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import descend as ds
from descend.estimators import GDClassifier, GDRegressor
from descend.examples import ExampleTable


def _frame(n: int = 90) -> tuple[pd.DataFrame, pd.Series]:
    X, y = blobs(n, seed=1)
    order = np.random.default_rng(0).permutation(n)  # a shuffled frame: labels are not positions
    index = pd.Index([f"id{i}" for i in order])
    return pd.DataFrame(X[order], columns=["a", "b"], index=index), pd.Series(y[order], index=index)


def test_the_tables_of_an_estimator_fitted_on_a_frame_name_its_index_labels(tmp_path):
    df, y = _frame()
    kw = dict(track_examples=True, max_epochs=4, batch_size=16, random_state=0)
    clf = GDClassifier(**kw).fit(df, y)
    table = ds.examples(clf)
    assert table.columns[:3] == ["index", "index_label", "label"]
    assert table["index_label"].tolist() == df.index[table["index"]].tolist()
    issues = ds.find_label_issues(clf, tail=None)
    assert issues["index_label"].tolist() == df.index[issues.indices].tolist()
    piped = make_pipeline(StandardScaler(), GDClassifier(**kw)).set_output(transform="pandas").fit(df, y)
    assert ds.examples(piped)["index_label"].tolist() == df.index.tolist()
    # integer labels: df.loc reads the same rows; they come back from CSV as integers
    numbered = df.set_axis(np.arange(1000, 1000 + len(df))[::-1])
    reg = GDRegressor(**kw).fit(numbered, y.to_numpy().astype(float))
    table = ds.examples(reg)
    assert reg.examples_index_.tolist() == numbered.index.tolist()
    assert np.array_equal(numbered.loc[table["index_label"]].to_numpy(), numbered.iloc[table["index"]].to_numpy())
    back = ExampleTable.from_csv(table.to_csv(tmp_path / "t.csv"))
    assert back["index_label"].dtype.kind == "i" and back["index_label"].tolist() == table["index_label"].tolist()


def test_a_frame_indexed_by_position_or_an_array_adds_no_column():
    df, y = _frame()
    kw = dict(track_examples=True, max_epochs=2, batch_size=16, random_state=0)
    for X in (df.reset_index(drop=True), df.to_numpy()):
        clf = GDClassifier(**kw).fit(X, y.to_numpy())
        assert clf.examples_index_ is None and "index_label" not in ds.examples(clf).columns
