"""The estimators' default batch for rules of full-batch gradients (L-BFGS, Rprop): the full
batch, as ``descend.train`` takes it; a batch the user gives is kept."""

import warnings

import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from descend import optim
from descend.estimators import GDClassifier, GDRegressor
from descend.estimators.failed_checks import expected_failed_checks


def _standardized(load):
    X, y = load(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize(
    ("load", "C"),
    [(load_iris, 1e10), (load_breast_cancer, 1.0)],  # breast_cancer is separable: penalized
)
def test_lbfgs_at_the_default_batch_reaches_logistic_regressions_log_loss(load, C):
    X, y = _standardized(load)
    reference = LogisticRegression(C=C, max_iter=10_000).fit(X, y)
    # scikit-learn minimises C * sum(loss) + ||w||^2 / 2, the estimator mean(loss) + alpha/2 ||w||^2.
    alpha = 0.0 if C > 1e9 else 1 / (C * len(y))
    clf = GDClassifier(optimizer="lbfgs", lr=1.0, alpha=alpha, random_state=0).fit(X, y)
    assert clf.batch_size_ is None
    # at batch 32 (the parent's default) L-BFGS ended at 1.68 on iris against 0.0397
    assert log_loss(y, clf.predict_proba(X)) == pytest.approx(log_loss(y, reference.predict_proba(X)), rel=0.02)


@pytest.mark.parametrize("estimator", [GDClassifier, GDRegressor])
@pytest.mark.parametrize("optimizer", ["lbfgs", "rprop"])
def test_full_batch_rules_take_the_full_batch_by_default_and_keep_a_given_one(estimator, optimizer):
    X, y = _standardized(load_iris)
    default = estimator(optimizer=optimizer, max_epochs=2, random_state=0)
    given = estimator(optimizer=optimizer, batch_size=32, max_epochs=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        default.fit(X, y)
        given.fit(X, y)
    assert default.batch_size_ is None and given.batch_size_ == 32
    # the parameters are the user's, unchanged by fit and through clone
    assert default.get_params()["batch_size"] == clone(default).get_params()["batch_size"] == "default"
    assert given.get_params()["batch_size"] == clone(given).get_params()["batch_size"] == 32
    assert expected_failed_checks(default) == {}
    assert expected_failed_checks(given) != {}


def test_an_unknown_batch_name_lists_the_allowed_values():
    X, y = _standardized(load_iris)
    with pytest.raises(InvalidParameterError, match=r"batch_size.*'auto'.*'default'|batch_size.*'default'.*'auto'"):
        GDClassifier(batch_size="full").fit(X, y)


@pytest.mark.parametrize(("optimizer", "marked"), [("lbfgs", True), ("rprop", True), ("adam", False)])
def test_the_fit_records_a_rule_of_full_batch_gradients_for_the_doctor(optimizer, marked):
    # The doctor's batch-size finding reads History.batch_choice["full_batch_rule"]: without it,
    # a noisy L-BFGS fit would be advised a mini-batch, on which its line search diverges.
    X, y = _standardized(load_iris)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = GDClassifier(optimizer=optimizer, max_epochs=2).fit(X, y)
    assert est.history_.batch_choice.get("full_batch_rule", False) is marked
    assert est.history_.batch_choice["scaling"] in ("linear", "sqrt")


@pytest.mark.parametrize("load", [load_wine, load_breast_cancer])
def test_lbfgs_searches_its_step_on_unscaled_features(load):
    # At its unit step without a line search L-BFGS overshot on raw features (wine 7.29,
    # breast_cancer 2.03); scikit-learn's MLP searches each step, as the estimators now do.
    X, y = load(return_X_y=True)
    clf = GDClassifier(optimizer="lbfgs", random_state=0).fit(X, y)
    assert clf._optimizer.defaults["line_search_fn"] == "strong_wolfe"
    assert log_loss(y, clf.predict_proba(X)) < 0.1


@pytest.mark.parametrize("load", [load_wine, load_breast_cancer])
def test_lr_auto_pilots_lbfgs_with_the_fits_line_search(load, monkeypatch):
    # lr="auto"'s range test stepped L-BFGS without the line search the fit uses: it picked the
    # rate of another rule (raw wine 1.9e-06, raw breast_cancer 4.0e-07), at which the searched
    # fit stalled (log-loss 0.93 and 0.31, training accuracy 0.56 and 0.88).
    built = []
    build = optim.build

    def spy(name, params, **options):
        built.append((name, options.get("line_search_fn")))
        return build(name, params, **options)

    monkeypatch.setattr(optim, "build", spy)
    X, y = load(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = GDClassifier(optimizer="lbfgs", lr="auto", random_state=0).fit(X, y)
    assert len(built) >= 3 and built == [("lbfgs", "strong_wolfe")] * len(built)  # readings, pilots, the fit
    assert log_loss(y, clf.predict_proba(X)) < 0.1
