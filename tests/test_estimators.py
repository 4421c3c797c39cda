"""GDRegressor and GDClassifier: scikit-learn's own estimator checks, and numbers."""

from __future__ import annotations

import math
import pickle
import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

import descend.estimators as est
from descend import optim, schedules
from descend.estimators import GDClassifier, GDRegressor
from descend.estimators.base import expected_failed_checks as _expected_failed_checks
from descend.training import pilots

# Small, fast instances: full batch (the checks' sample-weight equivalence holds exactly) and
# mini-batch MLPs (the only expected failures: sample-weight equivalence, by stochasticity).
CHECKED = [
    GDRegressor(lr=0.1, batch_size=None, max_epochs=20),
    GDClassifier(lr=0.1, batch_size=None, max_epochs=20),
    GDRegressor(hidden_layer_sizes=(8,), lr=0.02, batch_size=8, max_epochs=20),
    GDClassifier(hidden_layer_sizes=(8,), lr=0.02, batch_size=8, max_epochs=20),
    GDRegressor(lr="auto", schedule="cosine", batch_size=None, max_epochs=50),
    GDClassifier(lr="auto", schedule="onecycle", batch_size=None, max_epochs=50),
    GDClassifier(optimizer="lbfgs", lr=1.0, max_epochs=20),  # batch_size="default": the full batch
]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(CHECKED, expected_failed_checks=_expected_failed_checks, xfail_strict=True)
@pytest.mark.slow
def test_sklearn_compatible(estimator, check, monkeypatch):
    # scikit-learn runs its array-API check (NumPy inputs under array_api_dispatch=True)
    # only where SCIPY_ARRAY_API is set; set it for the check rather than skip it.
    monkeypatch.setenv("SCIPY_ARRAY_API", "1")
    check(estimator)


def test_expected_failures_only_for_mini_batches():
    assert _expected_failed_checks(GDRegressor(batch_size=None)) == {}
    assert set(_expected_failed_checks(GDClassifier(batch_size=8))) == {
        "check_sample_weight_equivalence_on_dense_data",
        "check_sample_weight_equivalence_on_sparse_data",
    }


# --- data ---------------------------------------------------------------------------------


def linear_problem(n=200, d=5, n_targets=None, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, d))
    coef = rng.normal(size=(d,) if n_targets is None else (d, n_targets)) * 2
    y = X @ coef + 0.7 + 0.1 * rng.normal(size=(n,) if n_targets is None else (n, n_targets))
    return X, y


def lstsq(X, y):
    sol = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)[0]
    return sol[:-1].T, sol[-1]


