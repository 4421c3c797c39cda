"""``GDClassifier.partial_fit``'s ``classes``: a 1-D array-like of labels, as scikit-learn's
own ``partial_fit`` estimators require; a string or a nested list is refused by name, not
read as characters or flattened; fewer than two distinct labels, or labels of kinds that do
not sort together, are refused with the labels shown as plain values."""

import numpy as np
import pytest

from descend import GDClassifier

X = np.array([[0.0], [1.0], [2.0], [3.0]])
y = np.array(["x", "y", "z", "x"])


@pytest.mark.parametrize("classes", ["xyz", [["x", "y", "z"]], np.array("x")])
def test_classes_that_are_not_a_1d_array_like_are_refused_by_value(classes):
    clf = GDClassifier(random_state=0)
    with pytest.raises(ValueError, match=r"classes must be a 1-D array-like of every label y may hold") as info:
        clf.partial_fit(X, y, classes=classes)
    assert f"got classes={classes!r}" in str(info.value)
    assert not hasattr(clf, "classes_")  # refused before anything was set


@pytest.mark.parametrize("classes, shown", [(np.array([1]), "[1]"), (np.array(["a", "a"]), "['a', 'a']")])
def test_fewer_than_two_distinct_classes_are_shown_as_plain_values(classes, shown):
    clf = GDClassifier(random_state=0)
    with pytest.raises(ValueError) as info:
        clf.partial_fit(X[:2], classes[:1].repeat(2), classes=classes)
    assert str(info.value) == f"GDClassifier needs at least 2 distinct classes, got classes={shown}."
    assert not hasattr(clf, "classes_")


def test_labels_that_do_not_sort_together_are_refused_naming_one_of_each_kind():
    with pytest.raises(ValueError) as info:
        GDClassifier().partial_fit(X, [0, 1, 0, 1], classes=[0, 1, None])
    assert str(info.value) == (
        "classes must hold labels of one kind that sort together (all numbers or all strings); "
        "it mixes 0 (int), None (NoneType)."
    )
    with pytest.raises(ValueError, match=r"^y must hold labels of one kind .* it mixes 'a' \(str\), 1 \(int\)\.$"):
        GDClassifier().fit(X, np.array(["a", 1, "a", 2], dtype=object))
