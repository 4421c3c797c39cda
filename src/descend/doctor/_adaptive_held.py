"""An adaptive run still accelerating under its limit is held by its rate (session 19, issue 14).

:func:`descend.doctor._progress.slow_progress` reads headroom from the peak effective
stability ratio: a run whose rate at the useful ratio (``TARGET``, half the limit) is under
``RAISE`` (3x) its own is read as near its best rate, unless it is still falling at its first
pace or faster from ``ACCELERATING_RAISE`` (2x) of headroom (:mod:`descend.doctor._rate_limited`)
or the budget cut it short from 1.5x (:mod:`descend.doctor._cut_short`). For an adaptive rule
(Adam, RMSprop, Adagrad) the ratio is the preconditioned sharpness against the rule's threshold,
and that sharpness does not say the rate is near its best: under an adaptive rule it rises to
the threshold and hovers there whatever the rate, the preconditioner moving with the rate
(Cohen et al. 2022, "Adaptive gradient methods at the edge of stability", sections 3-4: the
adaptive edge of stability, reached at small rates as at large ones). A ratio within a few
times of the useful one is where an adaptive run sits, not a sign that its steps are long.

What does say the rate held it is the curve. A run whose last quarter fell at least as fast
as its first (late pace ``NOT_SLOWING``, 1: it has not begun to slow, as ``_rate_limited``
reads) and still took ``CUT_SHORT_FALL`` (a quarter) of the loss's level off (``_cut_short``'s
bar) is far from any floor, and its steps, not the landscape, limited its progress. Under an
adaptive rule this module calls such a run too small wherever its preconditioned sharpness
never passed the (noise-shrunk) stable limit itself: headroom ``ADAPTIVE_HELD_FROM`` = 0.5,
the useful ratio being half the limit. A run that crossed its limit is left alone (its fall
may be a catapult's recovery). The advice raises the rate by ``ACCELERATING_RAISE`` (2x),
since the ratio cannot size the raise.

Bars: the pace and fall bars are the doctor's own. The headroom floor (the limit) is the one
bar chosen here, on the fitting groups (35: tune ... fresh32; session 19). Adam runs that get
no finding and are held only by headroom, with late pace >= 1 and last-quarter fall >= 0.25:
- any headroom: 9 too small, 4 healthy, 1 too large;
- headroom >= 0.5 (the chosen bar): 7 too small, 1 healthy, 0 too large;
- headroom >= 1: 1 too small, 0 healthy.
On the fitting groups it changes 8 runs: 7 too small Adam runs (tune, tune2, held_out, fresh2,
fresh5, fresh6, fresh17: right calls 5190 -> 5197) and 1 healthy one (fresh21 radial ripple
Huber GELU MLP at lr 1e-2: false alarms 139 -> 140); wrong-direction calls unchanged.

Its one look at a fresh group, fresh33 (session 19, kept): it acted on 1 run, a too-small
threshold XOR tanh MLP under Adam at lr 3.16e-3, and its advice helped. Right calls went
179 -> 180; false alarms (3/34) and wrong-direction calls (4) did not move.

``ADAPTIVE_HELD_FROM = None`` (or ``adaptive_held(..., from_=None)``) restores the rule before.
"""

from __future__ import annotations

from ._cut_short import CUT_SHORT_FALL
from ._thresholds import NOT_SLOWING

# Headroom (useful ratio / peak effective ratio) from which an adaptive run still accelerating is
# too small: 0.5 is the stable limit itself (the useful ratio is half of it). None restores the
# rule before session 19's fourth doctor helper.
ADAPTIVE_HELD_FROM: float | None = 0.5


def adaptive_held(
    adaptive: bool, factor: float, quarter: float, pace: float, stalled: bool, from_: float | None = ADAPTIVE_HELD_FROM
) -> bool:
    """Whether an adaptive run under ``RAISE`` of headroom (``factor``) is too small by its rate:
    never past its stable limit (``factor >= from_``), its last quarter at least as fast as its
    first (``pace >= NOT_SLOWING``) and still lowering the loss by ``CUT_SHORT_FALL`` of its level
    (``quarter``). Not for a plain rule, nor a run that stalled; never where ``from_`` is ``None``.

    >>> adaptive_held(True, 0.7, 0.3, 1.2, False), adaptive_held(False, 0.7, 0.3, 1.2, False)
    (True, False)
    >>> adaptive_held(True, 0.4, 0.3, 1.2, False), adaptive_held(True, 0.7, 0.2, 1.2, False)
    (False, False)
    >>> adaptive_held(True, 0.7, 0.3, 0.9, False), adaptive_held(True, 0.7, 0.3, 1.2, True)
    (False, False)
    >>> adaptive_held(True, 0.7, 0.3, 1.2, False, from_=None)
    False
    """
    if from_ is None or ADAPTIVE_HELD_FROM is None or stalled or not adaptive:
        return False
    return factor >= from_ and quarter >= CUT_SHORT_FALL and pace >= NOT_SLOWING