def quiet(fit, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit(*args, **kw)


# --- regression: the least-squares / ridge solutions -----------------------------------------


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
    ridge = Ridge(alpha=10.0).fit(X, y)
    reg = GDRegressor(
        optimizer="gd", lr=0.3, batch_size=None, max_epochs=500, tol=0, alpha=2 * 10.0 / len(X), random_state=0
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


# --- classification: logistic / softmax regression -------------------------------------------


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
        optimizer="gd", lr=1.0, batch_size=None, max_epochs=2000, tol=0, alpha=1 / (0.1 * len(X)), random_state=0
    ).fit(X, y)
    assert clf.coef_.shape == (3, 5) and clf.intercept_.shape == (3,)
    assert_allclose(clf.coef_, ref.coef_, atol=1e-5)
    assert_allclose(clf.predict_proba(X), ref.predict_proba(X), atol=1e-6)


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


# --- reproducibility, partial_fit, warm_start, early stopping ---------------------------------


def test_same_random_state_gives_identical_weights():
    X, y = load_iris(return_X_y=True)

    def make(seed):
        return GDClassifier(
            hidden_layer_sizes=(8,),
            lr=0.01,
            max_epochs=5,  # noqa: E731
            random_state=seed,
        )

    a, b, c = (quiet(make(s).fit, X, y) for s in (0, 0, 1))
    for pa, pb, _pc in zip(a.model_.parameters(), b.model_.parameters(), c.model_.parameters()):
        assert torch.equal(pa, pb)
    assert not torch.equal(next(a.model_.parameters()), next(c.model_.parameters()))
    # fitting leaves the caller's torch RNG alone
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    quiet(make(0).fit, X, y)
    assert torch.equal(torch.rand(3), expected)


def test_partial_fit_continues_and_lowers_the_loss():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    clf = GDClassifier(lr=0.01, batch_size=16, random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, y)
    for _ in range(8):
        clf.partial_fit(X, y, classes=np.unique(y))
    assert clf.n_iter_ == 8 and clf.t_ == 8 * 150
    curve = clf.loss_curve_
    assert curve[-1] < 0.7 * curve[0] and all(b < a for a, b in zip(curve, curve[1:]))
    assert clf.validation_scores_ is None
    with pytest.raises(ValueError, match=r"labels \[7\] that are not in classes"):
        clf.partial_fit(X[:3], [0, 1, 7])
    # the optimizer's state persists: one partial_fit epoch == one more epoch of a fit
    reg_data = linear_problem()
    a = GDRegressor(optimizer="momentum", lr=0.05, batch_size=None, random_state=0)
    for _ in range(6):
        a.partial_fit(*reg_data)
    b = quiet(
        GDRegressor(
            optimizer="momentum", lr=0.05, batch_size=None, max_epochs=6, tol=0, n_iter_no_change=100, random_state=0
        ).fit,
        *reg_data,
    )
    assert_allclose(a.coef_, b.coef_, rtol=1e-12)


def test_warm_start_continues_from_the_fitted_weights():
    X, y = linear_problem()
    kw = dict(optimizer="gd", lr=0.05, batch_size=None, tol=0, n_iter_no_change=100, random_state=0)
    once = quiet(GDRegressor(max_epochs=20, **kw).fit, X, y)
    twice = GDRegressor(max_epochs=10, warm_start=True, **kw)
    quiet(twice.fit, X, y)
    quiet(twice.fit, X, y)
    assert twice.n_iter_ == 20 and len(twice.loss_curve_) == 20
    assert_allclose(twice.coef_, once.coef_, rtol=1e-12)  # GD is stateless: same path
    assert_allclose(twice.loss_curve_, once.loss_curve_, rtol=1e-12)
    twice.set_params(hidden_layer_sizes=(4,))
    with pytest.raises(ValueError, match=r"hidden_layer_sizes=\(\).*warm_start=False"):
        twice.fit(X, y)


def test_early_stopping_restores_the_best_epoch():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    kw = dict(
        hidden_layer_sizes=(16,),
        lr=0.05,
        batch_size=16,
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=5,
        random_state=0,
    )
    clf = GDClassifier(max_epochs=200, **kw).fit(X, y)
    scores = clf.validation_scores_
    assert clf.history_.converged and clf.n_iter_ < 200 and len(scores) == clf.n_iter_
    assert clf.best_validation_score_ == max(scores) > 0.9
    best = int(np.argmax(scores))
    assert clf.history_.best_epoch == best and clf.n_iter_ - 1 - best >= 5
    assert clf.history_.epochs["val_accuracy"] == scores
    # The same run cut at the best epoch has the same split and shuffles: same weights.
    cut = quiet(GDClassifier(max_epochs=best + 1, **kw).fit, X, y)
    assert_allclose(clf.predict_proba(X), cut.predict_proba(X), rtol=1e-12)


# --- messages --------------------------------------------------------------------------------


def test_max_epochs_warning_says_what_it_saw_and_what_to_change():
    X, y = load_iris(return_X_y=True)
    with pytest.warns(ConvergenceWarning) as record:
        GDClassifier(lr=0.001, batch_size=None, max_epochs=20, random_state=0).fit(X, y)
    msg = str(record[0].message)
    assert re.search(
        r"^GDClassifier stopped at max_epochs=20 before converging: the training "
        r"loss was still falling by \d+\.\d\d% per epoch over the last 5 epochs",
        msg,
    ), msg
    assert "tol=0.0001" in msg and "Increase max_epochs, or raise lr (now 0.001)" in msg


def test_max_epochs_warning_blames_a_large_lr_when_the_loss_rises_or_oscillates():
    X, y = linear_problem()
    with pytest.warns(
        ConvergenceWarning,
        match=r"grew [\d.e+]+-fold over the last 19 epochs "
        r"\(it went up in 19 of them\): lr \(now 1.2\) is probably too large",
    ):
        GDRegressor(optimizer="gd", lr=1.2, batch_size=None, max_epochs=20, n_iter_no_change=50).fit(X, y)
    with pytest.warns(
        ConvergenceWarning,
        match=r"was oscillating: it went up in \d+ of the last "
        r"29 epochs.*lr \(now 1\) may be too large: lower it",
    ):
        GDRegressor(lr=1.0, batch_size=None, max_epochs=30, n_iter_no_change=50, random_state=0).fit(X, y)
    # A rising loss that trips n_iter_no_change is not convergence either.
    with pytest.warns(
        ConvergenceWarning,
        match=r"stopped after n_iter_no_change=5 epochs "
        r"without improving.*did not level off.*lr \(now 1.2\) is probably too",
    ):
        reg = GDRegressor(optimizer="gd", lr=1.2, batch_size=None).fit(X, y)
    assert not reg.history_.converged and reg.n_iter_ == 6


def test_divergence_to_inf_raises_with_advice():
    X, y = linear_problem()
    with pytest.raises(ValueError, match=r"training loss became (inf|nan).*Lower lr"):
        GDRegressor(optimizer="gd", lr=1e6, batch_size=None, max_epochs=20, n_iter_no_change=50).fit(X * 1e3, y)


@pytest.mark.parametrize(
    "params, pattern",
    [
        (dict(lr=-1.0), r"'lr' parameter of GDRegressor must be .*Got -1.0 instead"),
        (
            dict(optimizer="adamm"),
            r"'optimizer' parameter of GDRegressor must be .*'adam'.*"
            r"Got 'adamm' instead",
        ),
        (dict(batch_size=0), r"'batch_size' parameter of GDRegressor must be .*Got 0 instead"),
        (dict(loss="log_loss"), r"'loss' parameter of GDRegressor must be .*Got 'log_loss'"),
        (dict(validation_fraction=1.0), r"'validation_fraction' parameter .*Got 1.0 instead"),
        (dict(activation="swish"), r"'activation' parameter .*Got 'swish' instead"),
        (
            dict(hidden_layer_sizes=(8, 0)),
            r"'hidden_layer_sizes' parameter of GDRegressor must "
            r"hold positive integers.*Got \(8, 0\) instead",
        ),
        (
            dict(lr="fast"),
            r"'lr' parameter of GDRegressor must be a float in the range \(0(\.0)?, "
            r"inf\) or a str among \{'default', 'auto'\}. Got 'fast' instead",
        ),
        (dict(device="gpu0"), r"'device' parameter: device must be .*got 'gpu0'"),
    ],
)
def test_bad_parameters_name_the_parameter_and_value(params, pattern):
    X, y = linear_problem(n=20)
    with pytest.raises(ValueError, match=pattern):
        GDRegressor(**params).fit(X, y)


def test_unfitted_and_shape_errors():
    X, y = load_iris(return_X_y=True)
    clf = GDClassifier()
    for method in (clf.predict, clf.predict_proba, clf.decision_function):
        with pytest.raises(NotFittedError):
            method(X)
    assert not hasattr(clf, "coef_")
    with pytest.raises(ValueError, match="only one class"):
        GDClassifier().fit(X[:50], y[:50])
    mlp = quiet(GDClassifier(hidden_layer_sizes=(4,), max_epochs=2).fit, X, y)
    with pytest.raises(AttributeError, match="linear model only"):
        mlp.coef_  # noqa: B018
    with pytest.raises(ValueError, match="X has 3 features, but GDClassifier is expecting 4"):
        mlp.predict(X[:, :3])


# --- inputs: weights, sparse, dtypes ---------------------------------------------------------


def test_sample_weight_is_repetition_and_zero_is_removal_in_full_batch():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    w = rng.randint(0, 4, size=len(y))
    kw = dict(hidden_layer_sizes=(8,), lr=0.02, batch_size=None, max_epochs=30, random_state=0)
    weighted = quiet(GDClassifier(**kw).fit, X, y, sample_weight=w)
    repeated = quiet(GDClassifier(**kw).fit, np.repeat(X, w, axis=0), np.repeat(y, w))
    assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X), rtol=1e-9)
    assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-9)


