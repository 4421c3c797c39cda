"""Armijo backtracking along the optimizer's own step, and that step itself."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor

from ..optim import step_unhooked
from ..training.findings import Diagnosis

__all__: list[str] = []

# What to change where the optimizer's step points uphill: the stop's message and its finding
# say it alike (the doctor, reading the searched steps as rates, advised a rate no search can
# use along an uphill step).
UPHILL = (
    "backtracking needs a descent direction: give line_search='armijo' an optimizer without "
    "momentum (optimizer='gd'), or leave line_search out"
)

_ARMIJO_C = 1e-4  # sufficient-decrease constant (Nocedal & Wright use 1e-4)
_ARMIJO_SHRINK = 0.5
_ARMIJO_MAX_TRIALS = 60


def uphill_finding(nit: int, evidence: str) -> Diagnosis:
    """The finding on a run whose Armijo search stopped at a step pointing uphill after ``nit``
    iterations: :data:`UPHILL`'s advice, in place of the doctor's rate findings."""
    return Diagnosis("slow_progress", nit, evidence, UPHILL, {"optimizer": "gd"})


def take_step(opt: torch.optim.Optimizer, x: Tensor, g: Tensor) -> None:
    """One optimizer step from ``x`` along the gradient ``g`` (through the fast path of
    :func:`descend.optim.step_unhooked` where no hook or profiler would miss it)."""
    x.grad = g
    step_unhooked(opt)


def armijo(
    fn: Callable[[Tensor], Tensor],
    x: Tensor,
    g: Tensor,
    fk: float,
    opt: torch.optim.Optimizer,
    project: Callable[[Tensor], Tensor] | None,
) -> tuple[Tensor | None, float, int, float]:
    r"""Backtrack along the optimizer's step until the Armijo condition holds.

    Every rule in descend moves by a step proportional to its learning rate, so one optimizer
    step at ``lr`` gives the direction and the trial points are ``x + s * Delta``. Returns the
    accepted loss (with its graph, so the caller's gradient needs no new evaluation), the
    accepted ``s``, the number of evaluations and the slope :math:`g^\top\Delta` of the
    step; ``None`` when no trial was accepted. A step that does not point downhill
    (:math:`g^\top\Delta \ge 0`: momentum can carry a step against the gradient) is not
    tried without ``project``: no point along it satisfies the condition.
    """
    x_old = x.detach().clone()
    take_step(opt, x, g)
    with torch.no_grad():
        delta = x - x_old
    slope_of_step = float(torch.dot(g.flatten(), delta.flatten()))
    if project is None and not slope_of_step < 0:
        with torch.no_grad():
            x.copy_(x_old)
        return None, 0.0, 0, slope_of_step
    s = 1.0
    evals = 0
    for _ in range(_ARMIJO_MAX_TRIALS):
        with torch.no_grad():
            x_trial = x_old + s * delta
            x.copy_(project(x_trial) if project is not None else x_trial)
            step = (x - x_old).flatten()
            slope = float(torch.dot(g.flatten(), step))
        if not step.any():
            break  # the step has vanished in floating point: no trial is left to make
        f = fn(x)
        evals += 1
        fv = f.item()
        if math.isfinite(fv) and fv <= fk + _ARMIJO_C * min(slope, 0.0):
            return f, s, evals, slope_of_step
        s *= _ARMIJO_SHRINK
    with torch.no_grad():
        x.copy_(x_old)
    return None, 0.0, evals, slope_of_step
