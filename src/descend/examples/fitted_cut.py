"""Where a run of three or more classes fits 0.9 of its labels or a little more (under
``FITTED_CUT_BELOW`` = 0.93) and its list is no longer than the examples the last epoch misfits,
round 28's decisive cut applies as it does at 0.7-0.9: a list split between classes keeps its
decisive examples (session 20, label5, round 39).

Why. Round 28 (:func:`~descend.examples.decisive_cut`) cuts a list under ``DECISIVE_BELOW`` decisive
(or whose decisive count is under ``DECISIVE_FEW`` of the examples) to its decisive count, in runs
fitting 0.7-0.9 of their labels. Runs of overlapping or fanned classes that fit just over 0.9
(``venn`` 5%, ``fanquart`` 5%, ``archbands`` 5%) list as a run under 0.9 does: 39-80 examples for
about 40 flips, half of them clean examples split between classes, the flips the decisive half. The
top of round 28's band was fitted where, above it, 20% runs of ``digits`` projections (``digits``,
``digitsthick``, ``digitsedge``, ``digitsrank``, ``digitscontrast``: 10 classes) have begun to
memorise: their lists (130-193) are mostly flips the run now fits as labelled, longer than what the
last epoch misfits (about 140), and a cut to the decisive count loses them (F1 0.78 -> 0.41). A run
whose list is no longer than its misfits has not taken in fitted examples, so the list is the run's
misfits and the decisive ones among them are the flips: the cut applies there only.

Fitted on the 61 groups of bench ``label_noise`` tuning ... fresh-59 (3072 settings, seeds 0-1;
fresh-60 excluded, unread; exact, by patching the gate; bench/HISTORY.md has the sweeps), by the
choice: the most settings at least cleanlab's with no group lower, ties to fewer lists changed.
Without the misfit guard, raising the top of round 28's band loses: 0.91 +0 (fresh-30 and fresh-43
a setting lower), 0.92 -3, 0.93 -6, 0.94 -13, 0.96 -50 (the digits projections). With it (a list of
at most the last epoch's misfits), against round 37 (2748 of 3072, mean F1 0.68391): 0.92 +2
(0.68420), **0.93 +3** (0.68425; 46 lists changed, 32 of them up; no group lower: fresh-40, fresh-52
and fresh-56 +1 each: ``venn`` s0 uniform 5% 72 -> 37 for 40 flips, F1 0.679 -> 0.883 against
cleanlab's 0.828; ``fanquart`` s0 class 5% 78 -> 41, 0.593 -> 0.815 against 0.707; ``archbands`` s0
class 5% 39 -> 33, 0.795 -> 0.861 against 0.810), 0.94 +3 (74 lists changed), 0.95 -5 (seven groups
lower), 0.97 -12; at 0.93 a guard of 1.1 times the misfits the same +3, of 0.9 times +1.
``find_label_issues(fitted_cut=None)`` restores round 37.

Round 40 (session 20, label6): round 39 alone was reverted on its fresh group (fresh-60), whose
``stripes4`` 5% runs (a precise list of straight-boundary classes) it trimmed by 1-2 flips: a list
barely longer than its decisive count (1.03-1.05 times) is precise, its few undecided examples flips
as often as not, while the lists the cut is for run to about twice their decisive count (``venn``
1.95, ``fanquart`` 1.90). So the cut applies only to a list at least ``FITTED_CUT_OVER`` = 1.1 times
its decisive count. Fitted on the 62 groups tuning ... fresh-60 (3132 settings; fresh-61 excluded,
unread), by the choice declared before the sweep: the most settings at least cleanlab's with no group
lower than round 37 and mean F1 not lower, ties to the largest guard. Against round 37 (2796 of
3132, mean F1 0.688999), of round 39's 51 changed lists (ratios 1.00-1.95): no guard +3 (0.689318,
51 lists changed, fresh-60's three ``stripes4`` lists among them), **1.1 +3** (0.689303, 15 lists),
1.2-1.75 +2 (``archbands`` no longer cut; 10 to 2 lists), 2.0 and over +0 (none cut); no guard
lowers a group.
"""

from __future__ import annotations

import math

from .._checks import number
from .decisive_share import DECISIVE_BELOW, DECISIVE_FEW, DECISIVE_FITS_BELOW, decisive_cut

__all__ = ["fitted_cuts", "FITTED_CUT_BELOW", "FITTED_CUT_OVER"]

# Session 20 (label5, round 39): the fits under which round 28's decisive cut also applies above its
# band (0.9), to a list no longer than the last epoch's misfits.
FITTED_CUT_BELOW = 0.93
# Session 20 (label6, round 40): the cut applies only to a list at least this many times its decisive count.
FITTED_CUT_OVER = 1.1


def fitted_cuts(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    n: int,
    below: float | None = DECISIVE_BELOW,
    few: float | None = DECISIVE_FEW,
    top: float | None = FITTED_CUT_BELOW,
    over: float | None = FITTED_CUT_OVER,
) -> bool:
    """Whether a list of ``listed`` examples, ``decisive`` of them decisive, in a run of ``classes``
    classes on ``n`` examples fitting ``fits`` of its labels is cut to its decisive count above
    round 28's band: ``fits`` at least ``DECISIVE_FITS_BELOW`` = 0.9 and under ``top`` (NaN never
    binds), the list no longer than the examples the last epoch misfits (``(1 - fits) n``), at
    least one listed example decisive (a cut to nothing is no cut), the list at least ``over`` times its
    decisive count (``FITTED_CUT_OVER`` = 1.1: a precise list is kept whole; ``None``: any), and
    round 28's gates (:func:`~descend.examples.decisive_cut`: at least 3 classes, under ``below``
    of the list decisive or the decisive count under ``few`` times ``n``). ``top=None``: never.

    >>> fitted_cuts(37, 70, 0.91, 4, n=800), fitted_cuts(37, 70, 0.94, 4, n=800)  # 70 <= 0.09 x 800
    (True, False)
    >>> fitted_cuts(37, 80, 0.91, 4, n=800), fitted_cuts(37, 70, 0.85, 4, n=800)  # 80 > 72; under 0.9
    (False, False)
    >>> fitted_cuts(60, 70, 0.91, 4, n=800), fitted_cuts(37, 70, 0.91, 2, n=800), fitted_cuts(0, 70, 0.91, 4, n=800)
    (False, False, False)
    >>> fitted_cuts(37, 70, 0.91, 4, n=800, top=None), fitted_cuts(37, 70, float("nan"), 4, n=800)
    (False, False)
    >>> fitted_cuts(38, 40, 0.91, 4, n=800), fitted_cuts(38, 40, 0.91, 4, n=800, over=None)  # 40 < 1.1 x 38
    (False, True)
    """
    top = number("fitted_cut", top, gt=0, le=1, none=True)
    over = number("over", over, ge=1, none=True)
    if top is None or listed == 0 or not math.isfinite(fits) or not DECISIVE_FITS_BELOW <= fits < top:
        return False
    if listed > (1.0 - fits) * n or decisive == 0:  # nothing decisive: no split to cut
        return False
    if over is not None and listed / decisive < over:  # a precise list, nearly all decisive: kept whole
        return False
    return decisive_cut(decisive, listed, fits, classes, below=below, few=few, n=n, fits_below=top)