def test_sparse_input_equals_dense_and_is_densified_in_chunks(monkeypatch):
    X, y = load_iris(return_X_y=True)
    X[X < 1.5] = 0
    kw = dict(hidden_layer_sizes=(8,), lr=0.02, batch_size=None, max_epochs=10, random_state=0)
    dense = quiet(GDClassifier(**kw).fit, X, y)
    monkeypatch.setattr(est.data, "DENSE_CHUNK", 4 * 7)  # 7 rows of 4 features per piece
    sparse = quiet(GDClassifier(**kw).fit, sp.csr_matrix(X), y)
    assert_allclose(sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), rtol=1e-9)


def test_float32_input_trains_in_float32():
    X, y = linear_problem()
    reg = quiet(GDRegressor(lr=0.05, max_epochs=5, random_state=0).fit, X.astype(np.float32), y)
    assert next(reg.model_.parameters()).dtype == torch.float32
    assert reg.predict(X).dtype == np.float32


def test_history_and_verbose(capsys):
    X, y = linear_problem(n=50)
    reg = quiet(GDRegressor(lr=0.05, max_epochs=3, verbose=True, random_state=0).fit, X, y)
    assert reg.history_.epochs["loss"] == reg.loss_curve_
    assert reg.best_loss_ == min(reg.loss_curve_)
    assert "reached max_epochs=3" in reg.history_.stopped_because
    out = capsys.readouterr().out
    assert re.findall(r"Epoch (\d), loss = ", out) == ["1", "2", "3"]


