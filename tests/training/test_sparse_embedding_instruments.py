"""The instruments on a model of ``nn.Embedding(sparse=True)`` weights read what they read on
its dense twin (the same weights, ``sparse=False``): the sharpness and the decrease still to be
had through Hessian-vector products of the sparse gradient, read densely."""

from __future__ import annotations

import math
import warnings

import pytest
import torch
from _sparse_model import Lookup, tokens

from descend.instruments import Instruments


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
