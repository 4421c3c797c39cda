"""``scale_features=True`` standardizes ``X`` inside ``fit`` (each column's weighted mean and standard
deviation over the first fit's rows) and folds the scaling back: ``predict``, ``decision_function``,
``score`` take raw ``X``, and ``coef_`` / ``intercept_`` are in the raw features' units. A column 1000
times larger than the others then no longer defeats Adam's default rate."""

import pickle
import tracemalloc
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.linear_model import LinearRegression

from descend import GDClassifier, GDRegressor
from descend.estimators.moments import _dense_moments, _scale_or_one, weighted_moments

rng = np.random.RandomState(0)
SCALES = np.array([1.0, 1000.0, 0.01])
X = rng.normal(size=(200, 3)) * SCALES + [5.0, -3000.0, 0.02]  # columns of sd 1, 1000 and 0.01
Z = (X - X.mean(0)) / X.std(0) @ [1.0, -0.5, 0.8] + 0.1 * rng.normal(size=200)  # mean ~0, sd ~1.3


def test_a_column_x1000_is_fitted_to_the_least_squares_solution_in_its_own_units():
    exact = LinearRegression().fit(X, Z)
    raw = GDRegressor(scale_features=False, scale_targets=False, random_state=0).fit(X, Z)
    scaled = GDRegressor(scale_features=True, random_state=0).fit(X, Z)
    assert raw.score(X, Z) < 0.5  # steps of ~3e-3 on a weight of x up to 3e3 jitter the fit
    assert scaled.score(X, Z) > exact.score(X, Z) - 2e-3
    # full batch, to the minimum: coefficients 1, -5e-4, 80 and the intercept in the raw units
    lbfgs = GDRegressor(optimizer="lbfgs", batch_size=None, scale_features=True, random_state=0).fit(X, Z)
    np.testing.assert_allclose(lbfgs.coef_, exact.coef_, rtol=1e-5)
    assert lbfgs.intercept_ == pytest.approx(exact.intercept_, rel=1e-5)


def test_iris_with_a_column_x1000_is_classified():
    X_i, y_i = load_iris(return_X_y=True)
    X_i = X_i * [1000.0, 1.0, 1.0, 1.0]
    assert GDClassifier(scale_features=False, random_state=0).fit(X_i, y_i).score(X_i, y_i) < 0.8
    assert GDClassifier(scale_features=True, random_state=0).fit(X_i, y_i).score(X_i, y_i) > 0.9
    assert GDClassifier(random_state=0).fit(X_i, y_i).score(X_i, y_i) > 0.9  # the default since session 39


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_coef_and_intercept_give_the_predictions(dtype):
    Xd = X.astype(dtype)
    reg = GDRegressor(scale_features=True, scale_targets=True, random_state=0).fit(Xd, np.column_stack([Z, 50 * Z]))
    np.testing.assert_allclose(Xd @ reg.coef_.T + reg.intercept_, reg.predict(Xd), rtol=1e-4, atol=1e-3)
    clf = GDClassifier(scale_features=True, random_state=0).fit(Xd, Z > 0)
    np.testing.assert_allclose(Xd @ clf.coef_.T + clf.intercept_, clf.decision_function(Xd)[:, None], atol=1e-3)
    assert reg.coef_.dtype == dtype and clf.intercept_.dtype == dtype


def test_partial_fit_and_warm_start_keep_the_first_calls_moments():
    first, later = X[:100], X[100:] * 10 + 7
    m, s = first.mean(0), first.std(0)
    features_only = {"scale_features": True, "scale_targets": False}  # the net's outputs are the predictions
    stream = GDRegressor(**features_only, random_state=0).partial_fit(first, Z[:100]).partial_fit(later, Z[100:])
    warm = GDRegressor(**features_only, warm_start=True, random_state=0).fit(first, Z[:100]).fit(later, Z[100:])
    for est in (stream, warm):
        net = est.model_(torch.from_numpy((X - m) / s)).detach().numpy()[:, 0]
        np.testing.assert_allclose(est.predict(X), net, rtol=1e-10)


@pytest.mark.parametrize("first", [True, False])
def test_continuing_with_another_scale_features_is_refused(first):
    warm = GDClassifier(scale_features=first, warm_start=True, max_epochs=2, random_state=0).fit(X, Z > 0)
    with pytest.raises(
        ValueError, match=rf"another scale_features: fitted with scale_features={first}, now {not first}"
    ):
        warm.set_params(scale_features=not first).fit(X, Z > 0)
    stream = GDRegressor(scale_features=first, random_state=0).partial_fit(X, Z)
    with pytest.raises(ValueError, match=r"cannot continue training \(warm_start=True or partial_fit\)"):
        stream.set_params(scale_features=not first).partial_fit(X, Z)
    assert warm.set_params(warm_start=False).fit(X, Z > 0).n_iter_ == 2  # afresh: allowed


