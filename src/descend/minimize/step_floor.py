"""A rule whose steps have a smallest length of their own (Rprop's ``step_sizes[0]``, 1e-6 by
default): near a minimum its steps shrink to that floor and then overshoot it, so the iterates
cycle there whatever ``lr`` is (Rprop's ``lr`` is only its first step). Such a cycle is the
floor's, not the rate's: its finding advises a floor a thousand times lower, where "try a
smaller lr" would cycle again at the same floor (Rprop on Booth from (-1.2, 1): lr=0.01, then
0.005, each stopped cycling with steps of 1e-06)."""

from __future__ import annotations

import math

import torch

from ..doctor import Diagnosis
from .result import Result

__all__: list[str] = []

_LOWER = 1e-3  # the advised floor, as a share of the one the run hit


def step_floor(opt: torch.optim.Optimizer) -> tuple[float, float] | None:
    """``opt``'s ``step_sizes`` (the smallest and the largest step), where it has them.

    >>> import descend as ds
    >>> x = torch.zeros(2, requires_grad=True)
    >>> step_floor(ds.optim.build("rprop", [x], lr=0.01)), step_floor(ds.optim.build("adam", [x], lr=0.01))
    ((1e-06, 50), None)
    """
    sizes = opt.param_groups[0].get("step_sizes")
    if isinstance(sizes, (tuple, list)) and len(sizes) == 2 and sizes[0] > 0:
        return sizes[0], sizes[1]
    return None


def at_floor(jump: float, sizes: tuple[float, float] | None) -> bool:
    """Whether a step whose largest coordinate change is ``jump`` is the floor's length."""
    return sizes is not None and math.isclose(jump, sizes[0], rel_tol=1e-6)


def floor_words(sizes: tuple[float, float]) -> str:
    """What a cycle at the floor ``sizes[0]`` needs, in words."""
    return (
        f"each step is the rule's smallest (step_sizes[0] = {sizes[0]:g}), which overshoots: lower "
        f"that floor (step_sizes={advised(sizes)})"
    )


def advised(sizes: tuple[float, float]) -> tuple[float, float]:
    """The ``step_sizes`` to try: the floor :data:`_LOWER` times lower, the ceiling as it was."""
    return float(f"{sizes[0] * _LOWER:.3g}"), sizes[1]


def floor_finding(result: Result, sizes: tuple[float, float]) -> Diagnosis:
    """The finding on a run that stopped cycling with steps of the floor's length."""
    return Diagnosis(
        "oscillation",
        result.nit,
        f"the iterates cycle with steps of {sizes[0]:g}, the rule's smallest (step_sizes[0]), and "
        f"the gradient norm {result.grad_norm:.3g}",
        f"{floor_words(sizes)}; the rate, lr, sets only the first step",
        {"step_sizes": advised(sizes)},
    )
