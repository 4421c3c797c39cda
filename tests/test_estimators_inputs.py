"""Inputs: in a full batch sample_weight is repetition (0 removes a row), sparse X fits as dense X
(densified in chunks), float32 X trains and predicts in float32."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import torch
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris

import descend.estimators as est
from _estimators import linear_problem, quiet
from descend.estimators import GDClassifier, GDRegressor


def test_sample_weight_is_repetition_and_zero_is_removal_in_full_batch():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    w = rng.randint(0, 4, size=len(y))
    kw = dict(hidden_layer_sizes=(8,), lr=0.02, batch_size=None, max_epochs=30, random_state=0)
    weighted = quiet(GDClassifier(**kw).fit, X, y, sample_weight=w)
    repeated = quiet(GDClassifier(**kw).fit, np.repeat(X, w, axis=0), np.repeat(y, w))
    assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X), rtol=1e-9)
    assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-9)


def test_sparse_input_equals_dense_and_is_densified_in_chunks(monkeypatch):
    X, y = load_iris(return_X_y=True)
    X[X < 1.5] = 0
    kw = dict(hidden_layer_sizes=(8,), lr=0.02, batch_size=None, max_epochs=10, random_state=0)
    dense = quiet(GDClassifier(**kw).fit, X, y)
    monkeypatch.setattr(est.data, "DENSE_CHUNK", 4 * 7)  # 7 rows of 4 features per piece
    sparse = quiet(GDClassifier(**kw).fit, sp.csr_matrix(X), y)
    assert_allclose(sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), rtol=1e-9)


def test_float32_input_trains_in_float32():
    X, y = linear_problem()
    reg = quiet(GDRegressor(lr=0.05, max_epochs=5, random_state=0).fit, X.astype(np.float32), y)
    assert next(reg.model_.parameters()).dtype == torch.float32
    assert reg.predict(X).dtype == np.float32
