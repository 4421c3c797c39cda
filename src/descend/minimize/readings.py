r"""The instruments' readings of a :func:`~descend.minimize.minimize` run: at a few sampled
iterations, the top eigenvalue of the Hessian of ``fn`` at ``x`` against the optimizer's
stability threshold (Cohen et al. 2021, 2022; :mod:`descend.instruments.thresholds`), and
where the step that led there landed (Cockpit's α, Schneider et al. 2021), in the rows of
``History.instruments`` (``Trace.instruments``), which the doctor reads.

Here the curvature is exact and cheap: one objective, no batches. :math:`\lambda_{max}` comes
from Lanczos on Hessian-vector products of ``fn`` itself, run over the whole space for ``x``
of at most :data:`EXACT_NUMEL` coordinates (the Krylov space is then the whole space: the
eigenvalue is exact to rounding; one product per coordinate at most) and to the instruments'
relative ``TOL`` beyond (at most ``ITERATIONS`` products: the percent the stability ratio
needs), each reading after the first warm-started from the last one's top Ritz vector, so that
a few products refine it where the top direction turned little. The noise scale and the batch
size are ``nan``: there is no sampling noise. α costs nothing: the values and gradients at both
ends of the step are the run's own.

Sampling: the start (iteration 0, the evidence for a first step that is already unstable),
:data:`READINGS` iterations spread over ``max_iter`` (denser early, where the curvature changes
fastest; one per 10 iterations for shorter runs) and the last point of a run that stops
earlier: at most ``READINGS + 2`` readings, each a gradient with its graph and a few products (not counted in ``nfev``, the
evaluations of the descent itself). A point whose value or gradient is not finite is not read.

Budget: a reading's cost is fixed (a gradient with its graph, up to ``ITERATIONS`` products and
the Lanczos basis's reorthogonalisation, ``O(k^2 n)`` for ``k`` products on ``n`` coordinates),
while the iterations it is spread over may be few and cheap: on 100,000 coordinates of a
quadratic, 7 readings took 0.54 s of a 100-iteration run whose iterations took 0.05 s. The start
and the last point are always read (the doctor's evidence of the first step and of the end);
one between them only where the readings taken, it and the last (at their mean cost) stay within
:data:`SHARE` of the descent's time so far, or within :data:`FLOOR` seconds in all
(:class:`descend.instruments.budget.ReadingBudget`): a small problem's readings, milliseconds,
are all taken. The clock is the process's CPU time (``time.process_time``), which other
processes' load does not move: a stalled reading on a busy machine does not cost a small run its
readings. The iterations whose reading was skipped are ``Trace.skipped_readings``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from .._wrappers import eagerly
from ..instruments.budget import ReadingBudget
from ..instruments.sharpness import ITERATIONS, TOL, sharpness_from_gradient
from ..instruments.step_quality import step_alpha
from ..instruments.thresholds import StabilityRule, rule_columns, stability_rule

__all__ = ["Readings", "sampled_iterations", "READINGS", "EXACT_NUMEL", "SHARE", "FLOOR"]

READINGS = 6  # readings spread over max_iter, besides the start and the last point
EXACT_NUMEL = 64  # up to this many coordinates the top eigenvalue is exact (Lanczos over the whole space)
# The readings between the start and the last point: at most this share of the descent's CPU
# time (the readings' own left out), or FLOOR seconds of readings in all, whichever is more.
SHARE = 0.1
FLOOR = 0.05


def sampled_iterations(max_iter: int) -> frozenset[int]:
    """The iterations read besides the last one: the start and :data:`READINGS` (one per 10
    iterations in shorter runs) at the fractions :math:`(k/n)^{1.5}` of ``max_iter``.

    >>> sorted(sampled_iterations(1000))
    [0, 68, 192, 354, 544, 761, 1000]
    >>> sorted(sampled_iterations(25)), sorted(sampled_iterations(5))
    ([0, 5, 14, 25], [0, 5])
    """
    n = max(1, min(READINGS, math.ceil(max_iter / 10)))
    return frozenset([0, *(round(max_iter * (k / n) ** 1.5) for k in range(1, n + 1))])


class Readings:
    r"""The readings of one run of ``fn`` from the optimizer ``opt`` over the single tensor
    ``x``: :meth:`start` before a step (for α), :meth:`read` at a point; ``rows`` holds them.
    ``threshold=False`` (a line-search ``method``, whose step is searched, not ``lr`` times a
    direction) records no stability threshold: ``nan``, the sharpness of the plain Hessian.

    For plain gradient descent the threshold is :math:`2 / \eta` and ``stability`` is
    :math:`\lambda_{max} \eta / 2`:

    >>> x = torch.ones(2, dtype=torch.float64, requires_grad=True)
    >>> quad = lambda x: 0.5 * (x[0] ** 2 + 10 * x[1] ** 2)  # Hessian diag(1, 10)
    >>> readings = Readings(quad, x, torch.optim.SGD([x], lr=0.1), max_iter=5)
    >>> g = torch.autograd.grad(quad(x), x)[0]
    >>> readings.read(0, 5.5, g)
    >>> row = readings.rows[0]
    >>> row["step"], row["sharpness"], row["threshold"], row["stability"]
    (0, 10.0, 20.0, 0.5)
    """

    def __init__(
        self,
        fn: Callable[[Tensor], Tensor],
        x: Tensor,
        opt: torch.optim.Optimizer,
        max_iter: int,
        *,
        threshold: bool = True,
    ) -> None:
        self.fn, self.x, self.opt, self.threshold = fn, x, opt, threshold
        self.due = sampled_iterations(max_iter)
        self.rows: list[dict[str, Any]] = []
        self.budget = ReadingBudget(SHARE)
        self.skipped: list[int] = []  # the due iterations not read: the budget declined them
        self._before: tuple[int, float, Tensor, Tensor] | None = None
        self._vector: Tensor | None = None  # the last Lanczos reading's top Ritz vector: the next's start
        self._started, self._spent = time.process_time(), 0.0  # the clock at the start, seconds of readings

    def start(self, nit: int, f: float, g: Tensor) -> None:
        """Before step ``nit + 1``: note the point, its value ``f`` and gradient ``g`` when the
        point after the step will be read (``is_due``)."""
        if nit + 1 in self.due:
            self._before = (nit, f, self.x.detach().clone(), g.detach().clone())

    def read(self, nit: int, f: float, g: Tensor, last: bool = False) -> None:
        """The reading at the current point (after ``nit`` steps, value ``f``, gradient ``g``;
        ``last``: the run's last point), where the budget affords it (see the module)."""
        if self.rows and self.rows[-1]["step"] == nit:
            return
        if not (math.isfinite(f) and bool(torch.isfinite(g).all())):
            self._before = None
            return
        started = time.process_time()
        loop = started - self._started - self._spent
        # FLOOR as a least loop time: the share of loop, or FLOOR where that is more.
        if not self.budget.decide(max(loop, FLOOR / SHARE), self._spent, last=last or nit == 0):
            self.skipped.append(nit)  # the point before kept: this one may yet be read as the last
            return
        if self.skipped and self.skipped[-1] == nit:  # declined as a due one, read as the last
            self.skipped.pop()
        before, self._before = self._before, None
        alpha = math.nan
        if before is not None and before[0] == nit - 1:
            _, f0, x0, g0 = before
            d = self.x.detach() - x0
            alpha = step_alpha(f0, float(torch.sum(g0 * d)), f, float(torch.sum(g * d)))
        rule = self._rule()
        value, threshold = self._sharpness(rule)
        self.rows.append(
            {
                "step": nit,
                "probe_loss": f,
                "sharpness": value,
                "threshold": threshold,
                "stability": value / threshold if threshold > 0 else math.nan,
                "noise_scale": math.nan,
                "batch_size": math.nan,
                "alpha": alpha,
                "decrease": math.nan,  # the training instruments' probe estimate; not read here
                "decrease_exact": math.nan,
                **rule_columns(rule),
            }
        )
        self.budget.took()
        self._spent += time.process_time() - started

    def _rule(self) -> StabilityRule | None:
        """The optimizer's stability rule at the current point, ``None`` without a threshold."""
        # A rate of 0 (a schedule at its end) takes no step: no threshold, the plain Hessian;
        # nor has a line search, whose group's lr=1 is no gradient-descent step.
        return stability_rule(self.opt) if self.threshold and self.opt.param_groups[0]["lr"] > 0 else None

    def _sharpness(self, rule: StabilityRule | None) -> tuple[float, float]:
        """λ_max of the Hessian of ``fn`` at ``x`` (of the preconditioned one for an adaptive
        ``rule``) and the optimizer's threshold; ``nan`` where ``fn`` has no second derivative."""
        x, n = self.x, self.x.numel()
        exact = n <= EXACT_NUMEL
        try:
            with torch.enable_grad(), eagerly():  # a torch.compile'd fn's graph, else not differentiable twice
                (g,) = torch.autograd.grad(self.fn(x).reshape(()), x, create_graph=True)
                found = sharpness_from_gradient(
                    [g],
                    [x],
                    rule,
                    iterations=n if exact else ITERATIONS,
                    tol=1e-12 if exact else TOL,
                    start=self._vector,
                )
        except RuntimeError:  # an operation without a second derivative in fn
            return math.nan, math.nan if rule is None else rule.threshold
        if not exact:
            self._vector = found.vector
        return float(found.value), float(found.threshold)
