r"""A ``minimize`` run that ``max_iter`` stopped short of ``gtol`` and that no other finding
explains: why it stopped and what to change to converge, from what the run measured — its
last gradient norm against ``gtol``, and how fast the gradient norm fell over the last quarter
of the iterations (the slope :math:`s` of a least-squares line through :math:`\log\|g_k\|`).

A gradient norm still falling reaches ``gtol`` after about
:math:`\log(\|g\| / \text{gtol}) / (-s)` more iterations at that pace: the advice is that
budget. One that stopped falling will not reach ``gtol`` by more iterations at the same
rates: at a fixed rate the steps keep their length and circle the minimum (an adaptive rule's
steps are about ``lr`` long however small the gradient), and annealing the rate lets them
settle (``schedule="cosine"``), but for a schedule-free optimizer, which needs none (its
average settles as the iterations grow): it is advised more iterations; where a schedule had
already brought the rate down, it did so too early (a rate under half its peak, as
:mod:`descend.doctor._progress` reads a schedule's end), and more iterations stretch a schedule
sized to them. A line-search ``method`` searches
its own step: it is advised more iterations alone. No fitted threshold: training runs, which
the doctor's rules were fitted on (``bench/doctor.py``), never get this finding.
"""

from __future__ import annotations

import math

import numpy as np

from .._plural import counted
from ..training.findings import Diagnosis
from ._curves import Curves, more_steps

__all__: list[str] = []

_PACED = 3  # the fewest iterations in a last quarter whose pace is read (1 or 2 are one step's noise)


def unfinished(c: Curves) -> Diagnosis | None:
    """The finding on a ``minimize`` run stopped at ``max_iter`` with its gradient norm above
    ``gtol``; ``None`` for any other run.

    >>> loss = np.exp(-np.arange(41.0) / 5)
    >>> c = Curves(loss, loss, np.full(41, 0.1), np.arange(41), False, "", True, True, runner="minimize",
    ...            status="max_iter", gtol=1e-5)
    >>> d = unfinished(c)
    >>> d.change  # e^-8 = 3.4e-4, falling e^(1/5) times an iteration: 18 more to 1e-5
    {'max_iter': 58}
    """
    if c.runner != "minimize" or c.status != "max_iter" or len(c.loss) == 0:
        return None
    nit, g, gtol = len(c.loss) - 1, float(c.grad_norm[-1]), c.gtol
    if nit == 0 or not (math.isfinite(g) and math.isfinite(gtol) and g > gtol):
        return None  # max_iter=0 asked for fn at x0 alone
    seen = f"the run used all max_iter={nit} iterations and stopped with the gradient norm {g:.3g}"
    if gtol == 0:
        return Diagnosis(
            "slow_progress",
            nit,
            f"{seen}, above gtol=0",
            "gtol=0 asks for a gradient of exactly 0, which rounding seldom gives: give gtol > 0 "
            "(say 1e-8, or ftol or xtol), or expect every run to use all of max_iter",
        )
    seen += f", {_times(g / gtol)} gtol={gtol:g}"
    last = max(nit // 4, 1)
    rows = np.arange(nit - last, nit + 1)
    norms = c.grad_norm[rows]
    if last < _PACED or not (np.isfinite(norms) & (norms > 0)).all():
        return _more_iterations(c, seen, "")
    slope = float(np.polyfit(rows, np.log(norms), 1)[0])
    went = (
        f"over the last {counted(last, 'iteration')} the gradient norm went from {norms[0]:.3g} to {norms[-1]:.3g} "
        f"and the loss from {c.loss[rows[0]]:.3g} to {c.loss[-1]:.3g}"
    )
    rates = c.lr[np.isfinite(c.lr) & (c.lr > 0)]
    lr = float(c.lr[-2])
    if c.method is None and len(rates) and lr < 0.5 * float(rates.max()):
        return _more_iterations(
            c,
            f"{seen}; {went}, with the rate brought down to lr={lr:.3g} from {float(rates.max()):.3g}",
            "the rate came down before the gradient norm reached gtol: ",
            " with the schedule sized to them, so that it anneals later",
        )
    if slope < 0:
        needed = math.ceil(math.log(g / gtol) / -slope)
        budget = _rounded_up(nit + needed)
        return Diagnosis(
            "slow_progress",
            nit,
            f"{seen}; {went}, a fall by {math.exp(-slope * last):.3g}x on a log-linear fit",
            f"the run was still converging when its budget ran out: at that pace the gradient norm reaches "
            f"gtol after about {needed:,} more iterations: allow more (max_iter={budget})",
            {"max_iter": budget},
        )
    if c.averaged:  # schedule-free: the average settles as the iterations grow, at a fixed rate by design
        return _more_iterations(
            c,
            f"{seen}; {went}: the gradient norm at the iterates stopped falling",
            "a schedule-free optimizer needs no schedule (its average of the iterates settles as they "
            "grow in number, at a fixed rate): ",
        )
    if c.method is not None:  # it searches its own step: no rate to anneal
        return _more_iterations(
            c,
            f"{seen}; {went}: the gradient norm stopped falling",
            f"method={c.method!r} searches its own step: ",
            ", or check that fn is smooth along the path",
        )
    return Diagnosis(
        "slow_progress",
        nit,
        f"{seen}; {went}: the gradient norm stopped falling{_step_words(c, rows)} at the fixed lr={lr:.3g}",
        f"at a fixed rate the steps keep their length and circle the minimum instead of settling on it: "
        f"anneal the rate to 0 over the run (schedule='cosine', from lr={lr:.3g} down to 0 at max_iter), "
        "or finish with a smaller lr",
        {"schedule": "cosine"},
    )


def _more_iterations(c: Curves, seen: str, why: str, then: str = "") -> Diagnosis:
    """The finding that advises twice the iterations the run took (:func:`more_steps`)."""
    more = more_steps(c)
    return Diagnosis(
        "slow_progress", len(c.loss) - 1, seen, f"{why}allow more iterations (max_iter={more['max_iter']}){then}", more
    )


def _step_words(c: Curves, rows: np.ndarray) -> str:
    """The median length of the steps over ``rows``, in words, where the run kept its trajectory."""
    if c.trajectory is None:
        return ""
    steps = np.linalg.norm(np.diff(c.trajectory[rows], axis=0), axis=1)
    return f", its steps still {float(np.median(steps)):.3g} long (the median)"


def _times(ratio: float) -> str:
    """``ratio`` as a multiple in words: ``433 times``, ``2.5 times``."""
    return f"{ratio:,.0f} times" if ratio >= 10 else f"{ratio:.2g} times"


def _rounded_up(n: int) -> int:
    """``n`` rounded up to two significant digits: 4875 -> 4900, 58 -> 58.

    >>> _rounded_up(4875), _rounded_up(58), _rounded_up(100)
    (4900, 58, 100)
    """
    unit = 10 ** max(len(str(n)) - 2, 0)
    return -(-n // unit) * unit
