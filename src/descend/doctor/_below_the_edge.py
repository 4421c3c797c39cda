"""A run still falling at its first pace while its last reading sits below the useful ratio
(session 15): held by its rate, whatever its peak reading said.

At the rates that train best, networks sharpen until the step sits at the edge of stability
(Cohen et al., "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability",
2021: ``lr · λ_max / 2 ≈ 1``, the effective ratio of :mod:`descend.doctor._stability` near 1;
for adaptive rules the preconditioned sharpness, Cohen et al. 2022). A run that ends below half
of that (its last effective ratio under ``TARGET``, the ratio every rate advice aims at) has
not reached the edge, and one whose loss still falls at least ``NOT_SLOWING`` times as fast per
step over its last quarter as over its first has not slowed down near a minimum or a noise
floor either: the length of its steps is what holds it. The peak reading does not count here:
an adaptive rule's first reading, before its preconditioner has settled, or a first step on
a sharp start, can read above the useful ratio and then fall, leaving the run's end far below
it (the peak-based headroom of ``_progress.py`` then says "no room").

The advice is the rate that puts the last reading at the edge itself (``EDGE``, the threshold:
``lr / effective``), at least ``1 / TARGET`` = 2 times the run's rate: the best runs train
there, and a run still accelerating sharpens less than the flat start it measured suggests.
"""

from __future__ import annotations

from ._stability import TARGET
from ._thresholds import NOT_SLOWING, STILL_FALLING

# The stability threshold itself (effective ratio 1), where the rates that train best settle
# (edge of stability): not a fitted number.
EDGE = 1.0


def below_the_edge(last: float, pace: float, quarter: float, stalled: bool) -> bool:
    """Whether a run is too small by its rate because its last reading sits below the useful
    ratio while it still falls at its first pace: its last effective stability ratio ``last``
    is under ``TARGET`` (and above 0: a reading of no curvature bounds nothing), its last
    quarter lowered the loss by at least ``STILL_FALLING`` of its level (``quarter``,
    :func:`descend.doctor._progress.last_quarter_fall`) and at least ``NOT_SLOWING`` times as
    fast per step as its first (``pace``, :func:`descend.doctor._curves.late_pace`); not for a
    run that ``stalled``.

    >>> below_the_edge(0.3, 2.0, 0.2, False), below_the_edge(0.3, 0.4, 0.2, False)
    (True, False)
    >>> below_the_edge(0.7, 2.0, 0.2, False), below_the_edge(0.3, 2.0, 0.01, False)
    (False, False)
    >>> below_the_edge(0.3, 2.0, 0.2, True), below_the_edge(0.0, 2.0, 0.2, False)
    (False, False)
    """
    return not stalled and 0 < last < TARGET and quarter >= STILL_FALLING and pace >= NOT_SLOWING
