"""An estimator pickled before the record kept its rows (``rows``, ``n_rows``, ``index_labels``)
and X's index labels (then the estimator's ``examples_index_`` alone): unpickled,
``descend.examples`` raised ``AttributeError: 'ExampleRecord' object has no attribute 'rows'``
(``find_label_issues`` too) and the column ``index_label`` was lost. Now an old pickle gives
the tables it gave, with the column."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import descend as ds
from descend.estimators import GDClassifier

N = 60
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _old_pickle() -> tuple[bytes, pd.DataFrame]:
    """A fitted classifier on a frame indexed by ids, pickled as before: its record without the
    attributes added since."""
    rng = np.random.default_rng(0)
    y = np.arange(N) % 2
    X = pd.DataFrame({"a": y * 2.0 + rng.normal(size=N), "b": rng.normal(size=N)}, index=1000 - 7 * np.arange(N))
    est = GDClassifier(max_epochs=3, track_examples=True, random_state=0).fit(X, y)
    assert est.examples_index_ is not None
    for name in ("rows", "n_rows", "index_labels"):
        del est.examples_record_.__dict__[name]
    return pickle.dumps(est), X


def test_an_old_pickled_record_gives_every_example_in_order():
    record = pickle.loads(_old_pickle()[0]).examples_record_
    assert record.rows is None and record.n_rows == N


def test_an_old_pickled_estimator_gives_its_tables_with_index_labels():
    data, X = _old_pickle()
    est = pickle.loads(data)
    table = ds.examples(est)
    assert table.columns[:2] == ["index", "index_label"] and len(table) == N
    assert np.array_equal(X.index[table["index"]], table["index_label"])
    issues = ds.find_label_issues(est)
    assert "index_label" in issues.columns
