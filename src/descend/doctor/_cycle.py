r"""A ``minimize`` run stopped with status ``"precision"`` (no progress left) because its
iterates cycle: the last point is one it visited a few iterations before, and the step that
came back to it was long, not a rounding of a few ulps. Each step overshoots the point the
run circles, so the rate is too large; ``minimize``'s message says so
(:mod:`descend.minimize.precision`), and this finding names the rate, which the message
quotes. Read on the trajectory alone, it holds however the run fell before: the loss-curve
rules read a window of 50 steps, where the last 20 of a run that fell for 30 and then cycled
look like a loss still falling, not like a swing (slow progress: "try a larger lr", the
wrong way, for a sign-based rule such as Lion that circles the minimum with steps ``lr``
long). The step counts as long by ``minimize``'s own test,

.. math::
    \max_i |x_{n,i} - x_{n-1,i}| > \sqrt{\varepsilon}\,\max(\max_i |x_{n,i}|, 1),

with :math:`\varepsilon` the machine epsilon of the run's dtype. No fitted threshold:
training runs, which the doctor's rules were fitted on, never get this finding.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..training.findings import Diagnosis
from ._curves import Curves, lr_at
from ._loss import overshooting

__all__: list[str] = []

_WINDOW = 64  # the longest cycle looked for (minimize's Stall recognises no longer one)


def cycling(c: Curves) -> Diagnosis | None:
    """The ``oscillation`` finding on a ``minimize`` run whose iterates ended in a cycle of
    overshooting steps; ``None`` for any other run.

    >>> x = np.r_[[[3.0], [2.0], [1.0]], np.tile([[0.5], [-0.5]], (5, 1))]  # falls, then cycles
    >>> c = Curves(0.5 * x[:, 0] ** 2, np.abs(x[:, 0]), np.r_[np.ones(12), np.nan], np.arange(13), False, "",
    ...            True, False, trajectory=x, runner="minimize", status="precision")
    >>> d = cycling(c)
    >>> d.kind, d.change
    ('oscillation', {'lr': 0.5})
    """
    x = c.trajectory
    if c.runner != "minimize" or c.status != "precision" or c.converged or x is None or len(x) < 3:
        return None
    n = len(x) - 1
    period = next((p for p in range(1, min(_WINDOW, n) + 1) if np.array_equal(x[n - p], x[n])), None)
    jump = float(np.abs(x[n] - x[n - 1]).max())
    eps = c.eps if math.isfinite(c.eps) else float(np.finfo(x.dtype).eps)
    if period is None or not jump > math.sqrt(eps) * max(float(np.abs(x[n]).max()), 1.0):
        return None
    lr = lr_at(c, n - 1)
    shown = (
        f"the iterates cycle: the point after {n} iterations is the one of {period} before, reached "
        f"with steps of {jump:.3g} (the largest coordinate change) at lr={lr:.3g}, and the gradient "
        f"norm there is {float(c.grad_norm[n]):.3g}"
    )
    finding = overshooting(c, shown, lr)
    if math.isclose(jump, lr, rel_tol=1e-6):  # sign steps (Lion): each coordinate moves by lr
        words = (
            "; steps of exactly lr, as a sign-based rule takes, circle the minimum at any fixed rate: "
            "a smaller lr circles closer, and annealing the rate to 0 (schedule='cosine') lets the run settle"
        )
        finding = dataclasses.replace(finding, advice=finding.advice + words)
    return finding
