"""``minimize(lr="auto")``: the rate a run of ``fn`` from ``x0`` starts with, by the rule's kind of step.

- gradient descent, SGD, momentum, Nesterov: ``1/L`` for the Hessian's largest eigenvalue ``L`` at
  ``x0`` (:func:`descend.lr_find.curvature_lr`; stable below ``2/L``); where no curvature at
  ``x0`` is positive, or a negative one is steeper, the rate met along the run's first steps;
- Lion and NAdam, whose steps have length about ``lr`` whatever the gradient: :func:`sign_step_lr`;
- the others, and where ``fn`` has no curvature at ``x0``: :func:`probe_lr`, a backtracking probe of
  the first step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from .. import optim
from ..lr_find import curvature_lr, curvatures

__all__ = ["auto_lr", "probe_lr", "sign_step_lr"]

_CURVATURE_RULES = ("gd", "sgd", "momentum", "nesterov")
# A sign step's length is lr whatever the gradient, so its first step's Armijo test says nothing
# of the distance to the minimum (bench/minimize_sign_auto_s39_prereg.md; Rprop's lengths adapt,
# and the round found nothing to gain for it). Adam's first step is lr * sign(g) too (NAdam's and
# Adamax's alike); of the Adam family only NAdam gained without a loss on held-out tasks
# (bench/minimize_adam_auto_s39_prereg.md): Adam, AdamW, RAdam and Adamax keep the Armijo probe.
_SIGN_STEP_RULES = ("lion", "nadam")


def auto_lr(fn: Callable[[Tensor], Tensor], x: Tensor, optimizer: Any, hyper: dict, max_iter: int) -> float | None:
    """``lr="auto"``: ``1/L`` from the Hessian's largest eigenvalue at ``x0`` for the
    gradient-descent rules (stable below ``2/L``), or where no curvature at ``x0`` is positive,
    or a negative one is steeper, the rate met along the run's first steps; for Lion and NAdam
    the largest rate whose run still travels over a quarter of ``max_iter``; a backtracking
    probe for the others. Lion and NAdam get ``None`` (their default rate, never
    stepped with) for ``max_iter=0``: their probe cost 33 and 8 calls of ``fn`` for no step.

    >>> stiff = lambda x: 0.5 * (x[0] ** 2 + 10 * x[1] ** 2)
    >>> round(auto_lr(stiff, torch.ones(2), "gd", {}, 100), 6)  # 1/L, L = 10
    0.1
    """
    name = optimizer.lower() if isinstance(optimizer, str) else None
    if name in _CURVATURE_RULES:
        top, steeper = curvatures(fn, x)  # steeper: a negative curvature's size, where it dominates
        lr = 1.0 / top if top > 0 else math.nan
        if math.isfinite(lr) and not steeper:
            return lr
        # A negative curvature steeper than every positive one bounds no rate, and says that x0
        # is no guide to where the run goes: follow its first steps from a rate whose first step
        # lowers fn (box_3d's start: 1/L = 0.15 diverged at the first step).
        start = min(lr, probe_lr(fn, x, name, hyper)) if math.isfinite(lr) else probe_lr(fn, x, name, hyper)
        return _rate_along_the_path(fn, x, name, hyper, start, max_iter)
    if name is None:
        given = getattr(optimizer, "__qualname__", type(optimizer).__qualname__)
        raise ValueError(
            "lr='auto' needs the optimizer by name, such as optimizer='sgd' (descend.optim.names() lists them), "
            f"got the class {getattr(optimizer, '__module__', '?')}.{given}: give its name, or a number as lr"
        )
    if name in _SIGN_STEP_RULES:
        return sign_step_lr(fn, x, name, hyper, max_iter) if max_iter > 0 else None
    return probe_lr(fn, x, name, hyper)


def probe_lr(
    fn: Callable[[Tensor], Tensor],
    x: Tensor,
    optimizer: str,
    hyper: dict[str, Any],
    start: float = 1.0,
    shrink: float = 0.5,
    trials: int = 40,
) -> float:
    """The largest ``start * shrink**k`` whose first optimizer step from ``x`` lowers ``fn``
    by the Armijo condition (a backtracking probe, for rules without a curvature step).

    >>> probe_lr(lambda x: ((x - 10) ** 2).sum(), torch.zeros(2), "adam", {})
    1.0
    """
    with torch.no_grad():
        f0 = float(fn(x))
    lr = start
    for _ in range(trials):
        trial = x.detach().clone().requires_grad_(True)
        opt = optim.create(optimizer, [trial], lr=lr, **hyper)
        (trial.grad,) = torch.autograd.grad(fn(trial), trial)
        g = trial.grad.detach().clone()
        opt.step()
        with torch.no_grad():
            f = float(fn(trial))
            slope = float(torch.dot(g.flatten(), (trial - x).flatten()))
        if math.isfinite(f) and f <= f0 + 1e-4 * min(slope, 0.0) and f < f0:
            return lr
        lr *= shrink
    return lr


def sign_step_lr(
    fn: Callable[[Tensor], Tensor],
    x: Tensor,
    optimizer: str,
    hyper: dict[str, Any],
    budget: int,
    travel_share: float = 0.25,
    segments: int = 4,
    halvings: int = 40,
) -> float:
    r"""The rate for a sign-step rule (Lion; NAdam, whose first step is one): the largest
    :math:`r_0 2^{-j}`, :math:`j \le` ``halvings``, at which a run of ``optimizer`` from ``x``
    still travels after :math:`k = \lceil` ``travel_share`` :math:`\cdot` ``budget``
    :math:`\rceil` steps: cut into ``segments`` equal stretches, each reaches a lower ``fn`` than
    every stretch before it.

    A sign step moves every coordinate by the rate :math:`r` whatever the gradient, so a run
    arrives where ``fn`` stops falling after about :math:`D/r` steps (:math:`D` the distance
    along its path) and then circles there at about :math:`r`; the first step's Armijo test
    (:math:`r_0`, :func:`probe_lr`'s rate, an upper bound: a first step that does not lower
    ``fn`` is too long for any run) sees nothing of :math:`D`. The largest rate still travelling
    at step :math:`k` arrives at about :math:`k` and leaves the rest of the budget to settle,
    at the finest step that still arrives. The rates are bisected on :math:`j` (about 6 runs of
    :math:`k` steps, one gradient each); :math:`r_0` where none travels. The defaults
    (:math:`k` a quarter of the budget, 4 stretches) were fitted and checked on held-out tasks
    in ``bench/minimize_sign_auto_s39_prereg.md``; NAdam's use was checked on held-out tasks in
    ``bench/minimize_adam_auto_s39_prereg.md`` (Adam, AdamW, RAdam and Adamax failed there).

    >>> bowl = lambda x: ((x - 10) ** 2).sum()  # 10 from x0 in every coordinate
    >>> probe_lr(bowl, torch.zeros(2), "lion", {})
    1.0
    >>> sign_step_lr(bowl, torch.zeros(2), "lion", {}, budget=200), sign_step_lr(bowl, torch.zeros(2), "lion", {}, budget=800)
    (0.25, 0.0625)
    """
    r0 = probe_lr(fn, x, optimizer, hyper)
    steps = max(segments, math.ceil(travel_share * budget))  # a step in every stretch

    def travels(j: int) -> bool:
        return _still_travels(fn, x, optimizer, hyper, r0 * 2.0**-j, steps, segments)

    if travels(0):
        return r0
    fails, passes = 0, halvings
    while passes - fails > 1:
        middle = (fails + passes) // 2
        if travels(middle):
            passes = middle
        else:
            fails = middle
    if passes == halvings and not travels(halvings):
        return r0
    return r0 * 2.0**-passes


def _still_travels(
    fn: Callable[[Tensor], Tensor],
    x: Tensor,
    optimizer: str,
    hyper: dict[str, Any],
    lr: float,
    steps: int,
    segments: int,
) -> bool:
    trial = x.detach().clone().requires_grad_(True)
    opt = optim.create(optimizer, [trial], lr=lr, **hyper)
    lows = [math.inf] * segments
    for i in range(steps + 1):
        value = fn(trial)
        f = float(value.detach())
        if not math.isfinite(f):
            return False
        part = min(segments - 1, max(0, math.ceil(i * segments / steps) - 1))
        lows[part] = min(lows[part], f)
        if i < steps:
            (trial.grad,) = torch.autograd.grad(value, trial)
            opt.step()
    return all(lows[j] < min(lows[:j]) for j in range(1, segments))


def _rate_along_the_path(
    fn: Callable[[Tensor], Tensor], x: Tensor, name: str, hyper: dict, start: float, budget: int
) -> float:
    """The rate for a curvature rule from an ``x`` with no positive curvature (a maximum, a
    double well's top), or with a negative one steeper than every positive one: ``x`` bounds
    no rate, so the run's first steps are followed from ``start`` (a rate whose first step
    lowers ``fn``), the rate lowered to ``1/L`` at each new point for as long as the curvature
    met keeps lowering it and the steps keep lowering ``fn`` (at most ``budget`` steps, the
    run's own). The curvature grows on the way down into a well:
    from ``(x⁴ - x²).sum()``'s top at ``(0.1, 0.2)`` the probe's 1 and the first point's 0.53
    made momentum diverge; the walk stops at 0.11, and the run converges."""
    lr, at = start, x.detach().clone().requires_grad_(True)
    opt = optim.create(name, [at], lr=lr, **hyper)
    value = fn(at)
    for _ in range(budget):
        (at.grad,) = torch.autograd.grad(value, at)
        opt.step()
        before, value = float(value.detach()), fn(at)
        if not float(value.detach()) < before:
            return lr
        here, _ = curvature_lr(fn, at)
        if not here < lr:
            return lr
        lr = here
        for group in opt.param_groups:
            group["lr"] = lr
    return lr
