"""A sparse mini-batch above the densify budget is made dense a piece at a time, the pieces'
gradients accumulated into the batch's one update: the fit equals the unsplit one."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from numpy.testing import assert_allclose
from sklearn.datasets import load_wine

import descend.estimators as est
from _estimators import quiet
from descend.estimators import GDClassifier
from descend.estimators.data import ArrayData
from descend.training.data import head_pieces


def whole_and_in_pieces(monkeypatch, optimizer: str, weighted: bool):
    """The same fit with batches of 50 rows made dense whole, then in pieces of 12 rows, and the
    rows each densify of the second made dense."""
    X, y = load_wine(return_X_y=True)  # 178 rows of 13 features: batches of 50, the last of 28
    X = sp.csr_matrix(np.where(X < np.median(X, axis=0), 0.0, X))
    w = np.random.default_rng(0).uniform(0.5, 2.0, len(y)) if weighted else None
    kw = dict(hidden_layer_sizes=(6,), optimizer=optimizer, batch_size=50, max_epochs=4, random_state=0)
    whole = quiet(GDClassifier(**kw).fit, X, y, sample_weight=w)
    densified: list[int] = []
    dense = ArrayData.dense

    def spy(self, X, rows):
        densified.append(X.shape[0] if rows is None else len(rows))
        return dense(self, X, rows)

    monkeypatch.setattr(ArrayData, "dense", spy)
    monkeypatch.setattr(est.data, "DENSE_CHUNK", 13 * 12)  # pieces of 12 rows: 12, 12, 12, 12, 2 of a batch
    monkeypatch.setattr(head_pieces, "PIECE_ELEMENTS", 13 * 12)  # and the measured start's, of 8 rows
    return whole, quiet(GDClassifier(**kw).fit, X, y, sample_weight=w), densified


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_minibatch_above_the_budget_is_densified_in_pieces_and_fits_as_unsplit(monkeypatch, optimizer, weighted):
    whole, pieces, densified = whole_and_in_pieces(monkeypatch, optimizer, weighted)
    assert densified and max(densified) <= 12
    assert pieces.n_iter_ == whole.n_iter_ and len(pieces.history_.steps["loss"]) == 4 * 4
    assert_allclose(pieces.loss_curve_, whole.loss_curve_, rtol=1e-10, atol=0)
    for a, b in zip(pieces.model_.parameters(), whole.model_.parameters()):
        assert a.dtype == torch.float64
        assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_lbfgs_steps_on_a_sparse_minibatch_in_pieces_as_on_the_whole(monkeypatch):
    # L-BFGS fitting each mini-batch in turn magnifies rounding step after step (1e-16, 1e-12,
    # 1e-8 ...): the loss after its first update (read again piece by piece in the line search) is compared.
    whole, pieces, densified = whole_and_in_pieces(monkeypatch, "lbfgs", weighted=True)
    assert densified and max(densified) <= 12
    assert_allclose(pieces.history_.steps["loss"][:2], whole.history_.steps["loss"][:2], rtol=1e-10, atol=0)
