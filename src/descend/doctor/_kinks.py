"""A loss the instruments read as piecewise linear in the weights, and what its steps' curvature
is then worth.

Absolute error through a linear model, ``f(w) = mean |x_iᵀw - y_i|``, has a Hessian of 0
wherever it is defined: every reading measures ``λ_max = 0`` (stability ratio 0). A plain step
``w' = w - lr g`` still falls short of the linear prediction ``lr |g|²``: not by curvature, but
because it crosses kinks, examples whose residual changes sign and whose gradient ``±x_i`` flips
(a fall of at most ``lr |g|²``, less for each example crossed). The curvature the steps imply,
``L = 2 (lr |g|² - drop) / (lr² |g|²)`` (:func:`descend.doctor._curve_advice.largest_curvature`),
then measures how many kinks a step crosses, which grows with the step as it nears the
minimum, not a stiffness that the rate may approach; it says nothing of whether the run slowed
down by itself. So the curve's own pace decides there, as for a run whose steps gave no
curvature: a run whose last quarter fell at under ``FIRST_PACE`` of its first quarter's pace
slowed down by itself (the steps ran out, not the rate).
"""

from __future__ import annotations

from ._stability import Reading


def kinks_only(found: list[Reading]) -> bool:
    """Whether the run's readings measured no curvature at all (at least one reading, every
    stability ratio 0): the loss is piecewise linear in the weights where it was sampled.

    >>> r = Reading(step=5, sharpness=0.0, threshold=20.0, stability=0.0, lr=0.1)
    >>> kinks_only([r]), kinks_only([]), kinks_only([Reading(5, 2.0, 20.0, 0.1, 0.1)])
    (True, False, False)
    """
    return bool(found) and all(r.effective == 0 for r in found)
