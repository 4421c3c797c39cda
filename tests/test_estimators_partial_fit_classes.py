"""``GDClassifier.partial_fit``'s ``classes``: a 1-D array-like of labels, as scikit-learn's
own ``partial_fit`` estimators require; a string or a nested list is refused by name, not
read as characters or flattened; fewer than two distinct labels, or labels of kinds that do
not sort together, are refused with the labels shown as plain values. A later call's label or
classes outside ``classes_`` is refused saying where those came from: fit's y or the first
partial_fit's classes."""

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


def test_a_label_outside_the_classes_says_where_the_classes_came_from():
    # after fit it said "(given on the first partial_fit)", though no partial_fit had given any
    fitted = GDClassifier(max_epochs=2, random_state=0).fit(X, y)
    with pytest.raises(ValueError) as info:
        fitted.partial_fit(X[:2], ["w", "x"])
    assert str(info.value) == (
        "y holds labels ['w'] that are not in classes ['x', 'y', 'z'] (from fit's y), the outputs partial_fit "
        "trains; to train on them, fit on y holding every label, or give every label as classes= on a new "
        "estimator's first partial_fit."
    )
    streamed = GDClassifier(random_state=0).partial_fit(X, y, classes=["x", "y", "z"])
    with pytest.raises(
        ValueError, match=r"not in classes \['x', 'y', 'z'\] \(given as classes= on the first partial_fit\)"
    ):
        streamed.partial_fit(X[:2], ["w", "x"])
    # a fit after partial_fit sets the classes anew: from its y
    refitted = streamed.fit(X, y)
    with pytest.raises(ValueError, match=r"not in classes \['x', 'y', 'z'\] \(from fit's y\)"):
        refitted.partial_fit(X[:2], ["w", "x"])


@pytest.mark.parametrize("first", ["fit", "partial_fit"])
def test_other_classes_on_a_later_partial_fit_name_both_and_where_they_came_from(first):
    # was "`classes=['w', 'x']` is not the same as on last call to partial_fit, was: array([...])", after fit too
    clf = GDClassifier(max_epochs=2, random_state=0)
    clf.fit(X, y) if first == "fit" else clf.partial_fit(X, y, classes=["x", "y", "z"])
    source = "from fit's y" if first == "fit" else "given as classes= on the first partial_fit"
    with pytest.raises(ValueError) as info:
        clf.partial_fit(X, y, classes=["w", "x"])
    assert str(info.value) == (
        f"classes=['w', 'x'] is not the classes ['x', 'y', 'z'] the estimator trains on ({source}); give those, "
        "or none (classes=None), to go on training, or fit a new estimator to train on others."
    )
