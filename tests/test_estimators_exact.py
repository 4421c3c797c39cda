"""What a fit computes, exactly: the label helpers give what ``np.unique`` and
``np.searchsorted`` give, and a linear GDClassifier's fit is, bit for bit, the plain loop of
its steps (session 30's cost work on the fit may change its cost only)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.multiclass import check_classification_targets

from descend import optim
from descend.estimators import GDClassifier
from descend.estimators.data import cpu_threads
from descend.estimators.labels import check_labels, encoded_labels, sorted_labels
from descend.training.data.batch_source import _epoch_order
from descend.training.data.sources import TensorSource
from descend.training.models import build_model

_rng = np.random.default_rng(0)
LABELS = [
    _rng.integers(0, 2, 500),
    _rng.integers(0, 7, 500).astype(np.int8),
    _rng.integers(3, 9, 500).astype(np.uint16),
    _rng.integers(-3, 3, 500),  # negative: np.unique
    _rng.integers(0, 3, 500).astype(np.uint64),  # not safely an intp: np.unique
    np.array([5, 1 << 40, 5]),  # too large to count: np.unique
    _rng.integers(0, 4, 1000)[::2],  # a strided view
    _rng.integers(0, 2, 500).astype(bool),
    _rng.normal(size=500).round(),
    np.array(["b", "a", "c", "a"]),
    np.array(["x", 2, "x"], dtype=object)[[0, 2]],
    np.array([7]),
]


@pytest.mark.parametrize("y", LABELS, ids=lambda y: f"{y.dtype}")
def test_sorted_labels_are_np_unique(y):
    got, want = sorted_labels(y), np.unique(y)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    codes = encoded_labels(want, y)
    assert np.array_equal(codes, np.searchsorted(want, y))


def _outcome(check, y):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            check(y)
            raised = None
        except Exception as err:
            raised = (type(err), str(err))
    return raised, [(w.category, str(w.message)) for w in seen]


TARGETS = [
    *LABELS,
    np.arange(100),  # more classes than half the rows: scikit-learn warns
    np.array([0.5, 1.0, 1.0]),  # continuous: scikit-learn raises
    np.array([[0, 1], [1, 0]]),  # multi-output
]


@pytest.mark.parametrize("y", TARGETS, ids=lambda y: f"{y.dtype}-{y.shape}")
def test_check_labels_raises_and_warns_as_scikit_learn_does(y):
    assert _outcome(check_labels, y) == _outcome(check_classification_targets, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = None if _outcome(check_labels, y)[0] else check_labels(y)
    if found is not None:
        assert found.dtype == np.unique(y).dtype and np.array_equal(found, np.unique(y))


def test_encoded_labels_of_labels_0_to_k_is_the_labels():
    y = np.array([2, 0, 1, 2])
    assert encoded_labels(np.array([0, 1, 2]), y) is y
    assert np.array_equal(encoded_labels(np.array([0, 2, 3]), np.array([3, 0])), [2, 0])  # a gap
    assert np.array_equal(encoded_labels(np.array([0, 1]), np.array([1.0, 0.0])), [1, 0])  # float labels


def test_a_rebatched_twin_shares_the_drawn_order_and_each_order_is_the_seeds():
    src = TensorSource(torch.zeros(10, 1), torch.arange(10), batch_size=3, shuffle=True, seed=4)
    twin = src.rebatched(4)
    first = [y.tolist() for _, y in twin.batches(0)]
    assert src._order(0) is twin._order(0)  # drawn once
    assert torch.equal(src._order(0), _epoch_order(10, 4, 0))
    assert torch.equal(src._order(1), _epoch_order(10, 4, 1)) and len(src._drawn_orders()) == 1
    assert [y.tolist() for _, y in twin.batches(0)] == first


def test_a_linear_fit_is_the_plain_loop_of_its_steps_bit_for_bit():
    """GDClassifier(hidden_layer_sizes=()) on 0/1 labels: the seeds it draws from random_state
    (the model's, the batch rule's, the shuffling's), epoch e's order ``_epoch_order(n, seed,
    e)``, the mean log-loss of each batch and descend's Adam: weights and every step's loss the
    same to the last bit as a hand loop's."""
    X = np.random.default_rng(1).normal(size=(300, 5)).astype(np.float32)
    y = (X @ np.arange(1, 6) + np.random.default_rng(2).normal(size=300) > 0).astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = GDClassifier(lr=1e-2, batch_size=64, max_epochs=2, scale_features=False, random_state=0).fit(X, y)

    rng = np.random.RandomState(0)
    init_seed, _, run_seed = (int(rng.randint(np.iinfo(np.int32).max)) for _ in range(3))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(init_seed)
        model = build_model("logistic", 5, 1, task="classification")
    opt = optim.Adam(model.parameters(), lr=1e-2)
    Xt, yt, losses = torch.from_numpy(X), torch.from_numpy(y.astype(np.float32)), []
    with cpu_threads(torch.device("cpu"), 0):
        for epoch in range(2):
            order = _epoch_order(len(X), run_seed, epoch)
            for lo in range(0, len(X), 64):
                idx = order[lo : lo + 64]
                loss = F.binary_cross_entropy_with_logits(model(Xt[idx]).squeeze(-1), yt[idx])
                losses.append(loss.item())
                opt.zero_grad()
                loss.backward()
                opt.step()
    assert clf.history_.steps["loss"] == losses
    assert np.array_equal(clf.coef_, model.weight.detach().numpy())
    assert np.array_equal(clf.intercept_, model.bias.detach().numpy())
