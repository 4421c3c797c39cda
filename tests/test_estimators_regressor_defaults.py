"""``GDRegressor()``'s defaults since session 39 standardize the features and the targets inside
``fit`` (``bench/estimator_regressor_defaults_s39_prereg.md``): targets far from 0 are in reach of
Adam's default steps, and a regressor pickled with the earlier defaults keeps fitting raw."""

import pickle

import numpy as np
from sklearn.base import clone

from descend import GDRegressor

rng = np.random.RandomState(0)
X = rng.normal(size=(300, 1))
Y = 3 * X[:, 0] + 1000 + 0.5 * rng.normal(size=300)  # targets ~1000 +- 3
RAW = {"scale_features": False, "scale_targets": False}  # the defaults before session 39


def test_the_default_regressor_fits_targets_far_from_zero():
    # Adam's steps of ~3e-3 moved the raw fit's output bias ~20 of the 1000 in 200 epochs.
    assert GDRegressor(random_state=0, **RAW).fit(X, Y).score(X, Y) < 0
    reg = GDRegressor(random_state=0).fit(X, Y)
    assert reg.score(X, Y) > 0.9
    assert abs(reg.coef_[0] - 3) < 0.1 and abs(reg.intercept_ - 1000) < 0.5


def test_a_regressor_pickled_with_the_earlier_defaults_keeps_them():
    old = GDRegressor(random_state=0, **RAW).fit(X, Y)
    state = old.__getstate__()
    del state["scale_features"], state["scale_targets"]  # as pickled before either option existed
    loaded = GDRegressor.__new__(GDRegressor)
    loaded.__setstate__(state)
    for reg in (loaded, pickle.loads(pickle.dumps(old))):
        assert {k: reg.get_params()[k] for k in RAW} == RAW and {k: clone(reg).get_params()[k] for k in RAW} == RAW
        np.testing.assert_array_equal(reg.predict(X), old.predict(X))
    assert GDRegressor().get_params()["scale_targets"] and GDRegressor().get_params()["scale_features"]
