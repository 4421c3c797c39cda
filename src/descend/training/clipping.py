"""Gradient clipping, as ``train`` and the range test take it: by global norm or by value
(torch's own rules), checked once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, number

__all__ = ["check_clip", "clip_gradients", "gradient_norms"]


def check_clip(clip_grad_norm: Any, clip_grad_value: Any) -> None:
    """Both ``None``, or one of them a number > 0 (``train`` and ``lr_find`` take the same).

    >>> check_clip(1.0, None)
    >>> check_clip(1.0, 0.5)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: give clip_grad_norm or clip_grad_value, not both: they are two ways of bounding the same gradient
    """
    number("clip_grad_norm", clip_grad_norm, gt=0, none=True)
    number("clip_grad_value", clip_grad_value, gt=0, none=True)
    if clip_grad_norm is not None and clip_grad_value is not None:
        raise InvalidArgument(
            "give clip_grad_norm or clip_grad_value, not both: they are two ways of bounding the same gradient"
        )


def clip_gradients(
    params: list[Tensor], clip: tuple[float | None, float | None], norms: Sequence[Tensor] | None = None
) -> None:
    """Clip the gradients of ``params`` (all set) in place as ``train`` does: to a global L2
    norm of at most ``clip[0]`` (torch's rule, from the per-tensor gradient ``norms`` when the
    caller has them), or to values within ``clip[1]``; nothing when both are ``None``.

    >>> w = torch.nn.Parameter(torch.zeros(2)); w.grad = torch.tensor([3.0, 4.0])
    >>> clip_gradients([w], (1.0, None)); w.grad
    tensor([0.6000, 0.8000])
    """
    max_norm, max_value = clip
    if max_norm is not None:
        norms = gradient_norms([p.grad for p in params]) if norms is None else norms
        total = torch.linalg.vector_norm(torch.stack(norms))
        torch.nn.utils.clip_grads_with_norm_(params, max_norm, total)
    elif max_value is not None:
        dense = [p for p in params if not p.grad.is_sparse]
        if dense:
            torch.nn.utils.clip_grad_value_(dense, max_value)
        for p in params:  # torch's rule has no sparse kernel: clamp the values an embedding's rows hold
            if p.grad.is_sparse:
                p.grad = p.grad.coalesce()
                p.grad.values().clamp_(-max_value, max_value)


def gradient_norms(grads: Sequence[Tensor]) -> tuple[Tensor, ...]:
    """The L2 norm of each gradient in ``grads``, a sparse one's (``nn.Embedding(sparse=True)``)
    too: the norm of the values its rows hold, summed where a row repeats.

    >>> rows = torch.sparse_coo_tensor([[1, 1]], torch.tensor([[3.0, 0.0], [0.0, 4.0]]), (3, 2), check_invariants=True)
    >>> gradient_norms([torch.tensor([3.0, 4.0]), rows])
    (tensor(5.), tensor(5.))
    """
    if not any(g.is_sparse for g in grads):
        return tuple(torch._foreach_norm(list(grads)))
    return tuple(torch.linalg.vector_norm(g.coalesce().values() if g.is_sparse else g) for g in grads)
