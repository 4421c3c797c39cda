"""When and why a fit stops, and what it says: early stopping restores the best epoch, the tol rule
is an engine callback, the max_epochs warning names the cause and what to change, a loss that
becomes inf raises with advice."""

from __future__ import annotations

import re

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from _estimators import linear_problem, quiet
from descend.estimators import GDClassifier, GDRegressor


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
        # raw features x1e3 overflow the loss in 20 steps (standardized, it stays finite in float64)
        GDRegressor(
            optimizer="gd", lr=1e6, batch_size=None, max_epochs=20, n_iter_no_change=50, scale_features=False
        ).fit(X * 1e3, y)


def test_stopping_rule_is_an_engine_callback():
    from descend.estimators.stopping import NoImprovement
    from descend.training.callbacks import Callback

    assert issubclass(NoImprovement, Callback)
    X, y = linear_problem()
    reg = GDRegressor(optimizer="gd", lr=0.3, batch_size=None, max_epochs=500, tol=1e-3, random_state=0).fit(X, y)
    assert reg.n_iter_ < 500 and reg.history_.converged
    assert "did not improve by more than tol=0.001" in reg.history_.stopped_because


def test_stopping_after_n_iter_no_change_1_says_epoch_in_the_singular():
    X, y = linear_problem(n=40)
    reg = GDRegressor(optimizer="gd", lr=0.05, batch_size=None, tol=1.0, n_iter_no_change=1, random_state=0)
    reg.fit(X, y)
    assert (
        reg.history_.stopped_because
        == "the training loss did not improve by more than tol=1 for n_iter_no_change=1 epoch"
    )


def test_early_stopping_refuses_a_one_row_validation_set_for_r2():
    # R² of one row is NaN: before, every epoch's validation score was NaN and the fit
    # stopped after n_iter_no_change epochs saying the score "did not improve".
    X, y = linear_problem(n=50)
    reg = GDRegressor(early_stopping=True, validation_fraction=0.01, max_epochs=8, random_state=0)
    with pytest.raises(
        ValueError,
        match=r"validation_fraction=0.01 of 50 samples: it holds out 1 sample, and the validation R² needs at least 2\. Set validation_fraction > 0.02",
    ):
        reg.fit(X, y)
    quiet(reg.set_params(validation_fraction=0.04).fit, X, y)  # 2 rows: the scores are numbers
    assert np.isfinite(reg.validation_scores_).all()


def test_max_epochs_warning_with_tol_0_on_a_flat_loss_says_to_set_tol():
    # L-BFGS solves least squares to its floor within a few steps; after that the loss
    # repeats. Before, the warning read "still falling by 0.00% per epoch ... Increase max_epochs".
    X, y = linear_problem(n=50)
    reg = GDRegressor(optimizer="lbfgs", tol=0.0, max_epochs=20, random_state=0)
    with pytest.warns(ConvergenceWarning) as record:
        reg.fit(X, y)
    assert reg.loss_curve_[-6:] == [reg.loss_curve_[-1]] * 6
    msg = str(record[0].message)
    assert "the training loss did not change over the last 5 epochs (it stayed at" in msg, msg
    assert "with tol=0 an epoch that ties the best loss counts as an improvement" in msg
    assert msg.endswith("Set tol > 0 (e.g. 1e-4, the default).")
    assert "Increase max_epochs" not in msg


def test_max_epochs_warning_with_tol_above_0_on_a_flat_loss_names_n_iter_no_change():
    # tol=1e-4, but n_iter_no_change=50 > max_epochs=8: the rule cannot stop within the fit, and
    # at lr=1e-30 the loss never moves. The warning told this fit "Set tol > 0", the advice for
    # tol=0, though tol was 1e-4.
    X, y = linear_problem(n=50)
    reg = GDRegressor(optimizer="sgd", lr=1e-30, batch_size=None, n_iter_no_change=50, max_epochs=8, random_state=0)
    with pytest.warns(ConvergenceWarning) as record:
        reg.fit(X, y)
    assert reg.loss_curve_ == [reg.loss_curve_[0]] * 8
    msg = str(record[0].message)
    assert "the training loss did not change over the last 7 epochs (it stayed at" in msg, msg
    assert "Set tol > 0" not in msg
    assert msg.endswith(
        "the fit stops only after n_iter_no_change=50 epochs without improving by more than tol=0.0001, more "
        "than max_epochs=8 allows. Lower n_iter_no_change below max_epochs; if the loss should have moved, "
        "raise lr (now 1e-30)."
    )


def test_max_epochs_warning_with_early_stopping_does_not_call_a_stalled_score_improving():
    # Before: "the validation accuracy was still improving by more than tol (best 0.3333 at
    # epoch 1 of 3, ...)" for a score that had not moved since epoch 1.
    X, y = load_iris(return_X_y=True)
    clf = GDClassifier(early_stopping=True, max_epochs=3, random_state=0)
    with pytest.warns(ConvergenceWarning) as record:
        clf.fit(StandardScaler().fit_transform(X), y)
    msg = str(record[0].message)
    best_at = int(np.argmax(clf.validation_scores_)) + 1
    assert (
        "the validation accuracy last improved by more than tol=0.0001 fewer than n_iter_no_change=5 epochs "
        f"before the end (best {max(clf.validation_scores_):.4g} at epoch {best_at} of 3), and the training loss"
    ) in msg, msg
    assert "still improving" not in msg
