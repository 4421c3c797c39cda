"""``loss.backward()`` for a loop that calls it thousands of times a second, and
``torch.autograd.grad`` for the instruments' few gradients a reading.

``Tensor.backward`` goes through ``torch.autograd.backward``: its arguments normalised, a
check for torch-function overrides, ``_make_grads``' checks of the output and the seed
gradient ``ones_like(loss)``, a check of autograd's logging and a stash of the context
variables, then the C++ engine. On a small model that Python is a sizeable share of a step:
about 15 us of the bench's 4b updates (a logistic regression on 1024 x 100 batches), 2-3% of
the fit. For the common case, a plain floating-point scalar tensor that requires gradients,
with no torch-function override or mode and no functorch transform, :func:`backward` calls the engine with what ``torch.autograd.backward(loss)`` would give
it (the seed ``ones_like(loss)``, no graph kept, no graph built, every leaf); anything else
goes through ``loss.backward()``. The engine and its inputs are the same, so the gradients
are, bit for bit.

:func:`gradients` does the same for ``torch.autograd.grad(loss, inputs, allow_unused=True)``
(with or without ``create_graph``), whose Python (the inputs normalised, the override check of
the loss and every input, ``_make_grads``) is a like share of a small model's probe gradient.

The engine call is :mod:`descend._autograd_engine`'s (torch's private entry, as torch's own
wrappers make it, debug logging and compiled autograd's context included); where torch lacks
it, ``loss.backward()`` runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor

from .. import _autograd_engine

__all__ = ["backward", "gradients"]

_DIRECT = _autograd_engine.AVAILABLE


def backward(loss: Tensor) -> None:
    """``loss.backward()``: the gradients of the scalar ``loss`` added into the leaves' ``.grad``,
    by a direct call of autograd's engine where that is the same call (see the module's
    docstring).

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> backward((w * w).sum()); w.grad
    tensor([2., 4.])
    """
    if _plain_scalar(loss):
        seed = torch.ones_like(loss, memory_format=torch.preserve_format)
        _autograd_engine.run_backward((loss,), (seed,), keep_graph=False, accumulate_grad=True)
        return
    loss.backward()


def gradients(loss: Tensor, inputs: Sequence[Tensor], *, create_graph: bool = False) -> tuple[Tensor | None, ...]:
    """``torch.autograd.grad(loss, inputs, create_graph=create_graph, allow_unused=True)``: the
    gradients of the scalar ``loss`` with respect to ``inputs`` (``None`` for one the loss does
    not reach), with their graph where ``create_graph``; by a direct call of autograd's engine
    where that is the same call (see the module's docstring; ``inputs`` plain tensors or
    parameters), the same tensors bit for bit. Called a few times a reading by the instruments.

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> gradients((w * w).sum(), [w, torch.zeros(1, requires_grad=True)])
    (tensor([2., 4.]), None)
    """
    inputs = tuple(inputs)
    if inputs and all(type(t) in _autograd_engine.PLAIN for t in inputs) and _plain_scalar(loss):
        seed = torch.ones_like(loss, memory_format=torch.preserve_format)
        return _autograd_engine.run_backward(
            (loss,), (seed,), keep_graph=create_graph, inputs=inputs, accumulate_grad=False, create_graph=create_graph
        )
    return torch.autograd.grad(loss, inputs, create_graph=create_graph, allow_unused=True)


def _plain_scalar(loss: Tensor) -> bool:
    """Whether ``loss`` is a plain floating-point scalar that requires gradients, with no
    torch-function override or mode and no functorch transform: where torch's wrappers would hand
    the engine exactly what :func:`backward` and :func:`gradients` do."""
    return (
        _DIRECT
        and type(loss) is Tensor
        and loss.requires_grad
        and not loss.is_nested
        and loss.numel() == 1
        and loss.dtype.is_floating_point
        and not torch._C._has_torch_function_unary(loss)
        and not torch._C._are_functorch_transforms_active()
    )
