r"""Where an update lands along its own direction: Cockpit's α (Schneider, Dangel & Hennig,
"Cockpit: A Practical Debugging Tool for the Training of Deep Neural Networks", NeurIPS 2021;
``cockpit/quantities/alpha.py``).

Along the update :math:`d = \theta_1 - \theta_0`, with :math:`t \in [0, 1]` the fraction of
the step, fit a parabola :math:`p(t) = c + bt + at^2` to the loss and its directional
derivative at both ends, :math:`f_0 = p(0)`, :math:`f_0' = \nabla f(\theta_0)\cdot d = p'(0)`,
:math:`f_1 = p(1)`, :math:`f_1' = \nabla f(\theta_1)\cdot d = p'(1)`, by least squares (four
observations, three unknowns; Cockpit weights them by their mini-batch variances, here both
ends are measured on the same fixed probe batch, so they carry no batch noise and weigh the
same; the fit's curvature is then :math:`a = (f_1' - f_0')/2` and its slope
:math:`b = (2(f_1 - f_0) + 9f_0' - f_1')/10`). The parabola's minimum is at :math:`t^* = -b/(2a)`, the start's mirror image at
:math:`2t^*`, and

.. math:: \alpha = \frac{2 \cdot 1}{2t^*} - 1 = \frac{1}{t^*} - 1

is -1 for no move, 0 for a step to the minimum, 1 for a step to the far side at equal height,
above 1 an overshoot, between -1 and 0 an undershoot. A concave fit (:math:`a \le 0`: still
going downhill, or no move) gives -1, as in Cockpit.
"""

from __future__ import annotations

import math

__all__ = ["step_alpha"]


def step_alpha(f0: float, slope0: float, f1: float, slope1: float) -> float:
    """Cockpit's α of an update from the loss ``f0``, ``f1`` and the directional derivatives
    ``slope0``, ``slope1`` (gradient · update, per whole step) at its start and end.

    On :math:`f(x) = x^2` from :math:`x = 1`: a step to 0 lands on the minimum, half of it
    undershoots, twice it reaches the far side:

    >>> [round(step_alpha(*obs), 9) + 0.0 for obs in [(1, -2, 0, 0), (1, -1, 0.25, -0.5), (1, -4, 1, 4)]]
    [0.0, -0.5, 1.0]
    """
    if not all(math.isfinite(v) for v in (f0, slope0, f1, slope1)):
        return math.nan
    # The least-squares solution of the four observations, in closed form (normal equations
    # [[2,1,1],[1,3,3],[1,3,5]] (c, b, a) = (f0+f1, f1+f0'+f1', f1+2f1')): exact arithmetic
    # on four numbers, the same on every machine and thread count.
    a = (slope1 - slope0) / 2
    b = (-2 * f0 + 2 * f1 + 9 * slope0 - slope1) / 10
    scale = max(abs(f0), abs(f1), abs(slope0), abs(slope1), 1e-300)
    if a <= 1e-12 * scale:  # concave or flat: Cockpit's -1
        return -1.0
    if abs(b) <= 1e-12 * scale:
        return math.inf  # started at the minimum: any move overshoots
    return -2 * a / b - 1
