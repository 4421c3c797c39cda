"""``GDClassifier.partial_fit``'s ``classes``: a 1-D array-like of labels, as scikit-learn's
own ``partial_fit`` estimators require; a string or a nested list is refused by name, not
read as characters or flattened."""

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
