"""Estimators: ``descend.tune`` by cross-validation, and scikit-learn's own searches."""

from __future__ import annotations

import numpy as np
import optuna
import pytest
from sklearn.base import clone
from sklearn.datasets import load_diabetes, load_iris
from sklearn.model_selection import KFold, RandomizedSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import descend as ds
from descend.tune import CrossValidated, Space


@pytest.mark.slow
def test_tune_an_estimator_by_cross_validation():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    result = ds.tune(
        ds.GDClassifier(max_epochs=15, random_state=0),
        X,
        y,
        cv=3,
        space={"lr": {"low": 1e-3, "high": 0.3, "log": True}, "hidden_layer_sizes": [[], [8]]},
        trials=3,
        pruner="none",
        progress=False,
    )
    assert result.study.direction == optuna.study.StudyDirection.MAXIMIZE
    assert 0.5 < result.best_value <= 1.0  # mean accuracy over the folds
    assert set(result.best_settings) == {"lr", "hidden_layer_sizes"}
    best = clone(ds.GDClassifier(max_epochs=15, random_state=0)).set_params(**result.best_settings)
    assert best.fit(X, y).n_iter_ <= 15  # the searched parameters set on the estimator searched


def test_an_estimator_parameter_the_estimator_lacks_is_refused():
    X, y = load_iris(return_X_y=True)
    try:
        ds.tune(ds.GDClassifier(), X, y, space={"momentum": [0.9]}, trials=1, progress=False)
    except ValueError as err:
        assert "space: unknown setting 'momentum'" in str(err) and "hidden_layer_sizes" in str(err)
    else:
        raise AssertionError("momentum is no parameter of GDClassifier")


@pytest.mark.slow
def test_gd_regressor_in_randomized_search_cv():
    X, y = load_diabetes(return_X_y=True)
    y = (y - y.mean()) / y.std()
    pipe = make_pipeline(StandardScaler(), ds.GDRegressor(max_epochs=20, random_state=0))
    search = RandomizedSearchCV(
        pipe, {"gdregressor__lr": [1e-4, 1e-2, 5e-2], "gdregressor__alpha": [0.0, 1e-3]}, n_iter=3, cv=3, random_state=0
    )
    search.fit(X, y)
    assert search.best_params_["gdregressor__lr"] > 1e-4  # the slow rate does not win
    assert np.isfinite(search.best_score_) and search.best_score_ > 0.3


@pytest.mark.parametrize(
    ("model", "args", "kwargs", "message"),
    [
        # was TypeError: 'NoneType' object is not subscriptable, from the first fold
        (ds.GDClassifier(), ("X",), {}, r"^a study of an estimator \(GDClassifier\) needs X and y: "),
        # were silently ignored
        (ds.GDClassifier(), ("X", "y"), {"metric": "val_accuracy"}, r"^metric='val_accuracy': the trials of an"),
        (ds.GDClassifier(), ("X", "y"), {"epochs": 5}, r"^epochs=5: train's settings do not apply to an estimator"),
        ("softmax", ("iris",), {"cv": 3}, r"^cv and scoring are for a study of an estimator"),
        ("softmax", ("iris",), {"scoring": "accuracy"}, r"^cv and scoring are for a study of an estimator"),
        # was "data must be a pair (X, y) ..., got ndarray array([[...": y not named
        ("softmax", ("X", "y"), {}, r"^y is for a study of an estimator \(descend.tune\(estimator, X, y\)\); a train"),
    ],
)
def test_the_arguments_of_the_other_kind_of_study_are_one_clear_error(model, args, kwargs, message):
    X, y = load_iris(return_X_y=True)
    data = {"X": X, "y": y, "iris": "iris"}
    with pytest.raises(ValueError, match=message):
        ds.tune(model, *[data[a] for a in args], space={"lr": [0.01, 0.1]}, trials=1, progress=False, **kwargs)


@pytest.mark.parametrize(("optimizer", "first"), [("lbfgs", 128), ("adam", 32)])
def test_the_search_starts_at_the_batch_the_estimator_fits_with(optimizer, first):
    # batch_size="default" is the full batch for lbfgs (a rule of full-batch gradients: the
    # space's largest batch, as for train's), 32 else
    X, y = load_iris(return_X_y=True)
    estimator = ds.GDClassifier(optimizer=optimizer, max_epochs=2, random_state=0)
    result = ds.tune(estimator, X, y, cv=2, space={"batch_size": [16, 32, 128]}, trials=1, progress=False)
    assert result.study.trials[0].user_attrs["at_defaults"]
    assert result.best_settings == {"batch_size": first}


def test_a_full_batch_in_an_estimators_space_is_batch_size_none():
    # the space takes "full" as a train study's does; for the estimator it is batch_size=None
    X, y = load_iris(return_X_y=True)
    space = {"batch_size": [32, "full"]}
    objective = CrossValidated(ds.GDClassifier(), X, y, Space.parse(space, ["batch_size"]), cv=2)
    assert objective.config({"batch_size": "full"}) == {"batch_size": None}
    # lbfgs's default batch is the full one: the first trial takes it, and completes
    estimator = ds.GDClassifier(optimizer="lbfgs", lr=1.0, max_epochs=2, random_state=0)
    (trial,) = ds.tune(estimator, X, y, cv=2, space=space, trials=1, progress=False).study.trials
    assert trial.params == {"batch_size": "full"} and trial.state == optuna.trial.TrialState.COMPLETE


