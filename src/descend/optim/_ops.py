"""Scaled foreach updates whose scale is a Python float (eager) or a 0-dim tensor (compiled).

Under ``fused=True`` the learning rate reaches a rule as a 0-dim tensor, so that a schedule
changing it every step does not recompile the graph; foreach ops take such a scale only as a
separate multiplication, which inductor fuses away. Eager steps keep the single fused op.
"""

from __future__ import annotations

import sys

import torch
from torch import Tensor


def add_scaled_(xs: list[Tensor], ys: list[Tensor], a: float | Tensor) -> None:
    """``xs += a * ys``."""
    if isinstance(a, Tensor):
        torch._foreach_add_(xs, torch._foreach_mul(ys, a))
    else:
        torch._foreach_add_(xs, ys, alpha=a)


def addcdiv_scaled_(xs: list[Tensor], ns: list[Tensor], ds: list[Tensor], a: float | Tensor) -> None:
    """``xs += a * ns / ds``."""
    if isinstance(a, Tensor):
        torch._foreach_add_(xs, torch._foreach_mul(torch._foreach_div(ns, ds), a))
    else:
        torch._foreach_addcdiv_(xs, ns, ds, a)


def add_scalar_(xs: list[Tensor], a: float | Tensor) -> None:
    """``xs += a`` for a scalar ``a``; a 0-dim tensor goes tensor by tensor, which compiles."""
    if isinstance(a, Tensor):
        for x in xs:
            x.add_(a)
    else:
        torch._foreach_add_(xs, a)


def div_scalar_(xs: list[Tensor], a: float | Tensor) -> None:
    """``xs /= a`` for a scalar ``a``, as :func:`add_scalar_`."""
    if isinstance(a, Tensor):
        for x in xs:
            x.div_(a)
    else:
        torch._foreach_div_(xs, a)


_OUTSIDE_GRAPHS: list[tuple[str, str]] = []


def outside_graphs(fn):
    """Mark a function of the step count (a rule's scalar bookkeeping) to run outside any
    compiled graph.

    Traced inside one, its arithmetic would be re-evaluated in the kernel's inner loop, once
    per vector of elements, and a Python branch on the step would recompile the graph.
    Called at the top of a rule, it hands the compiled kernel plain inputs instead. Rules
    call it by its module-level name: :func:`keep_out_of_graphs` swaps in the version that
    compilation skips when the first compiled step is asked for, so that importing descend
    does not import the compiler.
    """
    _OUTSIDE_GRAPHS.append((fn.__module__, fn.__name__))
    return fn


def keep_out_of_graphs() -> None:
    for module_name, name in _OUTSIDE_GRAPHS:
        module = sys.modules[module_name]
        fn = getattr(module, name)
        if not getattr(fn, "kept_out_of_graphs", False):
            fn = torch.compiler.disable(fn)
            fn.kept_out_of_graphs = True
            setattr(module, name, fn)


@outside_graphs
def powers(t: int | Tensor, *bases: float) -> tuple[float | Tensor, ...]:
    """``base ** t`` for each base (see :func:`outside_graphs`)."""
    return tuple(base**t for base in bases)
