"""Scaled foreach updates whose scale is a Python float (eager) or a 0-dim tensor (compiled).

Under ``fused=True`` the learning rate reaches a rule as a 0-dim tensor, so that a schedule
changing it every step does not recompile the graph; foreach ops take such a scale only as a
separate multiplication, which inductor fuses away. Eager steps keep the single fused op.
"""

from __future__ import annotations

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


def powers(t: int | Tensor, *bases: float) -> tuple[float | Tensor, ...]:
    """``base ** t`` for each base, computed outside any compiled graph.

    Called first in a rule, it hands the compiled kernel plain inputs; traced inside, the
    power would be re-evaluated in the kernel's inner loop, once per vector of elements.
    Rules call it as ``_ops.powers``: :func:`keep_out_of_graphs` swaps in the version that
    compilation skips when the first compiled step is asked for, so that importing descend
    does not import the compiler.
    """
    return tuple(base**t for base in bases)


def keep_out_of_graphs() -> None:
    global powers
    if not getattr(powers, "kept_out_of_graphs", False):
        powers = torch.compiler.disable(powers)
        powers.kept_out_of_graphs = True
