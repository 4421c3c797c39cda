"""A full-batch heavy-ball run still swinging: what its loss curve cannot say about its rate
(session 25).

Heavy ball contracts each swing of its loss by no more than √β a step, so its swings take
``2 · SETTLING_TIME_CONSTANTS / ln(1/β)`` steps to die out (76 at β = 0.9, 796 at 0.99:
:func:`descend.doctor._heavy_ball.quiet_heavy_ball`). A run that stopped before that, or whose
exact loss rose across a step, ended somewhere on a swing, and three readings of "too small" then
read the swing's phase instead of the rate:

* the last quarter's fall and the late pace: a swing's upswing in the last quarter reads as no
  progress left. The running minimum of the loss (the lower envelope of its swing) is the
  progress the run has made, whatever the phase it stopped at;
* the relative-change stopping rule: at a swing's turning point the loss is flat for the rule's
  patience, which it takes for convergence;
* the rate probe: its ``PROBE_STEPS`` updates from the run's last weights and velocity are far
  under the swing's time constant ``2 / ln(1/β)`` steps (199 at β = 0.99), so both branches
  mostly carry on the swing already under way, and their difference is its phase.

:func:`swinging` says which runs these are; :mod:`descend.doctor._progress` reads such a run's
progress on :func:`envelope`, takes no stop of the stopping rule for convergence and no probe
veto. Its headroom (the stability ratio and the noise model) and its advice are unchanged. Fitted
on fresh47, fresh48 and fit99 (full-batch heavy ball at β = 0.9 and 0.99) and read once on
fresh53 (doctor22; ``bench/HISTORY.md``).
"""

from __future__ import annotations

import math

import numpy as np

from ._curves import Curves
from ._heavy_ball import heavy_ball_beta, quiet_heavy_ball
from ._stability import Reading

__all__ = ["envelope", "swinging"]


def swinging(c: Curves, found: list[Reading]) -> bool:
    """Whether ``c`` is a full-batch heavy-ball training run whose swing had not settled: its
    readings ``found`` (:func:`~descend.doctor._stability.readings`, read once by the caller) name heavy ball's threshold ``(2+2β)/lr`` and :func:`quiet_heavy_ball` does not hold
    for its loss (too few steps for β, or a rise across a step). Mini-batch runs, ``minimize``,
    plain GD, Nesterov and adaptive rules: ``False``.

    >>> import numpy as np
    >>> from descend.doctor._stability import readings
    >>> row = {"step": 5, "sharpness": 2.0, "threshold": 398.0, "stability": 2 / 398, "threshold_lr": 3.98,
    ...        "gain": 199.0, "preconditioned": False}
    >>> run = lambda full_batch: Curves(loss=np.linspace(1.0, 0.5, 101), grad_norm=np.ones(101),
    ...     lr=np.full(101, 0.01), steps=np.arange(101), converged=False, why_stopped="",
    ...     full_batch=full_batch, plain_steps=False, instruments=[row])
    >>> swinging(run(True), readings(run(True))), swinging(run(False), readings(run(False)))  # β = 0.99: 100 steps under its 796
    (True, False)
    """
    if not c.full_batch or c.noise_free:
        return False
    for reading in found:
        beta = heavy_ball_beta(reading.threshold_lr, reading.noise_gain, reading.adaptive)
        if not math.isnan(beta):
            return not quiet_heavy_ball(c.loss, beta)
    return False


def envelope(series: np.ndarray) -> np.ndarray:
    """The running minimum of a loss series: the lower envelope of a swing, the lowest loss the
    run had reached by each step.

    >>> envelope(np.array([1.0, 0.6, 0.8, 0.5, 0.7])).tolist()
    [1.0, 0.6, 0.6, 0.5, 0.5]
    """
    return np.minimum.accumulate(np.asarray(series, dtype=float))
