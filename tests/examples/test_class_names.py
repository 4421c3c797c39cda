"""A classifier's own labels in the per-example tables and pictures: a ``GDClassifier`` fitted on
text (or any non 0..k-1) labels shows them, not their positions in ``classes_``."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from sklearn.datasets import load_iris

import descend as ds
from descend import GDClassifier
from descend.plots import class_loss_curves, example_gallery
from descend.training import ExampleRecord

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def fitted():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = GDClassifier(lr=0.1, batch_size=None, max_epochs=12, random_state=0, track_examples=True)
    return clf.fit(X, names), X


def test_the_table_shows_the_estimators_labels(fitted):
    clf, _ = fitted
    table = ds.examples(clf)
    assert table.classes == ("setosa", "versicolor", "virginica")
    shown = repr(table.top(3))
    assert "versicolor" in shown or "virginica" in shown
    assert set(table["label"]) == {"setosa", "versicolor", "virginica"}  # the classes' own values
    assert table.positions("label").dtype.kind == "i"  # and their positions, the model's indices


def test_label_issues_and_pictures_show_them_too(fitted):
    clf, X = fitted
    issues = ds.find_label_issues(clf)
    assert issues.classes == ("setosa", "versicolor", "virginica")
    legend = [line.get_label() for line in class_loss_curves(clf).axes[0].get_lines()]
    assert legend == ["setosa (50)", "versicolor (50)", "virginica (50)"]
    titles = [ax.get_title() for ax in example_gallery(clf, np.zeros((150, 64)), k=2).axes]
    assert all("setosa" in t or "versicolor" in t or "virginica" in t for t in titles)


def test_the_names_survive_a_save(tmp_path, fitted):
    clf, _ = fitted
    back = ExampleRecord.load(clf.examples_record_.save(tmp_path / "examples.npz"))
    assert back.class_names == ("setosa", "versicolor", "virginica")
    assert back.equals(clf.examples_record_)


def test_names_must_name_each_class():
    with pytest.raises(ValueError, match="class_names must name each of the 2 classes"):
        ExampleRecord.from_arrays(
            task="classification", labels=[0, 1], epochs=[0], loss=[[0.1, 0.2]], p_label=[[0.9, 0.8]],
            margin=[[1.0, 1.0]], predicted=[[0, 1]], class_names=["a", "b", "c"],
        )  # fmt: skip


def test_a_dataframe_heads_the_gallery_with_its_column_names(fitted):
    pd = pytest.importorskip("pandas")
    clf, X = fitted
    frame = pd.DataFrame(X, columns=["sepal length", "sepal width", "petal length", "petal width"])
    fig = example_gallery(clf, frame, k=2)
    cells = fig.axes[0].tables[0].get_celld()
    header = [cells[0, j].get_text().get_text() for j in range(len(cells) // 3)]
    assert "sepal length" in header and "x0" not in header


def test_a_csv_runs_text_labels_name_its_classes_in_the_folders_record(tmp_path):
    rng = np.random.default_rng(0)
    height = rng.normal(170, 10, 60)
    rows = ["height,species", *(f"{h:.1f},{'tall' if h > 170 else 'short'}" for h in height)]
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n")
    ds.train("mlp", str(tmp_path / "people.csv"), target="species", epochs=2, batch_size=16, seed=0,
             progress=False, log_dir=tmp_path / "run", track_examples=True)  # fmt: skip
    table = ds.examples(tmp_path / "run")
    assert table.classes == ("short", "tall")
    assert "tall" in repr(table) and ds.find_label_issues(tmp_path / "run").classes == ("short", "tall")


def test_a_pipeline_or_a_search_is_read_through_its_gdclassifier():
    """A fitted Pipeline or GridSearchCV was told "this Pipeline is not fitted yet: call fit first"."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_iris(return_X_y=True)
    clf = GDClassifier(lr=0.1, batch_size=None, max_epochs=3, random_state=0, track_examples=True)
    pipe = make_pipeline(StandardScaler(), clf).fit(X, y)
    assert ds.examples(pipe)["index"].tolist() == list(range(150))
    search = GridSearchCV(clf, {"alpha": [0.0, 0.01]}, cv=2).fit(X, y)
    assert len(ds.find_label_issues(search).columns) > 0
    with pytest.raises(ValueError, match=r"^this GDClassifier is not fitted yet: call fit first"):
        ds.examples(make_pipeline(StandardScaler(), GDClassifier()))
    with pytest.raises(ValueError, match=r"^a LogisticRegression keeps no per-example record: descend\.examples reads"):
        ds.examples(LogisticRegression().fit(X, y))
