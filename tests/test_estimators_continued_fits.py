"""partial_fit and warm_start continue a fit where it stopped: the optimizer's state persists, and
the path is the one a single longer fit takes."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

from _estimators import linear_problem, quiet
from descend.estimators import GDClassifier, GDRegressor


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
