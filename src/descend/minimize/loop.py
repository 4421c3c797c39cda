"""The iterations of one :func:`~descend.minimize.minimize` run: step, record, and stop on
the first rule that holds (a tolerance, the iteration budget, a diverging loss, a failed line
search, no progress left at the dtype's resolution, or the callback)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from ..training.findings import merged_change
from .bounds import stationarity
from .decay import decay_setting
from .flat import flat_gradient, flat_words
from .line_search import UPHILL, armijo, take_step
from .precision import Stall, cycle_holds, optimizer_state, precision_stop
from .readings import Readings
from .result import TOO_LARGE, Iterate, Recorder
from .step_floor import step_floor

__all__: list[str] = []

# A loss this many times larger than the run's scale has diverged even while still finite:
# past 2/L gradient descent grows geometrically, and float64 would take thousands of
# iterations to overflow.
_GIVE_UP = 1e8

Stop = tuple[str, str]  # a status of STATUSES and the reason in words


@dataclass(frozen=True)
class Rules:
    """When a run stops, and what it does besides stepping (checked by ``check_options``)."""

    max_iter: int
    gtol: float
    ftol: float
    xtol: float
    line_search: str | None
    callback: Callable[[Iterate], Any] | None


class Descent:
    """One run from a point ``x`` with value ``f`` and gradient ``g`` already computed (one
    evaluation); ``run()`` iterates until a rule stops it, taking the instruments'
    ``readings`` at their sampled iterations and at the last point."""

    def __init__(
        self,
        fn: Callable[[Tensor], Tensor],
        x: Tensor,
        f: Tensor,
        g: Tensor,
        opt: torch.optim.Optimizer,
        scheduler: Any,
        project: Callable[[Tensor], Tensor] | None,
        rules: Rules,
        record: Recorder,
        readings: Readings,
    ) -> None:
        self.fn, self.x, self.g, self.opt, self.scheduler = fn, x, g, opt, scheduler
        self.project, self.rules, self.record, self.readings = project, rules, record, readings
        self.group = opt.param_groups[0]
        self.plateau = getattr(scheduler, "observes_metric", False)
        self.fk, self.gnorm = f.item(), stationarity(x, g, project)
        record.record(x, self.fk, self.gnorm)
        self.scale = max(abs(self.fk), 1e-12)
        self.f_best, self.x_prev = self.fk, x.detach().clone()
        self.nit, self.nfev = 0, 1
        self.stall = Stall(lambda: optimizer_state(opt), cycle_holds(opt, lambda: self.g))
        self.converged: bool | None = None  # set by a "precision" stop: whether it counts as converged
        self.flat = False  # the gradient is exactly 0 because fn is flat there (:mod:`.flat`)
        self.averaged, self.next_check = record.averaged, 0  # see _gtol
        self.decay, self.sizes = decay_setting(opt), step_floor(opt)
        readings.read(0, self.fk, g)

    def run(self) -> Stop:
        """Iterate until a rule holds; its status and the reason in words."""
        while True:
            stop = self._converged() or self._iterate()
            if stop is not None:
                self.readings.read(self.nit, self.fk, self.g, last=True)  # the last point (not read if not finite)
                return stop

    def _converged(self) -> Stop | None:
        """The tolerance met (or the iteration budget spent) at the current point, if any."""
        r, fk, nit = self.rules, self.fk, self.nit
        if self.gnorm <= r.gtol:
            stop = self._gtol()
            if stop is not None:
                return stop
        if nit > 0 and r.ftol > 0:
            before = self.record.loss[-2]
            relative = abs(before - fk) / max(abs(fk), abs(before), 1.0)
            if relative <= r.ftol:
                return "ftol", f"relative loss change {relative:.3g} <= ftol={r.ftol:g}"
        if nit > 0 and r.xtol > 0:
            step = float(torch.linalg.vector_norm(self.x.detach() - self.x_prev))
            if step <= r.xtol:
                return "xtol", f"step {step:.3g} <= xtol={r.xtol:g}"
        if nit >= r.max_iter and self.gnorm <= r.gtol:  # schedule-free: the iterate met gtol, the average not
            return "max_iter", (
                f"reached max_iter={r.max_iter} before the optimizer's average of its iterates met gtol={r.gtol:g} "
                f"(the iterate's gradient norm is {self.gnorm:.3g})"
            )
        if nit >= r.max_iter:
            return "max_iter", f"reached max_iter={r.max_iter} with gradient norm {self.gnorm:.3g} > gtol={r.gtol:g}"
        return None

    def _gtol(self) -> Stop | None:
        """The stop of a gradient norm at most ``gtol`` at the current point; ``None`` where the
        point the run returns is not there yet. A schedule-free optimizer returns its average of
        the iterates, not the point it took the gradient at, and the average lags behind it
        (Booth at lr=0.05: 0.03 there at the iterate's 1e-5): the run goes on until the average
        meets ``gtol`` too, measured (one evaluation) again after a tenth more iterations each
        time it does not, so that the checks cost at most about a tenth of the evaluations."""
        gtol = self.rules.gtol
        if self.averaged and self.nit < self.next_check:
            return None
        if flat_gradient(self.fn, self.x, self.g):  # no minimum shown: fn has no slope (one evaluation)
            self.flat, self.converged, self.nfev = True, False, self.nfev + 1
            return "gtol", flat_words(self.nit)
        if not self.averaged:
            return "gtol", f"gradient norm {self.gnorm:.3g} <= gtol={gtol:g}"
        norm = self._at_the_average()
        if norm > gtol:
            self.next_check = self.nit + max(1, self.nit // 10)
            return None
        return "gtol", f"gradient norm {norm:.3g} <= gtol={gtol:g} at the optimizer's average of its iterates"

    def _at_the_average(self) -> float:
        """The gradient norm at a schedule-free optimizer's average of the iterates; ``x`` and
        the optimizer left as they were (``x`` restored exactly: the swap back rounds)."""
        y = self.x.detach().clone()
        self.opt.eval()
        try:
            average(self.x, self.project)
            norm = gradient_at(self.fn, self.x, self.project)[3]
        finally:
            self.opt.train()
            with torch.no_grad():
                self.x.copy_(y)
        self.nfev += 1
        return norm

    def _iterate(self) -> Stop | None:
        """One step, by the optimizer alone or with a line search along it; a stop when the
        line search finds no decrease, or when the new point stops the run."""
        lr = self.group["lr"]
        if self.rules.xtol > 0 or self.rules.line_search:
            self.x_prev.copy_(self.x.detach())
        self.readings.start(self.nit, self.fk, self.g)
        if self.rules.line_search:
            f, shrink, evals, slope = armijo(self.fn, self.x, self.g, self.fk, self.opt, self.project)
            self.nfev += evals
            if f is None and not slope < 0:
                return "line_search", (
                    f"Armijo line search: the optimizer's step at iteration {self.nit} points uphill "
                    f"(its inner product with the gradient is {slope:.3g} >= 0: momentum or weight decay "
                    f"can carry a step against the gradient), so no step along it lowers fn; {UPHILL}"
                )
            if f is None:
                return "line_search", (
                    f"Armijo line search found no decrease after {evals} trials from "
                    f"lr={lr:g} at iteration {self.nit}; fn may be non-smooth or its gradient wrong"
                )
            lr *= shrink
        else:
            take_step(self.opt, self.x, self.g)
            if self.project is not None:
                with torch.no_grad():
                    self.x.copy_(self.project(self.x))
            f = self.fn(self.x)
            self.nfev += 1
        return self._arrive(f, lr)

    def _arrive(self, f: Tensor, lr: float, g: Tensor | None = None) -> Stop | None:
        """Record the new point (value ``f``, its gradient ``g`` or else by autograd from
        ``f``; left the last one with step size ``lr``); a stop when it diverged, can make no
        more progress at its dtype's resolution, or the callback asks for one."""
        record, x = self.record, self.x
        record.lr.append(lr)
        self.nit += 1
        if self.scheduler is not None:
            self.scheduler.step()
        self.fk = fk = f.item()
        if not math.isfinite(fk):
            record.record(x, fk, math.nan)
            return "diverged", divergence(record.loss, self.nit, lr, math.nan)
        (self.g,) = torch.autograd.grad(f, x) if g is None else (g,)
        self.gnorm = gnorm = stationarity(x, self.g, self.project)
        record.record(x, fk, gnorm)
        if self.nit in self.readings.due:
            self.readings.read(self.nit, fk, self.g)
        if not math.isfinite(gnorm) or fk - self.f_best > _GIVE_UP * max(self.scale, abs(self.f_best)):
            return "diverged", divergence(record.loss, self.nit, lr, gnorm)
        lr_rose = len(record.lr) > 1 and record.lr[-1] > record.lr[-2]
        if self.stall.stalled(self.nit, fk, self.f_best, x, record.xs, lr_rose):
            self.converged, detail = precision_stop(x, self.g, fk, self.project, self.stall, self.decay, self.sizes)
            return "precision", detail
        self.f_best = min(self.f_best, fk)
        if self.plateau:
            self.scheduler.observe(fk)
        callback = self.rules.callback
        if callback is not None and callback(Iterate(self.nit, x.detach().clone(), fk, gnorm, lr)):
            return "callback", f"callback asked to stop at iteration {self.nit}"
        return None


def averages_iterates(opt: torch.optim.Optimizer) -> bool:
    """Whether ``opt`` returns an average of its iterates (schedule-free: ``opt.eval()`` swaps
    the parameters to it), not the point it took its last gradient at."""
    return callable(getattr(opt, "eval", None))


def gradient_at(
    fn: Callable[[Tensor], Tensor], x: Tensor, project: Callable[[Tensor], Tensor] | None
) -> tuple[Tensor, Tensor, Tensor, float]:
    """``fn`` at a detached copy of ``x``: that copy, ``fn``'s value there, its gradient, and the
    gradient norm :func:`~.bounds.stationarity` reads (one evaluation)."""
    at = x.detach().clone().requires_grad_(True)
    f = fn(at)
    (g,) = torch.autograd.grad(f, at)
    return at, f, g, stationarity(at, g, project)


def average(x: Tensor, project: Callable[[Tensor], Tensor] | None) -> None:
    """``x``, which ``opt.eval()`` has swapped to a schedule-free optimizer's average, projected
    into the bounds: the average is read off the optimizer's unprojected sequence and may lie
    outside them (Booth within (0, 2) at lr=0.5 from (0, 0): (1.8, -34.5))."""
    if project is not None:
        with torch.no_grad():
            x.copy_(project(x))


def divergence(losses: list[float], nit: int, lr: float, gnorm: float) -> str:
    """Why the run blew up at iteration ``nit`` (``losses`` ends with its loss, ``gnorm`` its
    gradient norm, ``nan`` when the loss is not finite). A loss that fell at every step to
    -inf, or below zero to where the gradient overflows, says that ``fn`` is unbounded below,
    not that the step was too long; a finite loss that did not grow, with a gradient that is
    not, says that ``fn`` is not differentiable there. The rest is a learning rate too large:
    the text ends with :data:`TOO_LARGE`, and the caller adds the rate to try
    (:func:`rate_to_try`) once the doctor has read the run."""
    fk, f_best = losses[-1], min(losses[:-1])
    fell = all(b < a for a, b in zip(losses, losses[1:]))
    if fk == -math.inf or (fell and fk < 0 and not math.isfinite(gnorm)):
        where = "" if fk == -math.inf else f", where its gradient norm is {gnorm}"
        return (
            f"fn appears unbounded below: the loss fell at every one of {nit} iterations, from "
            f"{losses[0]:.3g} to {fk:.3g}{where}; a minimum needs fn bounded below: check its "
            "sign, or give bounds"
        )
    if math.isfinite(fk) and not math.isfinite(gnorm) and fk <= f_best:
        return (
            f"the gradient of fn is {gnorm} at iteration {nit}, where fn = {fk:.3g} is finite and "
            "no higher than before: fn is not differentiable there"
        )
    seen = f"loss became {fk:.3g}" if not math.isfinite(fk) else f"loss grew to {fk:.3g} from {f_best:.3g}"
    if math.isfinite(fk) and not math.isfinite(gnorm):
        seen += f" and its gradient norm to {gnorm}"
    return f"diverged: {seen} at iteration {nit} with lr={lr:g}; {TOO_LARGE}"


def rate_to_try(diagnoses: list[Any], lr: float) -> str:
    """The rate a message that ends with :data:`TOO_LARGE` names: the findings' merged advice
    (:func:`~descend.training.findings.merged_change`), the one source of the number, so that
    the message and the findings agree: a smaller ``lr`` than ``lr``, the rate the run last
    used; for a run whose rates a schedule object set, that schedule scaled by a factor below
    1. Where the findings advise no such thing, the message names no number of its own."""
    advised = merged_change(diagnoses)
    rate, schedule = advised.get("lr"), advised.get("schedule")
    if rate is not None and rate < lr:
        return f": try lr={rate:g} (the doctor's, measured: see diagnoses)"
    if rate is None and getattr(schedule, "rate_factor", 1.0) < 1:  # a schedule object set the rates
        return f": try schedule={schedule!r} (the doctor's, measured: see diagnoses)"
    return ": the doctor's findings name no smaller rate to try (see diagnoses)"
