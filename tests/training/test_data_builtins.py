"""The built-in data sets: get() returns each loader (a misspelling suggests the closest name), and
prepare(name) loads, splits (stratified, by seed alone) and standardises on the training part;
digits is an 8x8 image, a regression target maps back to its units."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from descend.training.data import Prepared, get, names, prepare

BUILTINS = {  # name: (n_features, n_outputs, task, examples)
    "digits": (64, 10, "classification", 1797),
    "breast_cancer": (30, 2, "classification", 569),
    "diabetes": (10, 1, "regression", 442),
    "iris": (4, 3, "classification", 150),
    "wine": (13, 3, "classification", 178),
}


def test_builtin_table_covers_every_dataset():
    assert set(BUILTINS) == set(names())


@pytest.mark.parametrize("name", list(BUILTINS))
def test_get_returns_the_loader_of_a_builtin(name):
    n_features, _, _, n = BUILTINS[name]
    X, y = get(name)()
    assert X.shape == (n, n_features) and y.shape == (n,)
    assert get(f" {name.upper()} ") is get(name)


def test_get_an_unknown_builtin_says_did_you_mean():
    with pytest.raises(
        ValueError,
        match="unknown data set 'wien'. Did you mean 'wine'\\? Known: digits, breast_cancer, diabetes, iris, wine.",
    ):
        get("wien")


@pytest.mark.parametrize("name", list(BUILTINS))
def test_builtin_datasets_load_split_and_standardise(name):
    n_features, n_outputs, task, n = BUILTINS[name]
    p = prepare(name, seed=0)
    assert isinstance(p, Prepared)
    assert (p.n_features, p.n_outputs, p.task, p.name) == (n_features, n_outputs, task, name)
    assert p.input_shape == (n_features,)
    assert p.val.n == math.ceil(0.2 * n) and p.train.n + p.val.n == n
    ((x_train, y_train),) = p.train.batches(0)
    ((x_val, y_val),) = p.val.batches(0)
    assert x_train.shape == (p.train.n, n_features) and x_train.dtype == torch.float32
    # Fitted on the training part only: exactly standard there, only roughly on validation.
    varying = x_train.std(0) > 0
    torch.testing.assert_close(x_train.mean(0), torch.zeros(n_features), atol=1e-5, rtol=0)
    torch.testing.assert_close(
        x_train[:, varying].std(0, unbiased=False), torch.ones(int(varying.sum())), atol=1e-4, rtol=0
    )
    assert x_val.mean(0).abs().max() > 1e-3
    if task == "classification":
        assert y_train.dtype == torch.int64 and y_train.shape == (p.train.n,)
        assert p.target_mean is None and p.target_scale is None
    else:
        assert y_train.dtype == torch.float32 and y_train.shape == (p.train.n,)
        assert abs(float(y_train.mean())) < 1e-5


def test_digits_is_an_8x8_image_and_others_are_not():
    assert prepare("digits").image_shape == (1, 8, 8)
    assert prepare("iris").image_shape is None


def test_stratified_split_keeps_class_proportions():
    p = prepare("iris", seed=5)
    ((_, y_val),) = p.val.batches(0)
    assert torch.bincount(y_val).tolist() == [10, 10, 10]


def test_regression_target_maps_back_to_original_units():
    from sklearn.datasets import load_diabetes

    raw = np.sort(load_diabetes().target)
    p = prepare("diabetes", seed=2)
    ((_, y_train),) = p.train.batches(0)
    ((_, y_val),) = p.val.batches(0)
    back = torch.cat([y_train, y_val]) * p.target_scale + p.target_mean
    np.testing.assert_allclose(np.sort(back.numpy()), raw, rtol=1e-5)


def test_split_depends_on_seed_only():
    a, b, c = prepare("wine", seed=1), prepare("wine", seed=1), prepare("wine", seed=2)
    assert torch.equal(a.val.X, b.val.X)
    assert not torch.equal(a.val.X, c.val.X)


def test_builtin_without_standardisation():
    p = prepare("iris", standardize=False)
    assert p.feature_mean is None and float(p.train.X.min()) >= 0  # raw measurements
