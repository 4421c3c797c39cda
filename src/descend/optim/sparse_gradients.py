"""Rules that take sparse gradients only (SparseAdam), and the parameters whose gradients
autograd makes sparse: the weights of ``nn.Embedding(sparse=True)`` and
``nn.EmbeddingBag(sparse=True)``. A run refuses such a rule up front on a model with any
other trainable parameter, instead of torch's "SparseAdam does not support dense gradients"
from inside the first step."""

from __future__ import annotations

from typing import Any

import torch

from .._checks import InvalidArgument
from ._registry import rule_class
from .sparse_adam import SparseAdam

__all__ = ["sparse_only", "dense_gradient_names", "refuse_sparse_rule_on_dense_gradients"]

_SPARSE_ONLY = (SparseAdam, torch.optim.SparseAdam)
_SPARSE_LAYERS = (torch.nn.Embedding, torch.nn.EmbeddingBag)


def sparse_only(optimizer: Any) -> bool:
    """Whether ``optimizer`` (a name, class or instance) takes sparse gradients only.

    >>> sparse_only("sparse_adam"), sparse_only(torch.optim.SparseAdam), sparse_only("adam")
    (True, True, False)
    """
    rule = rule_class(optimizer)
    return rule is not None and issubclass(rule, _SPARSE_ONLY)


def dense_gradient_names(model: torch.nn.Module) -> list[str]:
    """The trainable parameters of ``model`` whose gradient is dense: all but the weights of
    embeddings built with ``sparse=True``.

    >>> net = torch.nn.Sequential(torch.nn.Embedding(10, 3, sparse=True), torch.nn.Linear(3, 1))
    >>> dense_gradient_names(net)
    ['1.weight', '1.bias']
    """
    sparse = {id(m.weight) for m in model.modules() if isinstance(m, _SPARSE_LAYERS) and m.sparse}
    return [name for name, p in model.named_parameters() if p.requires_grad and id(p) not in sparse]


def refuse_sparse_rule_on_dense_gradients(optimizer: Any, model: torch.nn.Module) -> None:
    """Refuse, before any step, an ``optimizer`` that takes sparse gradients only (SparseAdam)
    for a ``model`` with a trainable parameter whose gradient is dense.

    >>> emb = torch.nn.Embedding(10, 3, sparse=True)
    >>> refuse_sparse_rule_on_dense_gradients("sparse_adam", emb)
    >>> refuse_sparse_rule_on_dense_gradients("sparse_adam", torch.nn.Linear(3, 1))
    Traceback (most recent call last):
    descend._checks.InvalidArgument: optimizer='sparse_adam' (SparseAdam) takes sparse gradients only, and the model's weight, bias get dense ones: give it a model whose every trainable parameter is an embedding built with sparse=True (nn.Embedding(n, d, sparse=True)), or give another optimizer (optimizer='adam')
    """
    if not sparse_only(optimizer):
        return
    dense = dense_gradient_names(model)
    if not dense:
        return
    rule = rule_class(optimizer).__name__
    given = f"optimizer={optimizer!r} ({rule})" if isinstance(optimizer, str) else f"optimizer {rule}"
    names = ", ".join(dense[:3]) + (f" and {len(dense) - 3} more" if len(dense) > 3 else "")
    raise InvalidArgument(
        f"{given} takes sparse gradients only, and the model's {names} get dense ones: give it a "
        "model whose every trainable parameter is an embedding built with sparse=True "
        "(nn.Embedding(n, d, sparse=True)), or give another optimizer (optimizer='adam')"
    )
