"""One call of autograd's C++ engine as torch's own ``Tensor.backward`` and
``torch.autograd.grad`` make it, without the Python they run first on every call (arguments
normalised, overrides checked, the seed built and checked): on a small model that Python is a
sizeable share of a training step or of a Hessian-vector product, which a run makes thousands
of times. The engine, its inputs and so the gradients are the same, bit for bit.

torch offers no public call without that Python: this calls ``torch.autograd.graph.
_engine_run_backward``, the private function both of torch's wrappers end in (it stashes the
context that compiled autograd reads and attaches autograd's debug-logging hooks, as they do).
torch is pinned; where the function is missing, :data:`AVAILABLE` is false and the callers use
the public API."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor

__all__ = ["AVAILABLE", "PLAIN", "run_backward"]

_RUN = getattr(getattr(torch.autograd, "graph", None), "_engine_run_backward", None)
AVAILABLE = _RUN is not None
# The tensor types the callers hand the engine directly (a subclass may override what the
# wrappers do with it: it goes through them).
PLAIN = (Tensor, torch.nn.Parameter)


def run_backward(
    outputs: Sequence[Tensor],
    seeds: Sequence[Tensor],
    *,
    keep_graph: bool,
    inputs: Sequence[Tensor] = (),
    accumulate_grad: bool,
    create_graph: bool = False,
) -> tuple[Tensor | None, ...]:
    """The engine's backward pass from ``outputs`` seeded with ``seeds``: with
    ``accumulate_grad`` the gradients are added into the leaves' ``.grad`` (``backward``),
    without it those of ``inputs`` are returned, ``None`` where unreached (``grad`` with
    ``allow_unused=True``); with ``create_graph`` the pass is recorded, so that the gradients
    can be differentiated again (``grad``'s ``create_graph``, which keeps the graph too). Arguments are not checked: the caller passes what torch's wrapper
    would pass. A torch whose engine takes other arguments raises ``TypeError``.

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> run_backward(((w**2).sum(),), (torch.ones(()),), keep_graph=False, inputs=(w,), accumulate_grad=False)
    (tensor([2., 4.]),)
    """
    return _RUN(
        tuple(outputs),
        tuple(seeds),
        keep_graph,
        create_graph,
        tuple(inputs),
        allow_unreachable=True,
        accumulate_grad=accumulate_grad,
    )
