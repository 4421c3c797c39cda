"""lr="auto": the range test's suggestion fits real data sets; on a plateau the estimator takes the
pilots' rate, and with no suggestion at all it warns and uses the optimizer's default."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _estimators import quiet
from descend.estimators import GDClassifier, GDRegressor
from descend.estimators.data import ArrayData
from descend.estimators.objective import Objective, find_lr
from descend.training import pilots


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
    # raw targets (sd 10): standardized ones tie two pilots within 5%, and the rule takes their mean
    raw = {"scale_features": False, "scale_targets": False}
    reg = quiet(GDRegressor(lr="auto", max_epochs=2, random_state=0, **raw).fit, *_plateau())
    found = reg.lr_finder_
    assert found.steepest_lr is None and "ended without blowing up" in found.rule
    assert reg.lr_ == found.suggestion and reg.lr_ in found.candidates


def test_lr_auto_without_a_suggestion_warns_and_uses_the_default(monkeypatch):
    # On the plateau, pilots made to gain nothing at all leave no suggestion.
    monkeypatch.setattr(pilots, "pilot_loss", lambda *args: 1e9)
    with pytest.warns(
        UserWarning,
        match=r"GDRegressor\(lr='auto'\): the range test gave no "
        r"suggestion \(the loss never fell.*using lr='default', 0.003 for adam",
    ):
        reg = quiet(GDRegressor(lr="auto", max_epochs=2, random_state=0).fit, *_plateau())
    assert reg.lr_ == 3e-3 and reg.lr_finder_.suggestion is None


@pytest.mark.parametrize(("optimizer", "rate"), [("lion", 1e-3), ("lbfgs", 1.0)])
def test_lr_auto_without_a_suggestion_starts_where_lr_default_does(monkeypatch, optimizer, rate):
    # Lion's own 1e-4 is below lr="default"'s floor: the fallback is the estimator's default.
    monkeypatch.setattr(pilots, "pilot_loss", lambda *args: 1e9)
    with pytest.warns(UserWarning, match=rf"using lr='default', {rate:g} for {optimizer}"):
        reg = quiet(GDRegressor(optimizer=optimizer, lr="auto", max_epochs=2, random_state=0).fit, *_plateau())
    assert reg.lr_finder_.suggestion is None
    assert reg.lr_ == rate == GDRegressor(optimizer=optimizer).fit(*_plateau()).lr_


def test_lr_auto_makes_a_sparse_x_dense_a_batch_at_a_time(monkeypatch):
    """The range test took up to 16384 rows of a sparse X made dense at once (a 4000 x 20000 X: all of
    it, 610 MiB); now each batch is made dense as it is taken: the same batches, the same rate."""
    X = sp.random(4000, 50, density=0.1, format="csr", random_state=0)
    data = ArrayData.of(X, np.asarray(X[:, :5].sum(axis=1)), np.ones(4000), torch.float64, torch.device("cpu"))
    made, dense = [], ArrayData.dense
    monkeypatch.setattr(ArrayData, "dense", lambda self, X, rows: made.append(len(rows)) or dense(self, X, rows))
    model = torch.nn.Linear(50, 1).double()
    found = find_lr(model, data, Objective("mse", [model.weight], 0.0), "sgd", 32, 0, 50, "test")
    assert found.lrs and max(made) == 32
