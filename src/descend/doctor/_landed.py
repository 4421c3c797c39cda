"""A step that already lands at or past the minimum along its own direction is not too small
(session 16).

"Too small" claims that a longer step along the run's direction would lower the loss more. The
stability ratio reads that claim off the top Hessian eigenvalue λ_max: below the stable limit,
there is headroom. Where the step lands (Cockpit's α, :mod:`descend.instruments.step_quality`:
a parabola fitted to the probe loss and its slope at both ends of the update) measures the same
thing along the update itself: α = -1 for no move, 0 for a step to the minimum along its
direction, 1 for the far side at equal height. A last reading with α >= 0 says the update
already reached the bottom of the loss along where it moves; a longer step there climbs the far
side, whatever λ_max leaves. The two instruments then disagree, and the step's own landing is
the direct measurement: λ_max bounds the curvature of every direction, not the one the run
takes, and on a loss whose second derivative in the outputs is zero (the absolute error) it
measures the network's curvature alone, which does not bound the step at all. The bound 0 is
α's own definition of the minimum, not a fitted threshold; the reading is the last one, the
regime the run ended in, where a raised rate would act next (early steps of healthy runs
overshoot on their way down).
"""

from __future__ import annotations

import math

from ._curves import Curves


def landed_past_minimum(c: Curves) -> float | None:
    """The α of the run's last reading where it is at least 0 (the update reached or passed the
    minimum of the probe loss along its own direction), else ``None`` (no reading, α not read
    there, or a step that lands short).

    >>> import numpy as np
    >>> run = lambda alpha: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True,
    ...     instruments=[{"step": 1, "alpha": 2.0}, {"step": 2, "alpha": alpha}])
    >>> landed_past_minimum(run(0.4)), landed_past_minimum(run(-0.9)), landed_past_minimum(run(float("nan")))
    (0.4, None, None)
    """
    if not c.instruments:
        return None
    alpha = c.instruments[-1].get("alpha")
    if not isinstance(alpha, (int, float)) or math.isnan(alpha) or alpha < 0:
        return None
    return float(alpha)
