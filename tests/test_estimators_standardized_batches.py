"""``scale_features=True`` on a dense ``X`` standardizes each batch as it is taken, not a copy of
``X`` (a 160 MB copy of bench 4b's 400k x 100 float32 rows, and its page faults, before the first
step): the fits are those of the features standardized first, to rounding."""

from unittest import mock

import numpy as np
import pytest
import scipy.sparse as sp
import torch

from descend import GDClassifier, GDRegressor
from descend.estimators import base as estimators_base
from descend.estimators.data import ArrayData
from descend.estimators.feature_scale import feature_moments, standardized
from descend.training.data.sources import TensorSource

rng = np.random.RandomState(0)
X = rng.normal(size=(300, 4)) * [1.0, 1000.0, 0.01, 5.0] + [5.0, -3000.0, 0.02, 0.0]
y = X @ [1.0, -0.001, 50.0, 0.2] + 0.1 * rng.normal(size=300)
WEIGHTS = rng.uniform(0.2, 2.0, size=300)

CASES = {
    "mini-batch": {"batch_size": 32},
    "full batch": {"optimizer": "gd", "lr": 0.3, "batch_size": None},
    "weighted": {"batch_size": 32, "weighted": True},
    "early stopping": {"batch_size": 32, "early_stopping": True},
    "lr auto": {"batch_size": 32, "lr": "auto"},
    "track examples": {"batch_size": 64, "track_examples": True},
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("cls", [GDRegressor, GDClassifier])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_batches_standardized_as_taken_fit_as_the_standardized_copy(case, cls, dtype):
    options = dict(CASES[case])
    weights = WEIGHTS if options.pop("weighted", False) else None
    data, target = X.astype(dtype), (y if cls is GDRegressor else y > np.median(y))
    common = {"max_epochs": 5, "random_state": 0, **options}
    if cls is GDRegressor:
        common["scale_targets"] = False
    scaled = cls(scale_features=True, **common).fit(data, target, sample_weight=weights)
    w = np.ones(len(data), dtype) if weights is None else weights.astype(dtype)  # as fit casts them
    copy = standardized(data, feature_moments(data, w))
    raw = cls(scale_features=False, **common).fit(copy, target, sample_weight=weights)
    for mine, theirs in zip(scaled.model_.parameters(), raw.model_.parameters(), strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(scaled.loss_curve_, raw.loss_curve_, rtol=1e-6)
    assert np.array_equal(data, X.astype(dtype)), "fit changed the caller's X"


def test_a_mini_batch_fit_of_a_dense_x_makes_no_standardized_copy_of_it():
    """Was a standardized copy of X (its full size) before the first step. Neither way to make
    one may run: the numpy copy fit made (``standardized``), nor the whole standardized tensor
    that full batches and evaluation use (``ArrayData.standardized_X``). (A memory trace cannot
    tell: tracemalloc does not see torch's allocations.)"""
    data = np.random.default_rng(3).standard_normal((5000, 20)).astype(np.float32) * 7 + 3
    copied = AssertionError("a standardized copy of the whole X")
    with (
        mock.patch.object(ArrayData, "standardized_X", new_callable=mock.PropertyMock, side_effect=copied),
        mock.patch.object(estimators_base, "standardized", side_effect=copied),
    ):
        fitted = GDClassifier(max_epochs=1, batch_size=1024, random_state=0).fit(data, data[:, 0] > 3)
    plain = GDClassifier(max_epochs=1, batch_size=1024, random_state=0).fit(data, data[:, 0] > 3)
    np.testing.assert_array_equal(fitted.coef_, plain.coef_)  # the same fit, by the batches' own standardizing


def test_sparse_x_is_still_scaled_whole_and_shifted_per_batch():
    dense = np.where(np.abs(X) > np.abs(X).mean(0), X, 0.0)
    on_sparse = GDRegressor(batch_size=32, max_epochs=3, random_state=0).fit(sp.csr_matrix(dense), y)
    on_dense = GDRegressor(batch_size=32, max_epochs=3, random_state=0).fit(dense, y)
    np.testing.assert_allclose(on_sparse.coef_, on_dense.coef_, rtol=1e-9)
    np.testing.assert_allclose(on_sparse.predict(sp.csr_matrix(dense)), on_dense.predict(dense), rtol=1e-9)


@pytest.mark.parametrize("shuffle", [True, False])
def test_a_tensor_source_with_an_affine_map_yields_mapped_batches_and_keeps_x(shuffle):
    data = torch.arange(24.0).reshape(8, 3)
    shift, scale = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 4.0, 8.0])
    plain = TensorSource(data, torch.arange(8), 3 if shuffle else None, shuffle, 0)
    mapped = TensorSource(data, torch.arange(8), 3 if shuffle else None, shuffle, 0, affine=(shift, scale))
    for reuse in (False, True):
        for (a, ya), (b, yb) in zip(plain.batches(1, reuse=reuse), mapped.batches(1, reuse=reuse), strict=True):
            torch.testing.assert_close(b, (a - shift) / scale)
            assert torch.equal(ya, yb)
    assert torch.equal(data, torch.arange(24.0).reshape(8, 3))
    twin = mapped.in_dtype(torch.float64)
    assert twin.affine[0].dtype == torch.float64 and next(iter(twin.batches(0)))[0].dtype == torch.float64
