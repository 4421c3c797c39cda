"""GDRegressor and GDClassifier reach the known solutions: least squares (one target and several),
ridge for alpha, unpenalized and penalized logistic regression; mini-batch Adam gets close with
every regression loss."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, Ridge

from _estimators import linear_problem, quiet
from descend.estimators import GDClassifier, GDRegressor


def lstsq(X, y):
    sol = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)[0]
    return sol[:-1].T, sol[-1]


def test_linear_gd_reaches_least_squares_solution():
    X, y = linear_problem()
    reg = GDRegressor(optimizer="gd", lr=0.3, batch_size=None, max_epochs=500, tol=0, random_state=0).fit(X, y)
    coef, intercept = lstsq(X, y)
    assert reg.coef_.shape == (5,) and isinstance(reg.intercept_, float)
    assert_allclose(reg.coef_, coef, atol=1e-4)
    assert reg.intercept_ == pytest.approx(intercept, abs=1e-4)
    assert reg.history_.converged and reg.n_iter_ < 500
    assert reg.score(X, y) > 0.99


def test_multi_output_regression_matches_least_squares():
    X, y = linear_problem(n_targets=3)
    reg = GDRegressor(optimizer="gd", lr=0.3, batch_size=None, max_epochs=500, tol=0, random_state=0).fit(X, y)
    coef, intercept = lstsq(X, y)
    assert reg.coef_.shape == (3, 5) and reg.intercept_.shape == (3,)
    assert reg.predict(X).shape == (200, 3)
    assert_allclose(reg.coef_, coef, atol=1e-4)
    assert_allclose(reg.intercept_, intercept, atol=1e-4)


def test_alpha_is_ridge_with_alpha_scaled_by_n():
    # mean squared error + alpha/2 ||w||^2  ==  (sum of squares + alpha_r ||w||^2) / n
    # for alpha = 2 * alpha_r / n.
    X, y = linear_problem()
    # On raw features and targets (standardized ones are penalised in their own units).
    ridge = Ridge(alpha=10.0).fit(X, y)
    raw = {"scale_features": False, "scale_targets": False}
    reg = GDRegressor(
        optimizer="gd", lr=0.3, batch_size=None, max_epochs=500, tol=0, alpha=2 * 10.0 / len(X), random_state=0, **raw
    ).fit(X, y)
    assert_allclose(reg.coef_, ridge.coef_, atol=1e-6)
    assert reg.intercept_ == pytest.approx(ridge.intercept_, abs=1e-6)


def test_mini_batch_adam_gets_close_and_loss_choices_fit():
    X, y = linear_problem()
    coef, _ = lstsq(X, y)
    for loss in ("mse", "mae", "huber"):
        reg = quiet(GDRegressor(loss=loss, lr=0.05, batch_size=16, max_epochs=100, random_state=0).fit, X, y)
        assert_allclose(reg.coef_, coef, atol=0.1), loss
        assert reg.score(X, y) > 0.99


def test_binary_linear_matches_unpenalized_logistic_regression():
    X, y = make_classification(300, 4, n_informative=3, n_redundant=0, flip_y=0.1, random_state=0)
    ref = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)
    clf = GDClassifier(optimizer="gd", lr=1.0, batch_size=None, max_epochs=2000, tol=0, random_state=0).fit(X, y)
    assert clf.coef_.shape == (1, 4) and clf.intercept_.shape == (1,)
    assert_allclose(clf.coef_, ref.coef_, atol=1e-5)
    assert_allclose(clf.intercept_, ref.intercept_, atol=1e-5)
    assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    assert_array_equal(clf.predict(X), ref.predict(X))
    assert_allclose(clf.decision_function(X), ref.decision_function(X), atol=1e-5)


def test_multiclass_linear_matches_penalized_multinomial_logistic_regression():
    # sklearn: C * sum(log-loss) + ||W||^2 / 2   ==   n C * (mean log-loss + alpha/2 ||W||^2)
    # for alpha = 1 / (C n).
    X, y = make_classification(300, 5, n_informative=4, n_redundant=0, n_classes=3, flip_y=0.1, random_state=0)
    ref = LogisticRegression(C=0.1, tol=1e-10, max_iter=10_000).fit(X, y)
    clf = GDClassifier(
        optimizer="gd",
        lr=1.0,
        batch_size=None,
        max_epochs=2000,
        tol=0,
        alpha=1 / (0.1 * len(X)),
        scale_features=False,  # alpha then penalises the raw features' weights, as LogisticRegression's C
        random_state=0,
    ).fit(X, y)
    assert clf.coef_.shape == (3, 5) and clf.intercept_.shape == (3,)
    assert_allclose(clf.coef_, ref.coef_, atol=1e-5)
    assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-6)
