"""``loss.backward()`` for a loop that calls it thousands of times a second.

``Tensor.backward`` goes through ``torch.autograd.backward``: its arguments normalised, a
check for torch-function overrides, ``_make_grads``' checks of the output and the seed
gradient ``ones_like(loss)``, a check of autograd's logging and a stash of the context
variables, then the C++ engine. On a small model that Python is a sizeable share of a step:
about 15 us of the bench's 4b updates (a logistic regression on 1024 x 100 batches), 2-3% of
the fit. For the common case, a plain floating-point scalar tensor that requires gradients,
with no torch-function override or mode, no functorch transform and autograd's debug logging
off, :func:`backward` calls the engine with what ``torch.autograd.backward(loss)`` would give
it (the seed ``ones_like(loss)``, no graph kept, no graph built, every leaf); anything else
goes through ``loss.backward()``. The engine and its inputs are the same, so the gradients
are, bit for bit.

This reads torch's private engine entry and thread-local stash, as
``torch.autograd.graph._engine_run_backward`` does: torch offers no public call without the
Python around it. Where they are missing (another torch version), ``loss.backward()`` runs.
"""

from __future__ import annotations

import contextvars
import logging

import torch
from torch import Tensor

__all__ = ["backward"]

_ENGINE = getattr(torch.autograd.Variable, "_execution_engine", None)
_STASH = getattr(torch._C, "_stash_obj_in_tls", None)
_UNSTASH = getattr(torch._C, "_remove_obj_from_tls", None)
_DIRECT = _ENGINE is not None and _STASH is not None and _UNSTASH is not None
# torch.autograd.graph's logger: at DEBUG torch hooks every node of the graph to log it.
_LOG = logging.getLogger("torch.autograd.graph")


def backward(loss: Tensor) -> None:
    """``loss.backward()``: the gradients of the scalar ``loss`` added into the leaves' ``.grad``,
    by a direct call of autograd's engine where that is the same call (see the module's
    docstring).

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> backward((w * w).sum()); w.grad
    tensor([2., 4.])
    """
    if (
        _DIRECT
        and type(loss) is Tensor
        and loss.requires_grad
        and not loss.is_nested
        and loss.numel() == 1
        and loss.dtype.is_floating_point
        and not torch._C._has_torch_function_unary(loss)
        and not torch._C._are_functorch_transforms_active()
        and _LOG.getEffectiveLevel() > logging.DEBUG
    ):
        seed = torch.ones_like(loss, memory_format=torch.preserve_format)
        _STASH("context", contextvars.copy_context())  # as torch: compiled autograd reads it
        try:
            _ENGINE.run_backward((loss,), (seed,), False, False, (), allow_unreachable=True, accumulate_grad=True)
        finally:
            _UNSTASH("context")
        return
    loss.backward()
