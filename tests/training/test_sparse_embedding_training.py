"""train on a model of ``nn.Embedding(sparse=True)`` weights with SparseAdam, the rule for
their sparse gradients: the gradient norms the loop records and both kinds of clipping take
sparse gradients (torch's ``_foreach_norm`` and ``clip_grad_value_`` have no sparse kernel)."""

from __future__ import annotations

import pytest
import torch
from _sparse_model import Lookup, tokens

import descend as ds
from descend.training.clipping import clip_gradients, gradient_norms


@pytest.mark.parametrize("clip", [{}, {"clip_grad_norm": 0.05}, {"clip_grad_value": 0.01}])
def test_train_fits_a_sparse_embedding_with_sparse_adam(clip):
    hist = ds.train(
        Lookup(), tokens(), optimizer="sparse_adam", lr=0.1, epochs=4, instruments=False, progress=False, **clip
    )
    assert hist.epochs["loss"][-1] < 0.5 * hist.epochs["loss"][0]
    assert all(n > 0 for n in hist.steps["grad_norm"])


def _sparse_and_dense_gradients():
    emb = torch.nn.Embedding(5, 2, sparse=True)
    emb(torch.tensor([1, 1, 3])).sum().mul(0.3).backward()  # row 1 twice: an uncoalesced gradient
    twin = torch.nn.Parameter(emb.weight.detach().clone())
    twin.grad = emb.weight.grad.to_dense()
    return emb.weight, twin


def test_gradient_norms_and_clipping_of_a_sparse_gradient_are_the_dense_ones():
    sparse, dense = _sparse_and_dense_gradients()
    assert torch.allclose(gradient_norms([sparse.grad])[0], torch.linalg.vector_norm(dense.grad))
    clip_gradients([sparse], (0.5, None))
    clip_gradients([dense], (0.5, None))
    assert torch.allclose(sparse.grad.to_dense(), dense.grad)
    sparse, dense = _sparse_and_dense_gradients()
    clip_gradients([sparse], (None, 0.4))
    clip_gradients([dense], (None, 0.4))
    assert torch.equal(sparse.grad.to_dense(), dense.grad)
