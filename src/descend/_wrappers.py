"""``torch.compile``'d models and functions, for everything descend does to them besides their
training steps: the module inside the wrappers (checks with hooks, layer names, checkpoints),
and eager calls for readings that differentiate twice, which a compiled backward refuses."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import torch

__all__ = ["inner_module", "data_parallel", "eagerly"]


def inner_module(model: Any) -> Any:
    """The module itself, out of ``DistributedDataParallel`` and ``torch.compile``'s wrapper (in
    either order; anything else, a model's name say, as it is). Its parameters are the same
    tensors; its names and state-dict keys are the module's own (``0.weight``, not
    ``_orig_mod.0.weight``, so a checkpoint fits the model compiled or not); and it runs
    eagerly: a compiled module's backward refuses ``create_graph`` (Hessian-vector products),
    and hooks on it are traced into its graph, which compiles again once they are gone.

    >>> inner_module(torch.compile(torch.nn.Linear(2, 1))).__class__.__name__
    'Linear'
    """
    *_, inner = _layers(model)
    return inner


def data_parallel(model: Any) -> torch.nn.parallel.DistributedDataParallel | None:
    """The ``DistributedDataParallel`` wrapper of ``model``, outside ``torch.compile``'s or inside
    it (``torch.compile(DistributedDataParallel(net))``); ``None`` where there is none.

    >>> data_parallel(torch.compile(torch.nn.Linear(2, 1))) is None
    True
    """
    return next((m for m in _layers(model) if isinstance(m, torch.nn.parallel.DistributedDataParallel)), None)


def _layers(model: Any) -> Iterator[Any]:
    """``model``, then each module inside its wrappers, the outermost first."""
    yield model
    while True:
        if isinstance(model, torch.nn.parallel.DistributedDataParallel):
            model = model.module
        elif isinstance(getattr(model, "_orig_mod", None), torch.nn.Module):  # torch.compile's OptimizedModule
            model = model._orig_mod
        else:
            return
        yield model


def eagerly() -> contextlib.AbstractContextManager:
    """A context in which ``torch.compile``'d functions and modules run eagerly
    (``torch.compiler.set_stance("force_eager")``), for a graph to differentiate twice: a
    compiled one's backward raises "torch.compile with aot_autograd does not currently support
    double backward". Nothing to do (and torch's compiler not imported, 0.7 s) until something
    has been compiled.

    >>> f = torch.compile(lambda x: (x**3).sum(), backend="eager")
    >>> x = torch.ones(2, requires_grad=True)
    >>> with eagerly():
    ...     (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    >>> torch.autograd.grad(g.sum(), x)[0].tolist()  # 6x
    [6.0, 6.0]
    """
    if "torch._dynamo" not in sys.modules:  # torch.compile imports it: nothing is compiled
        return contextlib.nullcontext()
    return torch.compiler.set_stance("force_eager")
