"""A larger rate that moves no faster is no remedy: "too small" rests on the counterfactual probe
(session 21).

``slow_progress`` reads its headroom off the stability ratio (how far the steps are from the
stable limit) and its progress left off the curve and the local quadratic model. Neither says how
much a larger rate *gains*: a run at the smallest healthy rate of its grid and a too-small run one
step below it both read headroom and a falling loss, while a larger rate gains the first 1.1-1.25x
and the second 1.5-7x (session 20's map). The probe of
:mod:`descend.instruments.rate_probe` measures it in the run's own regime: from the last weights,
the same few mini-batch updates at the run's rate and at ``factor`` times it, and the larger rate's
fall over the run's own (the speedup). With rate as time, a run held by its rate reads about
``factor``; a run held by its noise floor, its curvature or the end of its descent reads about 1
or less. A run that read less than ``SPEEDUP`` (0: the larger rate did not lower the loss, where the
run's own did, or neither did) is not called too small: the doctor's advice would raise the rate
at least ``RAISE`` (3) times, and the probe measured a rate about that much larger losing.
"""

from __future__ import annotations

import math

from ..instruments.rate_probe import speedup
from ._curves import Curves
from ._thresholds import PROBE_STEPS, SPEEDUP


def probe_speedup(c: Curves) -> float | None:
    """The speedup the run's probe read after ``PROBE_STEPS`` updates (``History.rate_probe``),
    ``None`` where the run took no probe or a loss of it is not finite.

    >>> import numpy as np
    >>> run = lambda at: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True,
    ...     rate_probe={"start": 1.0, "at_rate": [0.99] * 8, "at_factor": [at] * 8, "factor": 3.16, "steps": 8})
    >>> round(probe_speedup(run(0.97)), 6), round(probe_speedup(run(0.995)), 6), round(probe_speedup(run(1.02)), 6)
    (3.0, 0.5, -2.0)
    >>> no_gain(run(0.995)), no_gain(run(1.02))  # the larger rate fell less; it raised the loss
    (False, True)
    """
    probe = c.rate_probe
    if not probe or probe.get("steps") != PROBE_STEPS or not probe.get("at_rate") or not probe.get("at_factor"):
        return None
    value = speedup(probe["start"], probe["at_rate"][-1], probe["at_factor"][-1])  # after the last update
    return None if math.isnan(value) else value


def no_gain(c: Curves) -> bool:
    """Whether the probe says a larger rate gains too little for "too small": a speedup under
    ``SPEEDUP`` (a run without a probe: ``False``, the other evidence decides)."""
    found = probe_speedup(c)
    return found is not None and found < SPEEDUP
