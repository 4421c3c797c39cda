"""``GDRegressor(scale_targets=True)`` fits its targets standardized (their weighted mean and
standard deviation per output, learned by the first ``fit`` or ``partial_fit``) and maps its
predictions back: targets far from 0, or of any scale, are as easy to fit as standardized ones, and
``coef_``, ``intercept_`` and ``predict`` are in the targets' own units. On by default since session 39
(with ``scale_features``); ``scale_targets=False`` fits the raw targets."""

import inspect

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from descend import GDClassifier, GDRegressor

rng = np.random.RandomState(0)
X = rng.normal(size=(200, 3))
Z = X @ [1.0, -2.0, 0.5] + 0.1 * rng.normal(size=200)


def test_scaled_targets_fit_diabetes_whose_targets_are_far_from_zero():
    # Targets 25-346 (mean 152, sd 77): Adam's steps of about lr moved the output bias ~7 in
    # 200 epochs, so the parent's defaults scored R² -3.4 on the training data itself.
    X_d, y_d = load_diabetes(return_X_y=True)
    reg = make_pipeline(StandardScaler(), GDRegressor(scale_targets=True, random_state=0)).fit(X_d, y_d)
    ridge = LinearRegression().fit(StandardScaler().fit_transform(X_d), y_d)
    assert reg.score(X_d, y_d) > ridge.score(StandardScaler().fit_transform(X_d), y_d) - 0.02


@pytest.mark.parametrize("scale, shift", [(1000.0, 5e4), (1e-3, -300.0), (1e200, 0.0), (1e-200, 0.0)])
def test_predictions_follow_an_affine_change_of_the_targets(scale, shift):
    base = GDRegressor(scale_targets=True, random_state=0).fit(X, Z).predict(X)
    moved = GDRegressor(scale_targets=True, random_state=0).fit(X, scale * Z + shift).predict(X)
    np.testing.assert_allclose(moved, scale * base + shift, rtol=1e-6, atol=1e-6 * scale)


def test_coef_and_intercept_are_in_the_targets_units():
    y = 100 * Z + 500
    reg = GDRegressor(scale_targets=True, random_state=0).fit(X, y)
    exact = LinearRegression().fit(X, y)
    np.testing.assert_allclose(reg.coef_, exact.coef_, rtol=0.05)  # coefficients 50-200: Adam's last steps
    assert abs(reg.intercept_ - exact.intercept_) < 5.0
    np.testing.assert_allclose(X @ reg.coef_ + reg.intercept_, reg.predict(X))


def test_two_outputs_of_different_scales_each_fit():
    Y = np.column_stack([Z + 1e4, 1e-3 * Z])
    reg = GDRegressor(scale_targets=True, random_state=0).fit(X, Y)
    exact = LinearRegression().fit(X, Y)
    np.testing.assert_allclose(
        reg.coef_ / np.abs(exact.coef_).max(axis=1, keepdims=True),
        exact.coef_ / np.abs(exact.coef_).max(axis=1, keepdims=True),
        atol=0.05,
    )
    np.testing.assert_allclose(X @ reg.coef_.T + reg.intercept_, reg.predict(X))


def test_the_loss_curve_is_in_standardized_units():
    # The mean squared error over the targets' variance: 1 - R² on the training data.
    y = 100 * Z + 500
    reg = GDRegressor(optimizer="lbfgs", batch_size=None, scale_targets=True, random_state=0).fit(X, y)
    assert reg.loss_curve_[-1] == pytest.approx(1 - reg.score(X, y), abs=1e-6)


def test_partial_fit_learns_the_targets_moments_on_its_first_call_only():
    y = 100 * Z + 500
    stream = GDRegressor(lr=0.05, scale_targets=True, random_state=0)  # 80 steps: the parent's bias reached 4 of 500
    for chunk in np.array_split(np.arange(200), 4) * 10:
        stream.partial_fit(X[chunk], y[chunk])
    assert stream.score(X, y) > 0.99
    # A later chunk's targets are read in the first call's units (sd 230): 1e6 off is a loss of
    # ~(1e6 / 230)^2, not the ~1 of a standardization learned again.
    moved = (
        GDRegressor(scale_targets=True, random_state=0).partial_fit(X[:50], y[:50]).partial_fit(X[50:], y[50:] + 1e6)
    )
    assert moved.loss_curve_[-1] > 1e6


def test_a_constant_target_is_predicted():
    reg = GDRegressor(scale_targets=True, random_state=0).fit(X, np.full(200, 1e5))
    np.testing.assert_allclose(reg.predict(X), 1e5, rtol=1e-6)


def test_raw_targets_fit_in_their_units_and_the_divergence_message_says_how_to_scale_them():
    y = 100 * Z + 500
    raw = GDRegressor(optimizer="lbfgs", batch_size=None, scale_targets=False, random_state=0).fit(X, y)
    # the loss curve in the targets' own units: the mean squared error, (1 - R²) times var(y)
    assert raw.loss_curve_[-1] == pytest.approx((1 - raw.score(X, y)) * y.var(), rel=1e-4)
    with pytest.raises(ValueError, match=r"and the targets \(scale_targets=True, the default\)\."):
        GDRegressor(optimizer="sgd", lr=1e3, scale_features=False, scale_targets=False, random_state=0).fit(
            X, 1e100 * y
        )


def test_a_regressor_pickled_before_scale_targets_predicts_as_before():
    raw = {"scale_features": False, "scale_targets": False}  # the defaults of the versions before session 39
    reg = GDRegressor(optimizer="lbfgs", batch_size=None, random_state=0, **raw).fit(X, Z)
    state = reg.__getstate__()
    del state["scale_targets"]  # what 07b7ee6 pickled
    old = GDRegressor.__new__(GDRegressor)
    old.__setstate__(state)
    np.testing.assert_array_equal(old.predict(X), reg.predict(X))
    assert clone(old).get_params()["scale_targets"] is False and "GDRegressor(" in repr(old)


def test_the_regressor_takes_the_classifiers_parameters_and_scale_targets():
    # scikit-learn reads the parameters from __init__'s signature: GDRegressor repeats BaseGD's,
    # with the same defaults (scale_features=True for both since session 39)
    regressor = inspect.signature(GDRegressor).parameters
    classifier = inspect.signature(GDClassifier).parameters
    assert list(regressor)[:-1] == list(classifier) and list(regressor)[-1] == "scale_targets"
    assert [name for name in classifier if regressor[name] != classifier[name]] == []
