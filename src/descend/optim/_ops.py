"""Scaled foreach updates whose scale is a Python float (eager) or a 0-dim tensor (compiled).

Under ``fused=True`` the learning rate reaches a rule as a 0-dim tensor, so that a schedule
changing it every step does not recompile the graph; foreach ops take such a scale only as a
separate multiplication, which inductor fuses away. Eager steps keep the single fused op.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

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


class _OutsideGraphs:
    """A function of the step count that compiled steps call outside their graphs (see
    :func:`outside_graphs`): plain until the first compiled step, then the version that
    compilation skips."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.skipped = False

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)


_OUTSIDE_GRAPHS: list[_OutsideGraphs] = []


def outside_graphs(fn: Callable[..., Any]) -> _OutsideGraphs:
    """Mark a function of the step count (a rule's scalar bookkeeping) to run outside any
    compiled graph.

    Traced inside one, its arithmetic would be re-evaluated in the kernel's inner loop, once
    per vector of elements, and a Python branch on the step would recompile the graph.
    Called at the top of a rule, it hands the compiled kernel plain inputs instead. The
    wrapper calls ``fn`` itself until :func:`keep_out_of_graphs` (at the first compiled step)
    gives it the version that compilation skips, so that importing descend does not import
    the compiler; no module's names are rebound.
    """
    wrapper = _OutsideGraphs(fn)
    _OUTSIDE_GRAPHS.append(wrapper)
    return wrapper


def keep_out_of_graphs() -> None:
    for wrapper in _OUTSIDE_GRAPHS:
        if not wrapper.skipped:
            wrapper.fn, wrapper.skipped = torch.compiler.disable(wrapper.fn), True


@outside_graphs
def powers(t: int | Tensor, *bases: float) -> tuple[float | Tensor, ...]:
    """``base ** t`` for each base (see :func:`outside_graphs`)."""
    return tuple(base**t for base in bases)