# --- scikit-learn tools ----------------------------------------------------------------------


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


# --- lr="auto" and schedules -------------------------------------------------------------------


@pytest.mark.slow
def test_lr_auto_fits_breast_cancer_and_diabetes_well():
    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)

    def make():
        return make_pipeline(
            StandardScaler(),
            GDClassifier(  # noqa: E731
                lr="auto", max_epochs=20, random_state=0
            ),
        )

    clf = quiet(make().fit, X_tr, y_tr)
    found = clf[-1].lr_finder_
    assert math.isfinite(clf[-1].lr_) and clf[-1].lr_ == found.suggestion
    assert clf[-1].history_.epochs["lr"][0] == [clf[-1].lr_]
    assert clf.score(X_te, y_te) > 0.95
    assert quiet(make().fit, X_tr, y_tr)[-1].lr_ == clf[-1].lr_  # deterministic from random_state

    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    reg = TransformedTargetRegressor(
        make_pipeline(StandardScaler(), GDRegressor(lr="auto", max_epochs=50, random_state=0)),
        transformer=StandardScaler(),
    )
    quiet(reg.fit, X_tr, y_tr)
    assert math.isfinite(reg.regressor_[-1].lr_)
    assert reg.score(X_te, y_te) > 0.3  # LinearRegression: 0.36 on this split


def _plateau():
    """Constant features: only the bias can move, and centred noisy targets leave it almost
    nothing to gain; the range test's loss never falls by 5% and its ramp never blows up."""
    y = np.random.RandomState(0).normal(size=64) * 10
    return np.zeros((64, 3)), y - y.mean()


def test_lr_auto_on_a_plateau_takes_the_pilots_rate():
    reg = quiet(GDRegressor(lr="auto", max_epochs=2, random_state=0).fit, *_plateau())
    found = reg.lr_finder_
    assert found.steepest_lr is None and "ended without blowing up" in found.rule
    assert reg.lr_ == found.suggestion and reg.lr_ in found.candidates


