"""The estimators fit through descend's training engine: history_ records every update and epoch
(and verbose prints them), loss_curve_ is the mean over examples as scikit-learn counts it,
weighted batches carry their weights to the loss."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning

from _estimators import linear_problem, quiet
from descend.estimators import GDClassifier, GDRegressor


def test_history_and_verbose(capsys):
    X, y = linear_problem(n=50)
    reg = quiet(GDRegressor(lr=0.05, max_epochs=3, verbose=True, random_state=0).fit, X, y)
    assert reg.history_.epochs["loss"] == reg.loss_curve_
    assert reg.best_loss_ == min(reg.loss_curve_)
    assert "reached max_epochs=3" in reg.history_.stopped_because
    out = capsys.readouterr().out
    assert re.findall(r"Epoch (\d), loss = ", out) == ["1", "2", "3"]


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
