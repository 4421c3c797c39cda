"""The label columns meant positions into ``classes_`` in Python (``iss["label"]``,
``iss["suggested"]``, ``table["predicted"]``) but class names in the printed table and the CSV
files: on ``y = np.array([3, 5, 7])[y_iris]`` the list gave ``label [0 0 2]``, ``suggested
[2 2 0]`` and printed 3 and 7, so ``y[iss.indices] = iss["suggested"]`` wrote classes 0 and 2 into
a y of 3, 5 and 7; ``ExampleTable.from_csv`` turned ``label`` from ``[0 ...]`` into ``[3 ...]``;
``rows(named=True)`` gave ``'3'``, text. Now every label column gives the classes' own values,
as ``predict`` does, in Python, printed and in CSV alike."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris

import descend as ds
from descend import GDClassifier
from descend.examples import ExampleTable, LabelIssues
from descend.training import ExampleRecord

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _flipped(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X, y = load_iris(return_X_y=True)
    y = values[y]
    rng = np.random.default_rng(0)
    flipped = rng.choice(len(y), 10, replace=False)
    clean = y.copy()
    y[flipped] = values[(np.searchsorted(values, y[flipped]) + 1) % 3]
    return X, y, clean


@pytest.fixture(scope="module")
def integer_classes():
    X, y, clean = _flipped(np.array([3, 5, 7]))
    clf = GDClassifier(hidden_layer_sizes=(16,), lr=0.03, max_epochs=30, tol=0, track_examples=True, random_state=0)
    return clf.fit(X, y), y, clean


def test_the_label_columns_are_the_users_classes(integer_classes):
    clf, y, _ = integer_classes
    issues = ds.find_label_issues(clf)
    assert len(issues) > 0
    assert issues["label"].tolist() == y[issues.indices].tolist()  # the labels the user gave
    assert issues["label"].dtype.kind == "i" and set(issues["suggested"]) <= {3, 5, 7}
    table = ds.examples(clf)
    assert table["label"].tolist() == y.tolist() and set(table["predicted"]) <= {3, 5, 7}
    assert table.positions("label").tolist() == np.searchsorted(clf.classes_, y).tolist()  # the model's indices


def test_the_suggested_labels_assign_back_into_y(integer_classes):
    clf, y, clean = integer_classes
    issues = ds.find_label_issues(clf)
    relabelled = y.copy()
    relabelled[issues.indices] = issues["suggested"]
    assert set(relabelled) == {3, 5, 7}
    assert (relabelled == clean).sum() > (y == clean).sum()  # the suggestions mend flips


def test_python_the_printout_and_the_csv_agree(integer_classes, tmp_path):
    clf, _, _ = integer_classes
    issues = ds.find_label_issues(clf)
    first = repr(issues).splitlines()[2].split()
    header = repr(issues).splitlines()[1].split()
    assert int(first[header.index("label")]) == issues["label"][0]
    assert issues.columns[-1] == "suggested" and int(first[-1]) == issues["suggested"][0]  # region has spaces
    row = issues.rows(named=True)[0]
    assert row["label"] == issues["label"][0] and isinstance(row["label"], int)  # 3, not '3'
    assert issues.rows()[0] == row
    back = LabelIssues.from_csv(issues.to_csv(tmp_path / "label_issues.csv"))
    for name in ("label", "predicted", "suggested"):
        assert back[name].tolist() == issues[name].tolist() and back[name].dtype.kind == "i", name
    table = ds.examples(clf)
    back = ExampleTable.from_csv(table.to_csv(tmp_path / "examples.csv"))
    assert back["label"].tolist() == table["label"].tolist() and back.rows()[0] == table.rows()[0]


def test_text_and_negative_classes_round_trip(tmp_path):
    for classes in (["cat", "dog"], [-1, 1], [0.5, 2.5]):
        table = ExampleTable(
            {"index": [0, 1, 2], "label": [1, 0, 1], "suggested": [0, -1, 1]}, task="classification", classes=classes
        )
        assert table["label"].tolist() == [classes[1], classes[0], classes[1]]
        assert table["suggested"].tolist() == [classes[0], None, classes[1]]  # None: no class suggested
        back = ExampleTable.from_csv(table.to_csv(tmp_path / "t.csv"))
        assert back.classes == tuple(classes), classes
        for name in ("label", "suggested"):
            assert back[name].tolist() == table[name].tolist(), (classes, name)
        assert "  -" in repr(table).splitlines()[3]  # printed: no class


def test_a_records_classes_keep_their_dtype_through_a_save(integer_classes, tmp_path):
    clf, _, _ = integer_classes
    record = clf.examples_record_
    assert record.class_names == (3, 5, 7)
    back = ExampleRecord.load(record.save(tmp_path / "examples.npz"))
    assert back.class_names == (3, 5, 7) and back.equals(record)
    assert ds.examples(back)["label"].dtype.kind == "i"


def test_an_estimator_pickled_with_text_class_names_gives_its_classes_values(integer_classes):
    import pickle

    clf, y, _ = integer_classes
    old = pickle.loads(pickle.dumps(clf))
    old.examples_record_.class_names = ("3", "5", "7")  # as a record kept them before session 41
    assert ds.examples(old)["label"].tolist() == y.tolist()
    assert ds.find_label_issues(old)["label"].dtype.kind == "i"


def test_positions_name_the_label_columns():
    table = ExampleTable({"index": [0], "label": [1], "aum": [0.5]}, task="classification", classes=["a", "b"])
    with pytest.raises(KeyError, match=r"positions are of a label column, one of label; got 'aum'"):
        table.positions("aum")


def test_a_table_of_integer_classes_reads_back_with_its_positions_given_the_classes(tmp_path):
    """Was: integer cells were read back as their own positions with classes None, so an
    estimator's table of classes [3, 7] came back with positions [7, 3, 7] (a gallery given
    classes_ refused it) and no class as -1; a CSV file does not hold the classes, so
    from_csv takes them."""
    table = ExampleTable(
        {"index": [0, 1, 2], "label": [1, 0, 1], "suggested": [0, -1, 1]}, task="classification", classes=[3, 7]
    )
    back = ExampleTable.from_csv(table.to_csv(tmp_path / "examples.csv"), classes=[3, 7])
    assert back.classes == (3, 7)
    assert back.positions("label").tolist() == [1, 0, 1] and back["label"].tolist() == [7, 3, 7]
    assert back["suggested"].tolist() == [3, None, 7]
    issues = LabelIssues.from_csv(table.to_csv(tmp_path / "label_issues.csv"), classes=np.array([3, 7]))
    assert issues.positions("suggested").tolist() == [0, -1, 1]
    with pytest.raises(ValueError, match=r"holds labels 7 that are not among classes=\[3, 5\]"):
        ExampleTable.from_csv(tmp_path / "examples.csv", classes=[3, 5])
