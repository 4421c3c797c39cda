r"""Hessian-vector products through a gradient's graph, the one operation the curvature
instruments (sharpness, the loss left to fall) are built on: :math:`Hv = \nabla(\nabla L \cdot v)`,
a backward pass through the graph of a gradient computed with ``create_graph=True``
(Pearlmutter, "Fast Exact Multiplication by the Hessian", 1994), exact and without forming
:math:`H`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

__all__ = ["hessian_vector_product"]


def hessian_vector_product(gradient: Sequence[Tensor | None], params: Sequence[Tensor]) -> Callable[[Tensor], Tensor]:
    r"""The operator :math:`v \mapsto Hv` on the flat concatenation of ``params``, where
    ``gradient`` (one entry per parameter) was computed with ``create_graph=True``. Its graph is
    kept for every product (the caller frees it). Parameters the loss does not reach have no
    gradient graph: their rows and columns of :math:`H` are zero. ``v`` may be of another dtype
    (CG works in float64); the product is in the parameters' dtype.

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> (g,) = torch.autograd.grad((w[0] ** 2 * w[1]).sum(), [w], create_graph=True)
    >>> hessian_vector_product([g], [w])(torch.tensor([1.0, 0.0]))  # H = [[2 w1, 2 w0], [2 w0, 0]]
    tensor([4., 2.])
    """
    params, gradient = list(params), list(gradient)
    sizes = [p.numel() for p in params]
    live = [i for i, g in enumerate(gradient) if g is not None and g.requires_grad]
    outputs, inputs = [gradient[i] for i in live], [params[i] for i in live]

    def apply(v: Tensor) -> Tensor:
        parts = torch.split(v, sizes)
        hv = [torch.zeros_like(p) for p in params]
        if live:
            found = torch.autograd.grad(
                outputs,
                inputs,
                [parts[i].view_as(params[i]).to(params[i].dtype) for i in live],
                retain_graph=True,
                allow_unused=True,
            )
            for i, h in zip(live, found, strict=True):
                if h is not None:
                    hv[i] = h
        return torch.cat([h.reshape(-1) for h in hv])

    return apply