def test_lr_auto_without_a_suggestion_warns_and_uses_the_default(monkeypatch):
    # On the plateau, pilots made to gain nothing at all leave no suggestion.
    monkeypatch.setattr(pilots, "pilot_loss", lambda *args: 1e9)
    with pytest.warns(
        UserWarning,
        match=r"GDRegressor\(lr='auto'\): the range test gave no "
        r"suggestion \(the loss never fell.*using adam's default",
    ):
        reg = quiet(GDRegressor(lr="auto", max_epochs=2, random_state=0).fit, *_plateau())
    assert reg.lr_ == 1e-3 and reg.lr_finder_.suggestion is None


def _fit_quietly(estimator, X, y):
    return quiet(estimator.fit, X, y)


@pytest.mark.parametrize("batch_size, per_epoch", [(None, 1), (50, 4)])
def test_a_named_schedule_sets_the_lr_of_every_update(batch_size, per_epoch):
    X, y = linear_problem()  # 200 rows
    reg = _fit_quietly(
        GDRegressor(
            optimizer="sgd",
            lr=0.1,
            schedule="Cosine",
            max_epochs=6,
            batch_size=batch_size,
            tol=0,
            n_iter_no_change=100,
            random_state=0,
        ),
        X,
        y,
    )
    expected = schedules.values(schedules.cosine(0.1, total_steps=6 * per_epoch), 6 * per_epoch)
    # the epoch's row holds the rate of its last update
    assert [row[0] for row in reg.history_.epochs["lr"]] == pytest.approx(expected[per_epoch - 1 :: per_epoch])
    assert reg.lr_ == 0.1


def test_every_schedule_name_is_sized_to_the_fit_as_train_sizes_it():
    X, y = linear_problem()
    for name in ("step", "multistep", "exponential"):
        reg = _fit_quietly(
            GDRegressor(
                optimizer="sgd",
                lr=0.1,
                schedule=name,
                max_epochs=8,
                batch_size=50,
                tol=0,
                n_iter_no_change=100,
                random_state=0,
            ),
            X,
            y,
        )
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        expected = schedules.values(schedules.for_run(name, opt, 8 * 4).schedule, 8 * 4)
        assert [row[0] for row in reg.history_.epochs["lr"]] == pytest.approx(expected[3::4])


def test_a_schedule_object_and_a_plateau_drive_the_optimizer():
    X, y = linear_problem()
    decay = schedules.step_decay(0.2, step_size=2, gamma=0.5)
    reg = _fit_quietly(
        GDRegressor(optimizer="gd", schedule=decay, batch_size=None, max_epochs=6, tol=0, n_iter_no_change=100), X, y
    )
    assert [row[0] for row in reg.history_.epochs["lr"]] == schedules.values(decay, 6)
    # plateau: the training loss of a too-large lr rises, so the rate halves after each epoch
    # (patience=0) whose loss is not a new best
    plateau = schedules.plateau(1.5, factor=0.5, patience=0)
    reg = _fit_quietly(
        GDRegressor(optimizer="gd", schedule=plateau, batch_size=None, max_epochs=8, tol=0, n_iter_no_change=100), X, y
    )
    curve, lrs = reg.loss_curve_, [row[0] for row in reg.history_.epochs["lr"]]
    expected = [1.5]
    for e in range(1, 8):
        worse = curve[e - 1] >= min(curve[: e - 1], default=math.inf) - 1e-4 * abs(min(curve[: e - 1], default=0))
        expected.append(expected[-1] * (0.5 if worse else 1.0))
    assert lrs == pytest.approx(expected) and min(lrs) < 1.5
    assert plateau.scale == 1.0  # the user's object is left as it was


