"""A run held by its rate while still falling at least as fast as it first did (session 14e).

A rate too small leaves the loss falling in a straight line, or faster as the run leaves a
plateau; a run near its best rate decelerates as it nears a minimum or its noise floor. Where
the loss has not slowed (``late_pace >= NOT_SLOWING``), the fall itself says the rate, not the
landscape, holds the run, and the peak effective ratio needs less headroom to call it too small:
``ACCELERATING_RAISE`` instead of ``RAISE`` (``_thresholds.py``).
"""

from __future__ import annotations

from ._thresholds import ACCELERATING_RAISE, NOT_SLOWING


def rate_limited(factor: float, pace: float, stalled: bool) -> bool:
    """Whether a run still falling is too small by its rate though its headroom is under
    ``RAISE``: the rate at the useful ratio is at least ``ACCELERATING_RAISE`` times its own
    (``factor``) and its last quarter lowered the loss at least ``NOT_SLOWING`` times as fast
    per step as its first (``pace``, :func:`descend.doctor._curves.late_pace`); not for a run
    that stalled (no fall to read a pace from).

    >>> rate_limited(2.5, 1.4, False), rate_limited(2.5, 0.6, False), rate_limited(1.5, 3.0, False)
    (True, False, False)
    >>> rate_limited(2.5, 1.4, True)
    False
    """
    return not stalled and factor >= ACCELERATING_RAISE and pace >= NOT_SLOWING
