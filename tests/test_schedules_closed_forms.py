"""descend.schedules: each schedule's closed form, step by step and through values(); inverse_time
is scikit-learn's invscaling."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import SGDRegressor

from _schedules import CLOSED
from descend.schedules import constant, inverse_time, step_decay, values


@pytest.mark.parametrize("name", CLOSED)
def test_closed_forms(name):
    sched, formula = CLOSED[name]
    for t in [0, 1, 2, 3, 4, 5, 7, 9, 10, 13, 50]:
        assert sched(t) == pytest.approx(formula(t), rel=1e-12, abs=1e-15), t
    planned = values(sched, 20)
    assert all(type(v) is float for v in planned)
    assert planned == pytest.approx([formula(t) for t in range(20)], rel=1e-12, abs=1e-15)


def test_inverse_time_is_scikit_learns_invscaling():
    """sklearn counts updates from 1: update k uses eta0 / k**power_t. Recover its rates from
    SGDRegressor on x = 1 (w <- w - eta_k (w - y_k)) and compare."""
    reg = SGDRegressor(
        learning_rate="invscaling", eta0=0.1, power_t=0.3, penalty=None, fit_intercept=False, shuffle=False
    )
    w, etas = 0.0, []
    for k in range(10):
        y = 5.0 + k
        reg.partial_fit(np.ones((1, 1)), [y])
        etas.append((reg.coef_[0] - w) / (y - w))
        w = reg.coef_[0]
    np.testing.assert_allclose(etas, values(inverse_time(0.1, power_t=0.3), 10), rtol=1e-12)
    assert inverse_time(1.0).config["power_t"] == 0.25  # SGDRegressor's default


def test_values():
    assert values(step_decay(1.0, 2, 0.5), 5) == [1.0, 1.0, 0.5, 0.5, 0.25]
    assert all(isinstance(v, float) for v in values(constant(1), 3))
