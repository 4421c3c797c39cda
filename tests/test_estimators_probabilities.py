"""GDClassifier's predict_proba, predict, predict_log_proba and decision_function agree with each
other and with the labels given, for three classes and for two."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_iris

from _estimators import quiet
from descend.estimators import GDClassifier


def test_probabilities_labels_and_log_proba():
    X, y = load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = quiet(GDClassifier(lr=0.05, max_epochs=30, random_state=0).fit, X, labels)
    proba = clf.predict_proba(X)
    assert proba.shape == (150, 3)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert_array_equal(clf.classes_, ["setosa", "versicolor", "virginica"])
    assert_array_equal(clf.predict(X), clf.classes_[proba.argmax(axis=1)])
    assert_allclose(clf.predict_log_proba(X), np.log(proba), atol=1e-10)
    binary = quiet(GDClassifier(lr=0.05, max_epochs=10, random_state=0).fit, X, y == 2)
    assert binary.predict_proba(X).shape == (150, 2)
    assert_allclose(binary.predict_proba(X).sum(axis=1), 1.0)
    assert binary.decision_function(X).shape == (150,)
