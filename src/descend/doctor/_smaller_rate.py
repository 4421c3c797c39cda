r"""A blow-up the loss came back from is "too large" only where a smaller rate gains, measured
(session 28).

A run whose loss rose to ``BLOWN_UP`` times its start and came back down reads as a swing
(:func:`descend.doctor._instability.instability`). The curve alone cannot say whether the rate
still holds the loss up at the end (a noise floor that grows with the rate, steps at the edge of
stability: too large) or the run got over its early blow-up and went on descending (healthy):
doctor31's map found every split on the curve and the last reading losing as many right calls as
it cleared false alarms. The counterfactual probe of :mod:`descend.instruments.rate_probe` at a
smaller rate measures it from the run's last weights and optimizer state: the probe loss after
the same ``PROBE_STEPS`` updates at the run's rate :math:`\eta` (``own``) and at
:math:`\eta/\sqrt{10}` (``smaller``), on common batches. A run held up by its rate descends further
at the smaller rate, :math:`\text{smaller} < \text{own}`; one that recovered ends no lower there.
The rule has no constant: the swing stands unless the smaller rate measurably ends no lower.
"""

from __future__ import annotations

import math

from ._curves import Curves
from ._thresholds import PROBE_STEPS


def smaller_rate_gain(c: Curves) -> float | None:
    """``own - smaller``: how much lower the probe loss ends after ``PROBE_STEPS`` updates at the
    smaller rate than at the run's own (``History.smaller_rate_probe``); ``None`` where the run
    took no such probe or its own rate's reading is not finite. A smaller rate that blew up reads
    ``-inf``.

    >>> import numpy as np
    >>> run = lambda small: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True,
    ...     smaller_rate_probe={"start": 1.0, "at_rate": [0.9], "at_factor": [small], "factor": 0.316, "steps": 8})
    >>> round(smaller_rate_gain(run(0.7)), 6), round(smaller_rate_gain(run(0.95)), 6)
    (0.2, -0.05)
    >>> recovered(run(0.7)), recovered(run(0.95)), recovered(run(0.9))  # held by its rate; recovered; a tie
    (False, True, True)
    """
    probe = c.smaller_rate_probe
    if not probe or probe.get("steps") != PROBE_STEPS or not probe.get("at_rate") or not probe.get("at_factor"):
        return None
    if not probe.get("factor", 1) < 1:
        return None
    own, smaller = float(probe["at_rate"][-1]), float(probe["at_factor"][-1])
    if not math.isfinite(own) or math.isnan(smaller):
        return None
    return own - smaller


def recovered(c: Curves) -> bool:
    """Whether the smaller-rate probe says the run is not held up by its rate: the smaller rate
    ended no lower than the run's own (a run without the probe: ``False``, the curve decides)."""
    gain = smaller_rate_gain(c)
    return gain is not None and gain <= 0
