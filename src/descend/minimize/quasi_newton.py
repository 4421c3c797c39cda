r"""``minimize(method=...)``: the line-search methods beside gradient descent, each step searched
for the strong Wolfe conditions (:func:`descend.optim.strong_wolfe.strong_wolfe`, Nocedal &
Wright 2006, Algorithms 3.5–3.6):

- ``"lbfgs"``: :class:`descend.optim.LBFGS` one iteration per ``step`` (limited-memory BFGS,
  Liu & Nocedal 1989; ``history_size`` pairs, 10 by default as scipy's L-BFGS-B);
- ``"bfgs"``: BFGS with a dense inverse-Hessian approximation (N&W Algorithm 6.1, eq. 6.17;
  :math:`O(n^2)` memory: for small problems);
- ``"cg"``: nonlinear conjugate gradient, Polak–Ribière+ (N&W eq. 5.44–5.45), restarted along
  :math:`-g` whenever the direction is not one of descent.

All three take the closure interface of ``torch.optim.LBFGS``: ``step(closure)`` does one
iteration. The closure is :class:`Evaluations`: ``fn`` and its gradient at each point the
line search visits, computed once (the optimizer's evaluation at the start of a step is the
last accepted point's, not a new one).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from .._checks import number
from ..optim import LBFGS
from ..optim.strong_wolfe import strong_wolfe
from .bfgs_update import bfgs_update
from .bounded_quasi_newton import ProjectedQuasiNewton
from .loop import Descent, Rules
from .precision import rounding_level
from .readings import Readings
from .result import Recorder

__all__: list[str] = []

METHODS = ("lbfgs", "bfgs", "cg")
_MAX_LS = 25  # evaluations per line search, as torch.optim.LBFGS
_FELL = 1e20  # a loss this many times its start's scale below it: fn is unbounded below
_OPTIONS = {"lbfgs": ("history_size",), "bfgs": (), "cg": ()}


class Evaluations:
    """The closure of a line-search method: ``fn`` and its gradient at ``x``, each point
    evaluated once (a memo of the points since the last accepted one); ``count`` evaluations."""

    def __init__(self, fn: Callable[[Tensor], Tensor], x: Tensor, f: Tensor, g: Tensor) -> None:
        self.fn, self.x, self.count = fn, x, 0
        self.memo: list[tuple[Tensor, Tensor, Tensor]] = [(x.detach().clone(), f.detach(), g)]

    def __call__(self) -> Tensor:
        f, g = self.here()
        self.x.grad = g
        return f

    def here(self) -> tuple[Tensor, Tensor]:
        """``f`` and its gradient at the current ``x``."""
        x = self.x.detach()
        for point, f, g in self.memo:
            if torch.equal(point, x):
                return f, g
        with torch.enable_grad():
            value = self.fn(self.x)
            (g,) = torch.autograd.grad(value, self.x)
        self.count += 1
        self.memo.append((x.clone(), value.detach(), g))
        return value.detach(), g

    def accept(self) -> tuple[Tensor, Tensor]:
        """``f`` and the gradient at the point a step ended at; the memo keeps only it."""
        f, g = self.here()
        self.memo = [(self.x.detach().clone(), f, g)]
        return f, g


class _SearchedDirection(torch.optim.Optimizer):
    """One iteration of a direction rule with a strong-Wolfe line search along it."""

    c2 = 0.9

    def __init__(self, x: Tensor) -> None:
        super().__init__([x], {"lr": 1.0})
        self.x = x

    def _direction(self, g: Tensor) -> Tensor:
        raise NotImplementedError

    def _remember(self, p: Tensor, s: Tensor, y: Tensor, g: Tensor) -> None:
        """After the step ``s`` along ``p``, from the gradient ``g`` to ``g + y``."""
        raise NotImplementedError

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        if closure is None:
            raise RuntimeError(f"{type(self).__name__}.step needs a closure that returns fn(x) and sets x.grad")
        x, state = self.x, self.state[self.x]
        f0 = float(closure())
        g = x.grad.flatten().clone()
        p = self._direction(g)
        gtp = g.dot(p)
        if not gtp < 0:  # not a descent direction (rounding): restart along -g
            state.clear()
            p = g.neg()
            gtp = g.dot(p)
        first = state.get("alpha") is None
        alpha = min(1.0, 1.0 / float(g.abs().sum())) if first else self._first_trial(state, gtp)
        start = x.detach().clone()

        def phi(a: Any) -> tuple[float, Tensor]:
            x.copy_(start + a * p.view_as(x))
            value = float(closure())
            grad = x.grad.flatten().clone()
            x.copy_(start)
            return value, grad

        tiny = torch.finfo(x.dtype).tiny
        _, g_new, alpha, _ = strong_wolfe(phi, p, alpha, f0, g, gtp, c2=self.c2, max_ls=_MAX_LS, tolerance_change=tiny)
        x.copy_(start + alpha * p.view_as(x))
        self._remember(p, alpha * p, g_new - g, g)
        state.update(alpha=float(alpha), gtp=float(gtp), t=float(alpha))
        return f0

    @staticmethod
    def _first_trial(state: dict[str, Any], gtp: Tensor) -> float:
        return 1.0


class BFGS(_SearchedDirection):
    r""":math:`p = -H g`, :math:`H \leftarrow (I - \rho s y^\top) H (I - \rho y s^\top) + \rho s s^\top`
    with :math:`\rho = 1/y^\top s` (skipped unless :math:`y^\top s > 10^{-10}`), :math:`H_0`
    scaled by :math:`y^\top s / y^\top y` before the first update (N&W eq. 6.17, 6.20)."""

    def _direction(self, g: Tensor) -> Tensor:
        H = self.state[self.x].get("H")
        return g.neg() if H is None else -(H @ g)

    def _remember(self, p: Tensor, s: Tensor, y: Tensor, g: Tensor) -> None:
        state = self.state[self.x]
        H = bfgs_update(state.get("H"), s, y)
        if H is not None:
            state["H"] = H


class ConjugateGradient(_SearchedDirection):
    r""":math:`p_{k+1} = -g_{k+1} + \beta p_k`,
    :math:`\beta = \max(0, g_{k+1}^\top (g_{k+1} - g_k) / g_k^\top g_k)` (PR+); the first trial
    step :math:`\alpha_{k-1} g_{k-1}^\top p_{k-1} / g_k^\top p_k` (N&W eq. 3.60); the curvature
    condition with :math:`c_2 = 0.1`, as N&W advise for CG."""

    c2 = 0.1

    def _direction(self, g: Tensor) -> Tensor:
        state = self.state[self.x]
        p, g_prev = state.get("p"), state.get("g")
        if p is None:
            return g.neg()
        beta = max(0.0, float(g.dot(g - g_prev)) / float(g_prev.dot(g_prev)))
        return g.neg() + beta * p

    def _remember(self, p: Tensor, s: Tensor, y: Tensor, g: Tensor) -> None:
        self.state[self.x].update(p=p, g=g)

    @staticmethod
    def _first_trial(state: dict[str, Any], gtp: Tensor) -> float:
        return state["alpha"] * state["gtp"] / float(gtp)


def check_method_options(method: str, hyper: dict[str, Any]) -> None:
    """Refuse a keyword that ``method`` does not take, naming those it does.

    >>> check_method_options("lbfgs", {"history_size": 5})
    >>> check_method_options("bfgs", {"momentum": 0.9})
    Traceback (most recent call last):
    ValueError: method='bfgs' takes no option momentum (its options: none)
    """
    unknown = sorted(set(hyper) - set(_OPTIONS[method]))
    if unknown:
        allowed = ", ".join(_OPTIONS[method]) or "none"
        raise ValueError(f"method={method!r} takes no option {', '.join(unknown)} (its options: {allowed})")


def line_search_optimizer(
    method: str, x: Tensor, hyper: dict[str, Any], box: tuple[Tensor, Tensor] | None = None
) -> torch.optim.Optimizer:
    """The optimizer of ``method`` over ``x``, one iteration per ``step(closure)``; within
    ``box`` (flat lower and upper bounds) the projected one of "lbfgs" or "bfgs"."""
    check_method_options(method, hyper)
    history_size = number("history_size", hyper.get("history_size", 10), integer=True, ge=1)
    if box is not None:
        return ProjectedQuasiNewton(x, *box, history_size=None if method == "bfgs" else history_size)
    if method == "bfgs":
        return BFGS(x)
    if method == "cg":
        return ConjugateGradient(x)
    return LBFGS(
        [x],
        lr=1,
        max_iter=1,
        max_eval=1 + _MAX_LS,
        tolerance_grad=0.0,
        # Any positive tolerance ends a line search whose bracket has collapsed to a point;
        # the smallest one leaves the stopping rules to minimize (ftol, xtol, precision).
        tolerance_change=torch.finfo(x.dtype).tiny,
        history_size=history_size,
        line_search_fn="strong_wolfe",
    )


class LineSearchDescent(Descent):
    """The iterations of a line-search method: the same stopping rules, record and readings
    as gradient descent; a step that cannot move ``x`` any more ends the run."""

    def __init__(
        self,
        fn: Callable[[Tensor], Tensor],
        x: Tensor,
        f: Tensor,
        g: Tensor,
        opt: torch.optim.Optimizer,
        rules: Rules,
        record: Recorder,
        readings: Readings,
        project: Callable[[Tensor], Tensor] | None = None,
    ) -> None:
        super().__init__(fn, x, f, g, opt, None, project, rules, record, readings)
        self.evaluations = Evaluations(fn, x, f, g)

    def _iterate(self) -> tuple[str, str] | None:
        x = self.x
        self.x_prev.copy_(x.detach())
        self.readings.start(self.nit, self.fk, self.g)
        self.opt.step(self.evaluations)
        x.grad = None
        trials = [float(value) for _, value, _ in self.evaluations.memo[1:]]  # the line search's
        f, g = self.evaluations.accept()
        self.nfev = 1 + self.evaluations.count
        state = self.opt.state[x]
        alpha = float(state.get("t", 0.0))
        if torch.equal(x.detach(), self.x_prev):
            return self._no_step(f.item(), trials)
        return self._arrive(f, alpha, g)

    def _no_step(self, fk: float, trials: list[float]) -> tuple[str, str]:
        """Why a step that left ``x`` where it was ends the run, after the line search's
        ``trials`` (the values of ``fn`` it saw)."""
        self.converged, level = rounding_level(self.x, self.g, fk, self.project)
        dtype = str(self.x.dtype).removeprefix("torch.")
        seen = f"the line search found no point lower than f = {fk:.6g} at {dtype} resolution"
        if self.converged:
            return "precision", f"no further progress: {seen}, and {level}"
        if within_rounding(fk, trials, self.x.dtype):
            return "precision", (
                f"no further progress: {seen}, every one of its {len(trials)} trials within the rounding "
                f"of f (eps^(2/3) of |f|), but {level}: fn is ill-conditioned here, its values rounded "
                "more coarsely than its gradient; rescale fn or x for a better point"
            )
        f0 = self.record.loss[0]
        if fk < 0 and f0 - fk > _FELL * max(abs(f0), 1.0):  # overflow ended the search
            self.converged = None
            return "diverged", (
                f"fn appears unbounded below: the loss fell from {f0:.3g} to {fk:.3g} in {self.nit} "
                f"iterations, until {seen}; a minimum needs fn bounded below: check its sign"
            )
        coarse = ""
        if self.x.dtype in (torch.float16, torch.bfloat16):
            digits = round(-math.log10(torch.finfo(self.x.dtype).eps))
            coarse = f" (or {dtype}, {digits} significant digits, too coarse for it: compute in float32 or float64)"
        return "line_search", (
            f"{seen}, and {level}, with trials above f by more than rounding: fn may be non-smooth, "
            f"badly ill-conditioned{coarse}, or its gradient wrong"
        )


def within_rounding(fk: float, trials: list[float], dtype: torch.dtype) -> bool:
    r"""Whether every value in ``trials`` differs from ``fk`` by at most the rounding of ``fn``
    near it, :math:`\varepsilon^{2/3} |f|` (about 3.7e-11 of ``f`` in float64: a few thousand
    ulps, as many as one ulp of ``x`` moves an ill-conditioned ``fn`` such as Meyer's
    exponentials); ``False`` without trials or for a non-finite one.

    >>> within_rounding(88.0, [88.0 + 1e-12, 88.0 - 1e-13], torch.float64)
    True
    >>> within_rounding(88.0, [88.0 + 1e-6], torch.float64)
    False
    """
    tol = torch.finfo(dtype).eps ** (2 / 3) * abs(fk)
    return bool(trials) and all(abs(value - fk) <= tol for value in trials)
