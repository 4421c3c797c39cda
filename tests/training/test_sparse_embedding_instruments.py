"""The instruments on a model of ``nn.Embedding(sparse=True)`` weights read what they read on
its dense twin (the same weights, ``sparse=False``): the sharpness and the decrease still to be
had through Hessian-vector products of the sparse gradient, read densely."""

from __future__ import annotations

import math
import warnings

import pytest
import torch
from _sparse_model import Lookup, tokens

import descend as ds
from descend.instruments import Instruments, example_noise_scale, gradient_noise_scale, reads_example_norms


def _sparse_and_dense_twin():
    torch.manual_seed(0)
    sparse, dense = Lookup(), Lookup()
    dense.scores.sparse = False
    dense.load_state_dict(sparse.state_dict())
    return sparse, dense


def _reading(model):
    inst = Instruments(model, torch.nn.functional.cross_entropy, tokens(), every=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "no sharpness for this model", no torch warning
        return inst.measure(decrease=True)


@pytest.mark.parametrize("column", ["sharpness", "decrease"])
def test_a_sparse_embedding_reads_the_curvature_of_its_dense_twin(column):
    sparse, dense = (_reading(m) for m in _sparse_and_dense_twin())
    assert math.isfinite(sparse[column]) and sparse[column] > 0
    assert sparse[column] == pytest.approx(dense[column], rel=1e-4)


class _Bag(torch.nn.Module):
    """Four token ids per example, padding 0, their looked-up rows averaged; ``twice``: the ids
    shifted by one are looked up too (one embedding called twice)."""

    def __init__(self, sparse, twice):
        super().__init__()
        self.rows = torch.nn.Embedding(12, 3, sparse=sparse, padding_idx=0)
        self.twice = twice

    def forward(self, x):
        ids = x.long()
        out = self.rows(ids).mean(1)
        return out + self.rows((ids + 1) % 12).mean(1) if self.twice else out


@pytest.mark.parametrize("twice", [False, True])
def test_the_noise_scale_of_a_sparse_embedding_is_its_dense_twins_per_example_one(twice):
    torch.manual_seed(0)
    x = torch.randint(0, 12, (48, 4))
    x[::3, 2:] = 0  # padded examples: the padding row gets no gradient
    y = x[:, 0] % 3
    sparse, dense = _Bag(True, twice), _Bag(False, twice)
    dense.load_state_dict(sparse.state_dict())
    ce = torch.nn.functional.cross_entropy
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no vmap "performance drop" warning
        found = example_noise_scale(sparse, ce, x, y)
    expected = gradient_noise_scale(dense, ce, x, y)  # vmap's per-example gradients
    # float32 gradients (vmap's) against float64 sums of float32 output gradients (one pass)
    assert found.trace == pytest.approx(expected.trace, rel=1e-6)
    assert found.grad_sq == pytest.approx(expected.grad_sq, rel=1e-6)
    assert reads_example_norms(sparse) and not reads_example_norms(dense)


def test_train_with_instruments_on_a_sparse_embedding_reads_them_all_without_a_warning():
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hist = ds.train(Lookup(), tokens(), optimizer="sparse_adam", lr=0.1, epochs=4, progress=False)
    last = hist.instruments[-1]
    assert all(math.isfinite(last[c]) for c in ("sharpness", "noise_scale", "alpha", "decrease"))


def test_gradient_noise_scale_of_a_sparse_embedding_takes_the_groups_without_a_torch_warning():
    torch.manual_seed(0)
    x, y = tokens()
    with warnings.catch_warnings(record=True) as seen:  # not vmap's "performance drop"
        warnings.simplefilter("always")
        found = gradient_noise_scale(Lookup(), torch.nn.functional.cross_entropy, x, y)
    assert [str(w.message) for w in seen] == []
    assert math.isfinite(found.b_simple) and found.examples == 96