def test_sparse_features_are_fitted_as_the_same_dense_ones():
    # each batch standardized as it is made dense: the dense fit's steps, but for the moments' rounding
    # (scikit-learn's sums over a sparse X; test_estimators_standardized_batches: exactly, given equal moments)
    dense = np.where(np.abs(X - X.mean(0)) > X.std(0), X, 0.0)
    on_sparse = GDRegressor(scale_features=True, random_state=0).fit(sp.csr_matrix(dense), Z)
    on_dense = GDRegressor(scale_features=True, random_state=0).fit(dense, Z)
    np.testing.assert_allclose(on_sparse.predict(sp.csr_matrix(dense)), on_dense.predict(dense), rtol=1e-9)
    np.testing.assert_allclose(on_sparse.coef_, on_dense.coef_, rtol=1e-9)


def test_zero_weight_rows_and_constant_columns_leave_the_scaling_alone():
    outlier = np.vstack([X, [1e9, 1e9, 1e9]])
    weights = np.r_[np.ones(200), 0.0]
    full = {"optimizer": "gd", "lr": 0.3, "batch_size": None, "scale_features": True, "random_state": 0}
    a = GDRegressor(**full).fit(outlier, np.r_[Z, 0.0], sample_weight=weights)
    b = GDRegressor(**full).fit(X, Z)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-9)  # a moment moved by the row would move every step
    constant = GDRegressor(scale_features=True, random_state=0).fit(np.column_stack([X, np.full(200, 4.0)]), Z)
    assert np.isfinite(constant.coef_).all() and constant.score(np.column_stack([X, np.full(200, 4.0)]), Z) > 0.9


def test_the_record_of_examples_is_kept_with_scaled_features():
    clf = GDClassifier(scale_features=True, track_examples=True, max_epochs=3, random_state=0).fit(X, Z > 0)
    assert clf.examples_record_ is not None and np.isfinite(clf.examples_record_.loss).all()


@pytest.mark.parametrize("cls", [GDRegressor, GDClassifier])
def test_a_bad_scale_features_is_refused_naming_it_and_what_is_allowed(cls):
    with pytest.raises(
        ValueError, match=r"The 'scale_features' parameter of .* must be an instance of 'bool'.*Got 'yes'"
    ):
        cls(scale_features="yes").fit(X, Z > 0)


def test_divergence_with_scaled_features_does_not_advise_scaling_them():
    with pytest.raises(ValueError, match=r"diverged\. Lower lr, or scale_targets=True, the default\.$"):
        GDRegressor(optimizer="sgd", lr=1e3, scale_targets=False, random_state=0).fit(X, 1e100 * Z)
    with pytest.raises(ValueError, match=r"diverged\. Lower lr, or standardize the features \(scale_features=True"):
        GDClassifier(optimizer="sgd", lr=1e30, scale_features=False, random_state=0).fit(1e200 * X, Z > 0)


@pytest.mark.parametrize("cls", [GDRegressor, GDClassifier])
def test_an_estimator_pickled_before_scale_features_predicts_as_before(cls):
    est = cls(scale_features=False, random_state=0).fit(X, Z > 0)
    state = est.__getstate__()
    del state["scale_features"]  # what 6a23284 pickled (no _x_moments either)
    old = cls.__new__(cls)
    old.__setstate__(state)
    np.testing.assert_array_equal(old.predict(X), est.predict(X))
    assert clone(old).get_params()["scale_features"] is False and f"{cls.__name__}(" in repr(old)
    scaled = cls(scale_features=True, random_state=0).fit(X, Z > 0)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(scaled)).predict(X), scaled.predict(X))


