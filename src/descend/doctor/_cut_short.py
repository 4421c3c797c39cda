"""A run the budget cut short: still a quarter of its level off in its last quarter (session 19).

:func:`descend.doctor._progress.slow_progress` calls a run too small by its rate only with
``RAISE`` (3x) of headroom: the rate at the useful stability ratio three times the run's own.
A run with less is read as near its best rate, the landscape or the noise holding it. One
exception stands (session 14e, :mod:`descend.doctor._rate_limited`): a run still falling at
least as fast as it first did needs only ``ACCELERATING_RAISE`` (2x). This module adds a
second, for a run that is still falling steeply, though more slowly than it first did.

Near a minimum, or near the noise floor of its batch, a run's late fall is small. The loss
sits in a basin and approaches its floor geometrically. A run whose last quarter of steps
still took at least ``CUT_SHORT_FALL`` (a quarter) of the loss's level off is far from any
floor. Its pace has not collapsed either: at least ``FIRST_PACE`` (a quarter) of its first
pace per step (:func:`descend.doctor._curves.late_pace`), the bar the doctor already reads as
"the run has barely begun". So the budget of steps stopped it, not the landscape. With the
rate at the useful ratio ``CUT_SHORT_RAISE`` (1.5x) times its own or more, that fall is the
rate's doing, and a larger rate gets further in the same steps. This is the stable regime
below the threshold: progress per step grows with the rate up to the edge of stability
(Cohen et al. 2021, section 3; McCandlish et al. 2018, eq. 2.7, for the noisy case). It is
advised at the useful ratio itself, as ``_rate_limited`` is: its factor is 1.5-3x.

How the bars were fitted: on 33 spent groups (tune ... fresh30; session 19), 315 too-small runs
and 286 healthy ones were held only by headroom under ``RAISE``. Results for the bars tried
(headroom, last-quarter fall, late pace):
- 1.5, 0.25, 0.25 (the chosen bars): 23 too-small runs, 0 healthy;
- 1.5, 0.15, 0.25: 34 too-small, 2 healthy;
- 2, 0.25, 0: 29 too-small, 2 healthy;
- 1.5, 0.05, 0: 105 too-small, 24 healthy.

Its one look at a fresh group, fresh31 (session 19, kept): it acted on 1 run, a too-small
staircase Huber ReLU MLP under Adam at lr 3.16e-4, and its advice helped. Right calls went
188 -> 189; false alarms (3/51) and wrong-direction calls (0) did not move. On the 33 fitting
groups it made 23 right calls (23 of 23 advice reruns helped) and no false alarm.

``CUT_SHORT_RAISE = None`` (or ``cut_short(..., raise_=None)``) restores the rule before.
"""

from __future__ import annotations

from ._thresholds import FIRST_PACE

# Headroom (the useful ratio over the run's peak effective ratio) from which a run still
# falling steeply is too small; None restores the rule before session 19 (RAISE alone, or
# ACCELERATING_RAISE for a run not slowing: _rate_limited.py).
CUT_SHORT_RAISE: float | None = 1.5
# The share of its level the loss must still have lost over the last quarter of the run.
CUT_SHORT_FALL = 0.25


def cut_short(
    factor: float, quarter: float, pace: float, stalled: bool, raise_: float | None = CUT_SHORT_RAISE
) -> bool:
    """Whether a run still falling steeply is too small by its rate under ``RAISE`` of
    headroom. ``factor`` is the headroom. The last quarter must have lowered the loss by at
    least ``CUT_SHORT_FALL`` of its level (``quarter``), at ``FIRST_PACE`` or more of the
    first quarter's pace (``pace``). Not for a run that stalled; never where ``raise_`` is
    ``None``.

    >>> cut_short(1.6, 0.3, 0.4, False), cut_short(1.4, 0.3, 0.4, False)
    (True, False)
    >>> cut_short(1.6, 0.2, 0.4, False), cut_short(1.6, 0.3, 0.2, False), cut_short(1.6, 0.3, 0.4, True)
    (False, False, False)
    >>> cut_short(1.6, 0.3, 0.4, False, raise_=None)
    False
    """
    if raise_ is None or CUT_SHORT_RAISE is None or stalled:  # the constant set to None at run time too
        return False
    return factor >= raise_ and quarter >= CUT_SHORT_FALL and pace >= FIRST_PACE
