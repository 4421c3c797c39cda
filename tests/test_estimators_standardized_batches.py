"""``scale_features=True`` standardizes each batch as it is taken (a sparse ``X``'s once made dense),
not a copy of ``X`` (a 160 MB copy of bench 4b's 400k x 100 float32 rows, and its page faults, before
the first step): the fits are those of the features standardized first, to rounding, and a sparse
``X`` fits as the same dense one."""

import tracemalloc
from unittest import mock

import numpy as np
import pytest
import scipy.sparse as sp
import torch

from descend import GDClassifier, GDRegressor
from descend.estimators.data import ArrayData
from descend.estimators.feature_scale import standardized
from descend.estimators.moments import weighted_moments
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
    copy = standardized(data, weighted_moments(data, w))
    raw = cls(scale_features=False, **common).fit(copy, target, sample_weight=weights)
    for mine, theirs in zip(scaled.model_.parameters(), raw.model_.parameters(), strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(scaled.loss_curve_, raw.loss_curve_, rtol=1e-6)
    assert np.array_equal(data, X.astype(dtype)), "fit changed the caller's X"


@pytest.mark.parametrize("sparse", [False, True])
def test_a_mini_batch_fit_makes_no_copy_of_x(sparse):
    """Dense, was a standardized copy of X (its full size) before the first step; sparse, three (a
    float64 copy for the moments, ``X[:]``, and ``X`` scaled whole: 3 times X in all).
    Now only batches are made. A copy in NumPy or scipy shows in the memory trace; tracemalloc does
    not see torch's allocations, so the whole standardized tensor of full batches and evaluation
    (``ArrayData.standardized_X``) may not be made at all."""
    if sparse:
        # 24 MB, 50 values a row: the engine's first 4096 rows made dense (3 MB, for the initial loss) and
        # the arrays of one value a row are small beside it
        data = sp.random(40_000, 100, density=0.5, format="csr", random_state=0)
        size = data.data.nbytes + data.indices.nbytes + data.indptr.nbytes
    else:
        data = np.random.default_rng(3).standard_normal((20_000, 200)).astype(np.float32) * 7 + 3  # 16 MB
        size = data.nbytes
    y = np.asarray(data[:, :10].sum(axis=1)).ravel()
    GDRegressor(max_epochs=1).fit(data[:50], y[:50])  # the imports of a first fit, outside the trace
    copied = AssertionError("a standardized copy of the whole X")
    tracemalloc.start()
    try:
        with mock.patch.object(ArrayData, "standardized_X", new_callable=mock.PropertyMock, side_effect=copied):
            GDRegressor(max_epochs=1, batch_size=128, random_state=0).fit(data, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < size / 2, f"a peak of {peak / 2**20:.1f} MiB for an X of {size / 2**20:.1f} MiB"


# Small integers over 256 rows, weights of 1 and 3 summing to 512: both ways to sum the moments (the
# dense X's chunks, scikit-learn's sparse sums) are exact, so they agree; batches of 32 rows (and a
# validation split of 64) leave a mean loss exact too, with weights or without (a sparse X is always
# read with weights: 1s for none).
EXACT = np.random.RandomState(1).randint(-2, 5, size=(256, 5)) * (np.random.RandomState(2).rand(256, 5) < 0.4)
EXACT_WEIGHTS = np.random.RandomState(3).permutation(np.repeat([1.0, 3.0], 128))


@pytest.mark.parametrize("case", ["mini-batch", "full batch", "weighted", "early stopping"])
@pytest.mark.parametrize("cls", [GDRegressor, GDClassifier])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_sparse_x_fits_exactly_as_the_same_dense_x(case, cls, dtype):
    """Was two mechanisms: a sparse X scaled whole (a copy) and each dense batch shifted, ``x * (1 / s) -
    m / s``, which differs from the dense batches' ``(x - m) / s`` by rounding (1e-6 in float32). Now
    each batch of either is standardized by the one affine map, so the fits are bit for bit equal."""
    options = dict(CASES[case], **({"validation_fraction": 0.25} if case == "early stopping" else {}))
    weights = EXACT_WEIGHTS if options.pop("weighted", False) else None
    data = EXACT.astype(dtype)
    target = data @ [1.0, -2.0, 0.5, 0.0, 3.0] if cls is GDRegressor else data[:, 0] > 0
    fits = [
        cls(max_epochs=3, random_state=0, **options).fit(x, target, sample_weight=weights)
        for x in (data, sp.csr_matrix(data))
    ]
    assert np.array_equal(fits[0]._x_moments[1], fits[1]._x_moments[1]), "the moments themselves differ"
    for mine, theirs in zip(fits[0].model_.parameters(), fits[1].model_.parameters(), strict=True):
        assert torch.equal(mine, theirs)
    assert fits[0].loss_curve_ == fits[1].loss_curve_


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