def _one_copy_moments(X, w):
    """The moments as computed before session 39's mend: a float64 copy of ``X`` and its deviations."""
    X, w = np.asarray(X, dtype=np.float64), w / w.sum()
    mean = w @ X
    deviation = X - mean
    peak = np.abs(deviation).max(axis=0)
    peak = np.where(peak > 0, peak, 1.0)
    return mean, _scale_or_one(mean, peak * np.sqrt(w @ (deviation / peak) ** 2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weighted", [False, True])
def test_weighted_moments_summed_by_chunks_equal_the_whole_copys(dtype, weighted):
    """Equal to 1e-12 relative; a constant column gets sd 1 (the copy's 30,000 unit weights,
    normalized, left 7.25 an sd of 5e-13: the column was scaled by 2e12)."""
    g = np.random.default_rng(1)
    data = (g.standard_normal((30_000, 40)) * g.uniform(1e-3, 1e3, 40) + g.uniform(-1e4, 1e4, 40)).astype(dtype)
    data[:, 3] = 7.25
    w = g.uniform(0, 3, len(data)) if weighted else np.ones(len(data))
    expected = _one_copy_moments(data, w)
    varying = np.arange(40) != 3
    for got in (weighted_moments(data, w), weighted_moments(sp.csr_matrix(data), w)):
        np.testing.assert_allclose(got[0], expected[0], rtol=1e-12, atol=0)
        np.testing.assert_allclose(got[1][varying], expected[1][varying], rtol=1e-12, atol=0)
        assert got[1][3] == 1.0


def test_weighted_moments_of_a_float32_x_make_no_full_size_copy():
    """Was a float64 copy of X and three more full-size temporaries (1.2 GB peak on 320k x 100)."""
    data = np.random.default_rng(2).standard_normal((100_000, 20)).astype(np.float32)  # 8 MB
    tracemalloc.start()
    try:
        weighted_moments(data, np.ones(len(data)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < data.nbytes / 2, peak


class _NoExtremes(np.ndarray):
    """An ``X`` whose max and min are refused: the moments must not need them."""

    def max(self, *args, **kwargs):
        raise AssertionError("X.max read")

    def min(self, *args, **kwargs):
        raise AssertionError("X.min read")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weighted_moments_of_ordinary_values_read_no_extremes(dtype):
    g = np.random.default_rng(4)
    data = (g.standard_normal((5000, 6)) * 30 + 2).astype(dtype)
    data[:, 2] = 0.1  # a constant column, its weighted sum inexact: found by its tiny sd, then checked
    w = g.uniform(0.5, 2.0, len(data))
    mean, sd = _dense_moments(data.view(_NoExtremes), w)  # weighted_moments drops the subclass
    assert mean[2] == dtype(0.1) and sd[2] == 1.0
    exact = data.astype(np.float64)
    np.testing.assert_allclose(mean, np.average(exact, axis=0, weights=w), rtol=1e-12)
    varying = [0, 1, 3, 4, 5]
    expected_sd = np.sqrt(np.average((exact - np.average(exact, axis=0, weights=w)) ** 2, axis=0, weights=w))
    np.testing.assert_allclose(sd[varying], expected_sd[varying], rtol=1e-12)


def test_weighted_moments_of_huge_and_tiny_values_neither_overflow_nor_underflow():
    g = np.random.default_rng(5)
    data = g.standard_normal((1000, 3)) * [1e200, 1e-170, 1.0] + [0.0, 3e-170, 1.0]
    mean, sd = weighted_moments(data, np.ones(len(data)))
    exact = [np.std(data[:, j] / s) * s for j, s in enumerate([1e200, 1e-170, 1.0])]
    np.testing.assert_allclose(sd, exact, rtol=1e-12)
    assert np.isfinite(mean).all()


@pytest.mark.parametrize("cls", [GDClassifier, GDRegressor])
def test_a_first_chunk_of_one_row_is_warned_of(cls):
    """Its sd is 0 in every column: each silently got sd 1, centred on the one row, for good."""
    extra = {"classes": [False, True]} if cls is GDClassifier else {}
    message = (
        rf"{cls.__name__}\.partial_fit learns the standardization \(scale_features=True\) .* has 1 row of positive"
    )
    with pytest.warns(UserWarning, match=message + r".*at least 2 rows, or set scale_features=False"):
        cls(random_state=0).partial_fit(X[:1], Z[:1] > 0 if extra else Z[:1], **extra)
    with pytest.warns(UserWarning, match=r"GDRegressor\.fit learns .* has 1 row of positive weight"):
        GDRegressor(random_state=0, max_epochs=1).fit(X[:3], Z[:3], sample_weight=[0.0, 2.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        cls(random_state=0).partial_fit(X[:2], Z[:2] > 0 if extra else Z[:2], **extra)
        cls(random_state=0, scale_features=False).partial_fit(X[:1], Z[:1] > 0 if extra else Z[:1], **extra)