def test_partial_fit_continues_the_schedule_also_after_pickling():
    X, y = linear_problem()
    kw = dict(optimizer="sgd", lr=0.1, schedule="cosine", batch_size=None, max_epochs=8, random_state=0)
    reg = GDRegressor(**kw)
    for _ in range(3):
        reg.partial_fit(X, y)
    reg = pickle.loads(pickle.dumps(reg))
    for _ in range(3):
        reg.partial_fit(X, y)
    assert [row[0] for row in reg.history_.epochs["lr"]] == pytest.approx(
        schedules.values(schedules.cosine(0.1, total_steps=8), 6)
    )
    # the same rates as a fit's, whose schedule every fit restarts
    fitted = _fit_quietly(GDRegressor(tol=0, n_iter_no_change=100, **kw), X, y)
    assert fitted.history_.epochs["lr"][:6] == reg.history_.epochs["lr"]
    assert _fit_quietly(fitted, X, y).history_.epochs["lr"][:6] == reg.history_.epochs["lr"]


@pytest.mark.parametrize(
    "params, pattern",
    [
        (
            dict(schedule="cosin"),
            r"^The 'schedule' parameter of GDRegressor must be None, a "
            r"descend.schedules.Schedule or one of 'constant', 'step', "
            r"'multistep', .*'plateau', 'warmup\+constant', .*'warmup\+cosine' \(sized to the fit from lr and "
            r"max_epochs\); got 'cosin' instead. Did you mean 'cosine'\?",
        ),
        (
            dict(schedule=3),
            r"'schedule' parameter of GDRegressor must be None, an instance of 'str' "
            r"or an instance of 'descend.schedules(\.\w+)?\.Schedule'. Got 3 instead",
        ),
        (
            dict(lr="auto", schedule=schedules.constant(0.1)),
            r"lr='auto' cannot be combined with schedule=constant\(lr=0.1\): a schedule object sets",
        ),
    ],
)
def test_bad_lr_and_schedule_values_name_the_value_and_what_is_allowed(params, pattern):
    X, y = linear_problem(n=20)
    with pytest.raises(ValueError, match=pattern):
        GDRegressor(batch_size=None, **params).fit(X, y)


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


# --- one training loop: the estimators fit through descend's engine ---------------------------


def test_fit_runs_through_the_engine_and_records_every_update():
    X, y = load_iris(return_X_y=True)
    clf = quiet(GDClassifier(lr=0.05, batch_size=50, max_epochs=4, random_state=0).fit, X, y)
    steps = clf.history_.steps
    assert steps["step"] == list(range(1, 4 * 3 + 1))  # 3 updates per epoch of 150 rows
    assert len(steps["grad_norm"]) == len(steps["loss"]) == 12
    assert clf.history_.epochs["epoch"] == [0, 1, 2, 3]
    assert clf.loss_curve_ == clf.history_.loss
    clf.partial_fit(X, y)  # continues the record: epoch 4, updates 13 to 15
    assert clf.history_.epochs["epoch"][-1] == 4 and steps["step"][-1] == 15


def test_loss_curve_is_the_mean_over_examples_as_scikit_learn_counts_it():
    X, y = load_iris(return_X_y=True)  # 150 rows in batches of 64: 64, 64 and a short 22
    clf = quiet(GDClassifier(lr=0.05, batch_size=64, max_epochs=3, random_state=0, early_stopping=False).fit, X, y)
    losses = np.reshape(clf.history_.steps["loss"], (3, 3))
    assert_allclose(clf.loss_curve_, losses @ [64, 64, 22] / 150, rtol=1e-6)
    assert not np.allclose(clf.loss_curve_, losses.mean(axis=1), rtol=1e-6)


def test_weighted_source_passes_weights_to_the_loss():
    from descend.training.data.sources import WeightedSource

    src = WeightedSource(
        torch.arange(10.0).reshape(5, 2), torch.arange(5.0), torch.ones(5) * 2, batch_size=2, shuffle=True, seed=0
    )
    seen = [(x[:, 0] / 2).tolist() for x, _, _ in src.batches(0)]
    ys = [y.tolist() for _, y, _ in src.batches(0)]
    assert seen == ys and sorted(sum(ys, [])) == [0, 1, 2, 3, 4]
    assert all((w == 2).all() for _, _, w in src.batches(1))


