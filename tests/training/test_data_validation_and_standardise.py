"""A user's data is neither split nor standardised unless asked: a split on request, explicit
validation data (arrays, a Dataset or a DataLoader) standardised with the training statistics,
validation labels that widen the class count."""

from __future__ import annotations

import pytest
import torch
from _data import D, N, PairDataset, X, Y
from torch.utils.data import DataLoader, TensorDataset

from descend.training.data import prepare


def test_user_arrays_are_neither_split_nor_standardised_by_default():
    p = prepare((X, Y))
    assert p.val is None and p.feature_mean is None and p.name == "arrays"
    assert torch.equal(p.train.X, X)


def test_split_on_request_and_standardise_on_request():
    p = prepare((X, Y), "split", seed=0, val_fraction=0.3)
    assert (p.train.n, p.val.n) == (N - 7, 7)
    assert sorted(p.train.X[:, 0].tolist() + p.val.X[:, 0].tolist()) == list(range(N))
    s = prepare((X, Y), "split", standardize=True)
    torch.testing.assert_close(s.train.X.mean(0), torch.zeros(D), atol=1e-5, rtol=0)


def test_regression_target_standardised_on_request():
    y = torch.linspace(10, 20, N)
    p = prepare((X, y), standardize=True)
    assert float(p.target_mean) == pytest.approx(15.0)
    torch.testing.assert_close(p.train.y * p.target_scale + p.target_mean, y)


def test_explicit_validation_data():
    p = prepare((X, Y), (X[:5], Y[:5]), batch_size=4)
    assert p.val.n == 5 and p.val.batch_size is None and not p.val.shuffle
    ((xv, yv),) = p.val.batches(0)
    assert torch.equal(xv, X[:5]) and torch.equal(yv, Y[:5])


def test_validation_data_may_be_a_dataset_or_loader():
    for val in (PairDataset(X[:6], Y[:6]), DataLoader(TensorDataset(X[:6], Y[:6]), batch_size=4)):
        p = prepare((X, Y), val)
        assert torch.equal(torch.cat([y for _, y in p.val.batches(0)]), Y[:6])


def test_validation_labels_widen_the_class_count():
    p = prepare((X, Y), (X[:2], torch.tensor([0, 4])))
    assert p.n_outputs == 5


def test_explicit_validation_data_is_standardised_with_training_statistics():
    p = prepare((X, Y), (X[:5], Y[:5]), standardize=True)
    torch.testing.assert_close(p.val.X, (X[:5] - p.feature_mean) / p.feature_scale)
