"""GDRegressor and GDClassifier: scikit-learn's estimator checks, and numbers."""

from __future__ import annotations

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from descend.estimators import GDClassifier, GDRegressor, _expected_failed_checks

CHECKED = [
    GDRegressor(lr=0.1, batch_size=None, max_epochs=20),
    GDClassifier(lr=0.1, batch_size=None, max_epochs=20),
    GDRegressor(hidden_layer_sizes=(8,), lr=0.02, batch_size=8, max_epochs=20),
    GDClassifier(hidden_layer_sizes=(8,), lr=0.02, batch_size=8, max_epochs=20),
]


@parametrize_with_checks(CHECKED, expected_failed_checks=_expected_failed_checks,
                         xfail_strict=True)
def test_sklearn_compatible(estimator, check):
    check(estimator)
