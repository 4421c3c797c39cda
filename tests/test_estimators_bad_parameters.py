"""Every bad parameter of GDRegressor and GDClassifier (a bool where a number is meant, a
misspelt name), and every call before fit or with the wrong features, gets one clear error that
names the value and what is allowed."""

from __future__ import annotations

import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from _estimators import linear_problem, quiet
from descend import optim
from descend.estimators import GDClassifier, GDRegressor


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


@pytest.mark.parametrize("estimator", [GDRegressor, GDClassifier])
def test_misspelt_optimizer_lists_names_in_order_and_suggests_the_closest(estimator):
    X, y = load_iris(return_X_y=True)
    # the registry's order, every time; less sparse_adam, which no estimator can step
    known = ", ".join(repr(name) for name in optim.names() if not optim.sparse_only(name))
    with pytest.raises(InvalidParameterError) as raised:
        estimator(optimizer="adm").fit(X, y)
    assert str(raised.value) == (
        f"The 'optimizer' parameter of {estimator.__name__} must be a str among {{{known}}}. "
        f"Got 'adm' instead. Did you mean 'adam'?"
    )


@pytest.mark.parametrize("estimator", [GDRegressor, GDClassifier])
def test_a_rule_for_sparse_gradients_is_refused_with_why(estimator):
    # was torch's "SparseAdam does not support dense gradients" from inside the first step
    X, y = load_iris(return_X_y=True)
    with pytest.raises(InvalidParameterError) as raised:
        estimator(optimizer="sparse_adam").fit(X, y)
    message = str(raised.value)
    assert message.startswith(f"The 'optimizer' parameter of {estimator.__name__} must be a str among {{'gd', ")
    assert "'sparse_adam'" not in message.split(". Got")[0]  # not among the allowed
    assert message.endswith(
        "Got 'sparse_adam' instead. SparseAdam takes sparse gradients only (an nn.Embedding(sparse=True)'s, in "
        "descend.train), and the estimator's linear layers get dense ones: give optimizer='adam', the same rule on "
        "every coordinate."
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
