"""The estimators in scikit-learn's tools: pipelines, TransformedTargetRegressor and cross_val_score,
GridSearchCV over lr, hidden layers and schedule, get_params / set_params / clone."""

from __future__ import annotations

import warnings

import pytest
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _estimators import quiet
from descend import schedules
from descend.estimators import GDClassifier, GDRegressor


def test_pipeline_on_iris_and_diabetes():
    X, y = load_iris(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)
    clf = make_pipeline(StandardScaler(), GDClassifier(lr=0.05, max_epochs=100, random_state=0))
    assert quiet(clf.fit, X_tr, y_tr).score(X_te, y_te) > 0.9

    X, y = load_diabetes(return_X_y=True)
    reg = TransformedTargetRegressor(  # standardized targets: tol means the same everywhere
        make_pipeline(StandardScaler(), GDRegressor(lr=0.01, max_epochs=100, random_state=0)),
        transformer=StandardScaler(),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        r2 = cross_val_score(reg, X, y, cv=5)
    assert r2.mean() > 0.45  # LinearRegression: 0.48


@pytest.mark.slow
def test_grid_search_over_lr_and_hidden_layers():
    X, y = load_iris(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), GDClassifier(batch_size=None, max_epochs=150, random_state=0))
    grid = GridSearchCV(pipe, {"gdclassifier__lr": [1e-4, 0.05], "gdclassifier__hidden_layer_sizes": [(), (16,)]}, cv=3)
    quiet(grid.fit, X, y)
    assert grid.best_params_["gdclassifier__lr"] == 0.05
    assert grid.best_score_ > 0.9
    assert grid.score(X, y) > 0.9


@pytest.mark.slow
def test_new_parameters_in_get_set_params_clone_and_grid_search():
    cosine = schedules.cosine(0.05, total_steps=100)
    clf = GDClassifier(lr="auto", schedule=cosine)
    assert clf.get_params()["lr"] == "auto" and clf.get_params()["schedule"] is cosine
    copy = clone(clf)
    assert copy.lr == "auto" and repr(copy.schedule) == repr(cosine)
    assert clf.set_params(schedule="onecycle", lr=0.1).get_params()["schedule"] == "onecycle"
    X, y = load_iris(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), GDClassifier(batch_size=None, max_epochs=100, random_state=0))
    grid = GridSearchCV(pipe, {"gdclassifier__lr": ["auto", 1e-4], "gdclassifier__schedule": [None, "cosine"]}, cv=3)
    quiet(grid.fit, X, y)
    assert grid.best_params_["gdclassifier__lr"] == "auto" and grid.best_score_ > 0.9
