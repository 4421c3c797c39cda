r"""Hessian-vector products through a gradient's graph, the one operation the curvature
instruments (sharpness, the loss left to fall) are built on: :math:`Hv = \nabla(\nabla L \cdot v)`,
a backward pass through the graph of a gradient computed with ``create_graph=True``
(Pearlmutter, "Fast Exact Multiplication by the Hessian", 1994), exact and without forming
:math:`H`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

from .. import _autograd_engine

__all__ = ["hessian_vector_product", "densified"]


def hessian_vector_product(gradient: Sequence[Tensor | None], params: Sequence[Tensor]) -> Callable[[Tensor], Tensor]:
    r"""The operator :math:`v \mapsto Hv` on the flat concatenation of ``params``, where
    ``gradient`` (one entry per parameter) was computed with ``create_graph=True``. Its graph is
    kept for every product (the caller frees it). Parameters the loss does not reach have no
    gradient graph: their rows and columns of :math:`H` are zero. ``v`` may be of another dtype
    (CG works in float64); the product is in the parameters' dtype. A sparse gradient (of an
    ``nn.Embedding(sparse=True)`` weight) is read densely (:func:`densified`): torch
    differentiates ``to_dense`` twice, not a sparse gradient's ``reshape``.

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> (g,) = torch.autograd.grad((w[0] ** 2 * w[1]).sum(), [w], create_graph=True)
    >>> hessian_vector_product([g], [w])(torch.tensor([1.0, 0.0]))  # H = [[2 w1, 2 w0], [2 w0, 0]]
    tensor([4., 2.])
    """
    params, gradient = list(params), [densified(g) for g in gradient]
    sizes = [p.numel() for p in params]
    live = [i for i, g in enumerate(gradient) if g is not None and g.requires_grad]
    outputs, inputs = tuple(gradient[i] for i in live), tuple(params[i] for i in live)
    backward = vector_jacobian(outputs, inputs)
    # One dtype (as a model's usually is): v is converted once, not part by part (the same
    # numbers: a conversion rounds each entry alone).
    dtypes = {p.dtype for p in params}
    dtype = dtypes.pop() if len(dtypes) == 1 else None

    def apply(v: Tensor) -> Tensor:
        parts = torch.split(v.to(dtype) if dtype is not None else v, sizes)
        hv: list[Tensor | None] = [None] * len(params)
        if live:
            found = backward(tuple(parts[i].view_as(params[i]).to(params[i].dtype) for i in live))
            for i, h in zip(live, found, strict=True):
                hv[i] = densified(h)
        return torch.cat([(h if h is not None else torch.zeros_like(p)).reshape(-1) for h, p in zip(hv, params)])

    return apply


def densified(t: Tensor | None) -> Tensor | None:
    """``t`` as a dense tensor: a sparse one (an ``nn.Embedding(sparse=True)`` weight's gradient,
    its duplicate entries summed) by ``to_dense``, which keeps its graph; a dense one, or
    ``None``, as it is.

    >>> emb = torch.nn.Embedding(3, 1, sparse=True)
    >>> (g,) = torch.autograd.grad(emb(torch.tensor([2, 2])).sum(), [emb.weight])
    >>> densified(g)
    tensor([[0.],
            [0.],
            [2.]])
    """
    return t.to_dense() if t is not None and t.layout != torch.strided else t


def vector_jacobian(
    outputs: tuple[Tensor, ...], inputs: tuple[Tensor, ...]
) -> Callable[..., tuple[Tensor | None, ...]]:
    """``vjp(vectors)``: ``torch.autograd.grad(outputs, inputs, vectors, retain_graph=True,
    allow_unused=True)``, called many times on one graph. For plain tensors it calls the
    autograd engine as ``grad`` does (:mod:`descend._autograd_engine`), without ``grad``'s
    per-call argument checks (a fifth of a small model's Hessian-vector product; the result is
    the same tensors, bit for bit); for tensor subclasses, through ``grad``.

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> (g,) = torch.autograd.grad((w**3).sum(), [w], create_graph=True)
    >>> vector_jacobian((g,), (w,))((torch.ones(2),))  # 6 w
    (tensor([ 6., 12.]),)
    """
    direct = _autograd_engine.AVAILABLE and all(type(t) in _autograd_engine.PLAIN for t in (*outputs, *inputs))

    def vjp(vectors: tuple[Tensor, ...]) -> tuple[Tensor | None, ...]:
        nonlocal direct
        if direct and all(type(v) is Tensor and v.shape == o.shape for v, o in zip(vectors, outputs, strict=True)):
            try:
                return _autograd_engine.run_backward(
                    outputs, vectors, keep_graph=True, inputs=inputs, accumulate_grad=False
                )
            except TypeError:  # a torch whose engine takes other arguments: grad() from now on
                direct = False
        return torch.autograd.grad(outputs, inputs, vectors, retain_graph=True, allow_unused=True)

    return vjp
