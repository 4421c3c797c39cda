r"""``minimize(method="lbfgs" | "bfgs", bounds=...)``: a projected quasi-Newton method for a
box :math:`l \le x \le u`.

Not L-BFGS-B's generalised Cauchy point and subspace minimisation (Byrd, Lu, Nocedal & Zhu,
1995, *SIAM J. Sci. Comput.* 16(5)), but the simpler two-metric projection of Bertsekas
(1982, *SIAM J. Control Optim.* 20(2)), as projected L-BFGS is usually written (Kim, Sra &
Dhillon, 2010, *SIAM J. Sci. Comput.* 32(6)), with L-BFGS-B's line search along a feasible
segment. Each iteration:

1. The :math:`\epsilon`-active set: the coordinates within
   :math:`\epsilon = \min(10^{-3}, \|x - P(x - g)\|)` of a bound that the gradient pushes
   against, :math:`A = \{i : x_i \le l_i + \epsilon, g_i > 0\} \cup \{i : x_i \ge u_i - \epsilon,
   g_i < 0\}`; :math:`F` the others (:math:`M` the diagonal 0/1 mask of :math:`F`).
2. The direction :math:`d = -M H M g - \gamma (I - M) g`: the quasi-Newton step on the free
   coordinates (:math:`H` the L-BFGS two-loop recursion or BFGS's dense matrix, built from
   every accepted pair), a scaled gradient step on the active ones. It is a descent
   direction whenever :math:`H` is positive definite (Bertsekas, 1982).
3. The feasible segment :math:`s = P(x + d) - x`, searched for the strong Wolfe conditions
   (:func:`~descend.optim.strong_wolfe.strong_wolfe`) up to the largest feasible step along
   :math:`s` (at least 1), as L-BFGS-B searches up to its ``stpmax``; the first iteration
   tries :math:`\min(1/\|s\|, \alpha_{max})`, as L-BFGS-B.
4. The pair :math:`(x_{k+1} - x_k, g_{k+1} - g_k)`, with :math:`y_i = 0` for the active
   coordinates that did not move, joins the history when :math:`y^\top s > 10^{-10}`.

Stationarity is the projected gradient :math:`\|x - P(x - g)\|` (L-BFGS-B's ``pgtol``
takes its max norm); the active set identifies itself in finitely many iterations near a nondegenerate
minimum (Bertsekas, 1982), after which the method is L-BFGS (BFGS) on the free
coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from ..optim import curvature_pair, lbfgs
from ..optim.strong_wolfe import strong_wolfe
from .bfgs_update import bfgs_update

__all__: list[str] = []

_EPSILON = 1e-3  # Bertsekas' epsilon of the active set, at most
_MAX_LS = 25  # evaluations per line search, as the unbounded methods


def feasible_step(x: Tensor, s: Tensor, lower: Tensor, upper: Tensor) -> float:
    r"""The largest :math:`\alpha` with :math:`l \le x + \alpha s \le u` (``inf`` when no bound
    lies ahead along ``s``).

    >>> x = torch.tensor([0.0, 0.0]); s = torch.tensor([1.0, -2.0])
    >>> feasible_step(x, s, torch.tensor([-1.0, -1.0]), torch.tensor([4.0, 1.0]))
    0.5
    """
    ahead = torch.where(s > 0, (upper - x) / s, torch.where(s < 0, (lower - x) / s, math.inf))
    return float(ahead.min()) if ahead.numel() else math.inf


def free_mask(x: Tensor, g: Tensor, lower: Tensor, upper: Tensor) -> Tensor:
    r"""1 for the free coordinates, 0 for the :math:`\epsilon`-active ones: within
    :math:`\epsilon = \min(10^{-3}, \|x - P(x - g)\|)` of a bound the gradient pushes against.

    >>> x, g = torch.tensor([0.0, 0.5, 1.0]), torch.tensor([1.0, 1.0, 1.0])
    >>> free_mask(x, g, torch.zeros(3), torch.ones(3))  # pushed against 0 at x = 0
    tensor([0., 1., 1.])
    """
    eps = min(_EPSILON, float(torch.linalg.vector_norm(x - (x - g).clamp(lower, upper))))
    active = ((x <= lower + eps) & (g > 0)) | ((x >= upper - eps) & (g < 0))
    return (~active).to(g.dtype)


class ProjectedQuasiNewton(torch.optim.Optimizer):
    """One projected L-BFGS (``history_size`` pairs) or BFGS (``history_size=None``: a dense
    inverse Hessian, for small problems) iteration per ``step(closure)`` over ``x`` in the
    box ``lower <= x <= upper`` (flat tensors; ``x`` starts inside it)."""

    def __init__(self, x: Tensor, lower: Tensor, upper: Tensor, history_size: int | None = 10) -> None:
        super().__init__([x], {"lr": 1.0})
        self.x, self.m = x, history_size
        self.lower, self.upper = lower.flatten(), upper.flatten()

    # -- the quasi-Newton approximation --------------------------------------------------------

    def _inverse_hessian_times(self, v: Tensor) -> Tensor:
        state = self.state[self.x]
        if self.m is None:
            H = state.get("H")
            return v.clone() if H is None else H @ v
        s = state.get("s", [])
        return -lbfgs(v, s, state.get("y", []), state.get("rho", []), state.get("gamma", 1.0)) if s else v.clone()

    def _remember(self, s: Tensor, y: Tensor) -> None:
        state = self.state[self.x]
        ys = float(y.dot(s))
        if not curvature_pair(ys):
            return
        state["gamma"] = ys / float(y.dot(y))
        if self.m is not None:
            pairs = [state.setdefault(key, []) for key in ("s", "y", "rho")]
            for history, new in zip(pairs, (s, y, 1.0 / ys)):
                history.append(new)
                if len(history) > self.m:
                    del history[0]
            return
        state["H"] = bfgs_update(state.get("H"), s, y)

    def _direction(self, g: Tensor, free: Tensor) -> Tensor:
        gamma = self.state[self.x].get("gamma", 1.0)
        return -self._inverse_hessian_times(g * free) * free - gamma * g * (1 - free)

    # -- the step ------------------------------------------------------------------------------

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        if closure is None:
            raise RuntimeError(f"{type(self).__name__}.step needs a closure that returns fn(x) and sets x.grad")
        x, state, lo, hi = self.x, self.state[self.x], self.lower, self.upper
        f0 = float(closure())
        g = x.grad.flatten().clone()
        start = x.detach().flatten().clone()
        free = free_mask(start, g, lo, hi)
        s = (start + self._direction(g, free)).clamp(lo, hi) - start
        gtp = g.dot(s)
        if not gtp < 0:  # rounding spoilt the approximation: restart along -g
            state.clear()
            s = (start - g).clamp(lo, hi) - start
            gtp = g.dot(s)
            if not gtp < 0:  # a stationary point of the box: no step
                return f0
        first = "gamma" not in state
        a_max = max(1.0, feasible_step(start, s, lo, hi))
        alpha = min(1.0 / float(torch.linalg.vector_norm(s)), a_max) if first else 1.0

        def point(a: Any) -> Tensor:
            return (start + a * s).clamp(lo, hi).view_as(x)  # the clamp only catches rounding

        def phi(a: Any) -> tuple[float, Tensor]:
            x.copy_(point(a))
            value = float(closure())
            grad = x.grad.flatten().clone()
            x.copy_(start.view_as(x))
            return value, grad

        tiny = torch.finfo(x.dtype).tiny
        _, g_new, alpha, _ = strong_wolfe(
            phi,
            s,
            alpha,
            f0,
            g,
            gtp,
            max_ls=_MAX_LS,
            tolerance_change=tiny,
            max_step=a_max if math.isfinite(a_max) else None,
        )
        x.copy_(point(alpha))
        step = x.detach().flatten() - start
        # The pair without the coordinates a bound held (active, s_i = 0): their y_i would tie
        # the free coordinates' curvature to them.
        held = (step == 0) & (free == 0)
        self._remember(step, (g_new - g).masked_fill(held, 0.0))
        state["t"] = float(alpha)
        return f0