@pytest.mark.parametrize(
    ("space", "message"),
    [
        ({"alpha": {"low": -1, "high": 1}}, "space: alpha: low -1.0 cannot be fitted: The 'alpha' parameter"),
        ({"activation": ["rlu", "tanh"]}, "space: activation: choice 'rlu' cannot be fitted: .* Did you mean 'relu'"),
        ({"hidden_layer_sizes": [[0], [8]]}, r"space: hidden_layer_sizes: choice \[0\] cannot be fitted: .*positive"),
        ({"max_epochs": {"low": 1.0, "high": 3.0}}, "space: max_epochs: low 1.0 cannot be fitted: .* must be an int"),
        # was a trial that failed inside its first step ("SparseAdam does not support dense gradients")
        (
            {"optimizer": ["adam", "sparse_adam"]},
            "space: optimizer: choice 'sparse_adam' cannot be fitted: .*SparseAdam takes sparse gradients only",
        ),
    ],
)
def test_a_value_the_estimator_refuses_is_one_error_before_any_trial(tmp_path, space, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=message):
        ds.tune(ds.GDClassifier(max_epochs=2), X, y, cv=2, space=space, trials=2, out=tmp_path / "s", progress=False)
    assert not (tmp_path / "s").exists()


def test_the_default_space_of_a_full_batch_estimator_leaves_the_batch_out():
    X, y = load_iris(return_X_y=True)
    estimator = ds.GDClassifier(optimizer="lbfgs", max_epochs=2, random_state=0)
    (trial,) = ds.tune(estimator, X, y, cv=2, trials=1, progress=False).study.trials
    assert set(trial.params) == {"lr", "alpha"}  # no mini-batches for L-BFGS; was also batch_size


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cv": 1}, r"cv=1: k-fold cross-validation requires at least one train/test split"),
        ({"cv": 200}, r"cv=200: Cannot have number of splits n_splits=200 greater than the number of samples"),
        ({"scoring": "acuracy"}, r"scoring='acuracy': not a scikit-learn scorer. Did you mean 'accuracy'\? Known: "),
        # A list of several was read as folds given: "invalid literal for int() with base 10: 'a'" after the check.
        (
            {"scoring": ["accuracy", "f1"]},
            r"^scoring=\['accuracy', 'f1'\]: a study ranks its trials by one score; give a scikit-learn scorer's "
            r"name \(a string\), a callable scorer\(estimator, X, y\) or None \(the estimator's own score\)$",
        ),
        ({"scoring": {"acc": "accuracy"}}, r"^scoring=\{'acc': 'accuracy'\}: a study ranks its trials by one score"),
    ],
)
def test_a_bad_cv_or_scoring_is_one_error_naming_it_before_the_study(tmp_path, kwargs, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=message):
        ds.tune(ds.GDClassifier(max_epochs=2), X, y, space={"lr": [0.01, 0.1]}, trials=1, out=tmp_path / "s", **kwargs)
    assert not (tmp_path / "s").exists()


def test_the_default_space_leaves_the_parameters_set_on_the_estimator_fixed():
    # as a train study's default space leaves out what its settings fix: lr and batch_size set
    # on the estimator were searched over, the user's values lost
    X, y = load_iris(return_X_y=True)
    estimator = ds.GDClassifier(lr=0.05, batch_size=None, max_epochs=2, random_state=0)
    result = ds.tune(estimator, X, y, cv=2, trials=2, progress=False)
    assert all(set(t.params) == {"alpha"} for t in result.study.trials)
    assert set(result.best_settings) == {"alpha"}


def test_splits_given_as_a_generator_are_left_whole_for_the_trials():
    X, y = load_iris(return_X_y=True)
    splits = KFold(2, shuffle=True, random_state=0).split(X)  # read once
    result = ds.tune(
        ds.GDClassifier(max_epochs=2), X, y, cv=splits, space={"lr": [0.01, 0.1]}, trials=1, progress=False
    )
    assert 0 <= result.best_value <= 1


def test_a_study_of_an_estimator_without_random_state_is_reproducible():
    """Each fold's fit of GDClassifier(random_state=None) started from new random weights: the
    same study run twice drew other values (iris, the defaults trial: 0.387 and 0.180), trials
    differed by chance as well as by their parameters, and best_settings did not rebuild the
    best trial's estimator. Now the study's seed is its random_state."""
    X, y = load_iris(return_X_y=True)
    space = {"lr": {"low": 1e-3, "high": 0.1, "log": True}}
    runs = [
        ds.tune(ds.GDClassifier(max_epochs=3), X, y, space=space, cv=2, trials=3, seed=5, progress=False)
        for _ in range(2)
    ]
    assert [t.value for t in runs[0].study.trials] == [t.value for t in runs[1].study.trials]
    best = runs[0].best_settings
    assert best["random_state"] == 5
    again = clone(ds.GDClassifier(max_epochs=3)).set_params(**best)
    assert cross_val_score(again, X, y, cv=2).mean() == pytest.approx(runs[0].best_value)


@pytest.mark.parametrize(
    ("cv", "options", "choices"),
    [
        (2, {}, (16, 32, 64, "full")),  # folds of 75 rows: 128 fits full-batch (and warns so); was 16 .. 128
        (2, {"early_stopping": True, "validation_fraction": 0.2}, (16, 32, "full")),  # 15 of 75 held out: 60
        (10, {}, (16, 32, 64, 128)),  # folds of 135 rows: every size fits
    ],
)
def test_an_estimators_default_space_searches_batches_under_a_folds_rows_and_one_full_batch(cv, options, choices):
    X, y = load_iris(return_X_y=True)
    estimator = ds.GDClassifier(max_epochs=2, random_state=0, **options)
    result = ds.tune(estimator, X, y, cv=cv, trials=1, progress=False)
    assert result.study.trials[0].distributions["batch_size"].choices == choices
