"""The estimators record where a new fit starts on its data (``history_.initial_data_loss``),
as ``train`` does: the doctor's instability checks read it (session 28)."""

import sys
import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_iris

from descend.estimators import GDClassifier, GDRegressor

X, Y = load_iris(return_X_y=True)
X = (X - X.mean(0)) / X.std(0)
W = np.random.default_rng(0).uniform(0.5, 2.0, len(Y))
FIT = dict(hidden_layer_sizes=(8,), alpha=1e-2, lr=0.05, max_epochs=3, random_state=0, tol=0.0)


def test_a_mini_batch_fit_records_the_loss_a_full_batch_fit_starts_from():
    """The same initial weights: the mini-batch fit's measured start is the full batch's first
    loss (weighted, with the L2 penalty: the objective the fit descends)."""
    full = GDClassifier(**FIT, batch_size=None).fit(X, Y, sample_weight=W)
    mini = GDClassifier(**FIT, batch_size=16).fit(X, Y, sample_weight=W)
    first = full.history_.steps["loss"][0]
    assert full.history_.initial_data_loss == first
    assert mini.history_.initial_data_loss == pytest.approx(first, rel=1e-6)
    assert abs(mini.history_.steps["loss"][0] - first) > 1e-3  # one batch's loss is another measure


def test_the_pass_changes_nothing_the_fit_is_the_same_bit_for_bit(monkeypatch):
    measured = GDRegressor(**FIT, batch_size=8).fit(X[:, :3], X[:, 3])
    monkeypatch.setattr(sys.modules["descend.training.initial_loss"], "initial_data_loss", lambda *a, **k: None)
    plain = GDRegressor(**FIT, batch_size=8).fit(X[:, :3], X[:, 3])
    assert measured.history_.initial_data_loss is not None and plain.history_.initial_data_loss is None
    assert measured.loss_curve_ == plain.loss_curve_
    assert np.array_equal(measured.predict(X[:, :3]), plain.predict(X[:, :3]))


def test_a_continued_fit_keeps_where_the_first_one_started():
    warm = GDClassifier(**FIT, batch_size=16, warm_start=True).fit(X, Y)
    start = warm.history_.initial_data_loss
    warm.fit(X, Y)
    assert warm.history_.initial_data_loss == start
    partial = GDClassifier(**FIT, batch_size=16)
    partial.partial_fit(X, Y, classes=np.unique(Y))
    start = partial.history_.initial_data_loss
    partial.partial_fit(X, Y)
    assert start is not None and partial.history_.initial_data_loss == start


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # one epoch
def test_a_wide_sparse_x_is_not_made_dense_whole_for_the_start():
    """The start was measured on up to 4096 rows made dense at once: all of a 2000 x 20000 csr X of
    56 kB, 305 MiB (4000 x 1M text columns: 32 GB, a fit that failed). Now in pieces of 128 rows: a
    peak of 40 MiB (306 before).
    scipy's dense copy is NumPy's memory, which tracemalloc sees."""
    X = sp.random(2000, 20_000, density=1e-4, format="csr", random_state=0)
    y = np.asarray(X[:, :10].sum(axis=1)).ravel()
    GDRegressor(max_epochs=1).fit(X[:50], y[:50])  # the imports of a first fit, outside the trace
    tracemalloc.start()
    try:
        fit = GDRegressor(max_epochs=1, batch_size=32, random_state=0).fit(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    dense = X.shape[0] * X.shape[1] * 8
    assert fit.history_.initial_data_loss is not None
    assert peak < dense / 4, f"a peak of {peak / 2**20:.0f} MiB, X dense {dense / 2**20:.0f} MiB"
