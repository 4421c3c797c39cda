"""The module inside ``torch.compile``'s and ``DistributedDataParallel``'s wrappers, for
everything descend does to a model besides its training steps: checks with hooks, readings
that differentiate twice, layer names and checkpoints."""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["inner_module"]


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
    while True:
        if isinstance(model, torch.nn.parallel.DistributedDataParallel):
            model = model.module
        elif isinstance(getattr(model, "_orig_mod", None), torch.nn.Module):  # torch.compile's OptimizedModule
            model = model._orig_mod
        else:
            return model