def test_stopping_rule_is_an_engine_callback():
    from descend.estimators.stopping import NoImprovement
    from descend.training.callbacks import Callback

    assert issubclass(NoImprovement, Callback)
    X, y = linear_problem()
    reg = GDRegressor(optimizer="gd", lr=0.3, batch_size=None, max_epochs=500, tol=1e-3, random_state=0).fit(X, y)
    assert reg.n_iter_ < 500 and reg.history_.converged
    assert "did not improve by more than tol=0.001" in reg.history_.stopped_because


def test_loss_curve_is_the_mean_over_examples_as_scikit_learns():
    # 203 rows in batches of 32: six of 32 and one of 11, which weighs by its rows.
    X, y = make_classification(n_samples=203, n_features=5, random_state=0)
    clf = GDClassifier(batch_size=32, max_epochs=2, random_state=0, lr=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    rows = [32] * 6 + [11]
    steps = clf.history_.steps["loss"]
    for epoch, value in enumerate(clf.loss_curve_):
        losses = steps[7 * epoch : 7 * (epoch + 1)]
        assert value == pytest.approx(sum(v * r for v, r in zip(losses, rows)) / 203, rel=1e-12)
        assert value != pytest.approx(sum(losses) / 7, rel=1e-6)


@pytest.mark.parametrize("estimator", [GDRegressor, GDClassifier])
def test_misspelt_optimizer_lists_names_in_order_and_suggests_the_closest(estimator):
    X, y = load_iris(return_X_y=True)
    known = ", ".join(map(repr, optim.names()))  # the registry's order, every time
    with pytest.raises(InvalidParameterError) as raised:
        estimator(optimizer="adm").fit(X, y)
    assert str(raised.value) == (
        f"The 'optimizer' parameter of {estimator.__name__} must be a str among {{{known}}}. "
        f"Got 'adm' instead. Did you mean 'adam'?"
    )


@pytest.mark.parametrize("estimator", [GDRegressor, GDClassifier])
@pytest.mark.parametrize(
    "name, allowed",
    [
        ("batch_size", r"an int in the range \[1, inf\), None or a str among \{.*\}"),
        ("max_epochs", r"an int in the range \[1, inf\)"),
        ("n_iter_no_change", r"an int in the range \[1, inf\)"),
        ("random_state", r"an int in the range \[0, 4294967295\], .* or None"),
        ("lr", r"a float in the range \(0.0, inf\) or a str among \{'default', 'auto'\}"),
        ("alpha", r"a float in the range \[0.0, inf\)"),
        ("tol", r"a float in the range \[0.0, inf\)"),
    ],
)
def test_a_bool_is_refused_where_a_number_is_meant(estimator, name, allowed):
    # scikit-learn's Interval takes True as 1: batch_size=True trained with batches of 1
    X, y = load_iris(return_X_y=True)
    message = rf"^The '{name}' parameter of {estimator.__name__} must be {allowed}\. Got True instead \(a bool, not a number\)\.$"
    with pytest.raises(InvalidParameterError, match=message):
        estimator(**{name: True}).fit(X, y)


def test_misspelt_activation_and_loss_suggest_the_closest():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(
        ValueError, match=r"among \{'relu', 'tanh', 'gelu', 'sigmoid'\}\. Got 'rleu' instead\. Did you mean 'relu'\?$"
    ):
        GDClassifier(activation="rleu").fit(X, y)
    with pytest.raises(
        ValueError, match=r"'loss' parameter of GDClassifier .*Got 'log_los' instead\. Did you mean 'log_loss'\?$"
    ):
        GDClassifier(loss="log_los").fit(X, y)


def test_stopping_after_n_iter_no_change_1_says_epoch_in_the_singular():
    X, y = linear_problem(n=40)
    reg = GDRegressor(optimizer="gd", lr=0.05, batch_size=None, tol=1.0, n_iter_no_change=1, random_state=0)
    reg.fit(X, y)
    assert (
        reg.history_.stopped_because
        == "the training loss did not improve by more than tol=1 for n_iter_no_change=1 epoch"
    )
