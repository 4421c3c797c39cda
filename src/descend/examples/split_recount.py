"""Where a run of three or more classes fits 0.7-0.9 of its labels, less than 0.6 of its list is
placed decisively in another class and its decisive examples are well under the examples the last
epoch misfits, the list keeps as many examples as the confident joint counts (session 20, label1,
round 31; the share gate refitted from 0.5 to 0.6 in round 34, label3).

Why. In a low-noise run of a smooth partition the network has not yet drawn every boundary sharply
(5-10% runs of coiled, spiral and cubic bands: ``logcoil``, ``logspiral``, ``cubicbands``,
``sincbands``, ``trefoil``): the last epoch misfits many clean boundary examples besides the flips
(90-190 misfits for 40-80 flips), and the relative margins argue against them as decisively as
against flips, so the list overruns its flips (114-214 examples for 40-80). Those boundary examples
are split between their class and a neighbour, so under ``RECOUNT_BELOW`` = 0.6 of the listed examples
are placed decisively in another class (``po > DECISIVE_ODDS * py``,
:func:`~descend.examples.decisive_listed`) and the decisive examples fall well short of the
misfits (under ``RECOUNT_MISFITS`` = 0.6 of them): much of what the run misfits it has left split.
Their decisive counts (0.06-0.11 of the training set) lie above round 27's floor
(:data:`~descend.examples.DECISIVE_FEW`) and still hold the decisive boundary examples. The
confident joint (:func:`~descend.examples.joint_count`) counts an example only where another class
holds at least that class's own mean probability; the split boundary examples lower those bars to
where the flips, fitted as their true class, pass them and few boundary examples do, so its count
sits near the flips (34-42 for 40 flips in ``logcoil``'s 5% runs, 63-80 for 80) and the ranked list
cut there keeps mostly flips. Where the run fitted its regions (10-20% runs of linear or
high-dimensional tasks: ``synthetic-d``, ``linear6``, digits) the joint counts far fewer than the
flips, but there most of the list is decisive or the decisive count is near the misfits, and the
gates leave it alone. The bars are means over each class's labelled examples; with fewer than
``RECOUNT_PER_CLASS`` = 100 examples a class (``alcohol``, 47 a class; ``diabquart``, 72) they are
too noisy and the joint does not recount.

Fitted on the 53 groups of bench ``label_noise`` tuning ... fresh-51 (2556 settings, seeds 0-1;
offline, then exact; bench/HISTORY.md has the sweeps).
At 0.5, 0.6 and 100 (exact): settings at least cleanlab's 2251 -> 2266 with no group lower (4 each
in logspiral, cubicbands and sincbands 5-10% runs, 1 each in logcoil, mosaic and pinwheel), mean F1
0.67502 -> 0.67678, 26 lists cut and every one of them up (friedman's 5-10% runs too). Neighbours:
share 0.45 +11 (exact), 0.55 +16 with tuning a setting lower (exact), 0.6 +20 with tuning a
setting lower, 0.7 +15 with six groups lower; misfit share 0.5 +7, 0.55 +13, 0.65 +17, 0.7 +16
with fresh-37 a setting lower; a class floor of 75-125 the same, 50 +13 with fresh-24 two lower,
none +11 with fresh-12 and fresh-24 two lower each. Cutting wherever the joint is below the
decisive count (session 19's proposal) loses: -20 at 0.5 times it, -249 at 1.
Round 34 (session 20, label3) refitted the share gate on all 56 recorded groups tuning ... fresh-54
(2748 settings; exact, bench/HISTORY.md), by a choice declared before the
sweep: the most settings at least cleanlab's with no group more than a setting lower and mean F1 not
lower, ties to fewer groups lower. Against 0.5: 0.45 -8 (18 lists cut, none up); 0.55 +3 (tuning a
setting lower); **0.6 +9** (2432 -> 2441, mean F1 0.67261 -> 0.67352, 48 lists changed and 37 of them
up; tuning a setting lower); 0.65 +9 (fresh-12 and tuning a setting lower each); 0.7 +4 (fresh-46
three lower). Without fresh-52 and fresh-53, whose reads had pointed at this gate, 0.6 and 0.65
still tie (+5 each). Why a list 0.5-0.6 decisive: in the 5-10% runs of coils, spirals and bands
(``logcoil``, ``logspiral``, ``limacon``, ``fanquart``, ``tanhbands``, ``atancoil``) the flips are
the decisive half of a list of 100-190 and the split boundary examples a sizeable minority; the joint
still counts near the flips there (33-80 for 40-80). What it costs: in 20% runs whose list is already
near the flips (``overlap``, ``nearestline``, ``bumpdip``) the joint undercounts and the cut loses
F1 (a guard on the joint's count under 0.1-0.15 of the examples did not separate them).
``find_label_issues(recount_below=0.5, split_over_joint=None)`` restores round 33 (round 36,
:mod:`~descend.examples.split_decisive`, cuts lists this gate leaves whole).
``find_label_issues(recount_below=None, split_over_joint=None)`` restores round 28.
"""

from __future__ import annotations

import math

from .._checks import number
from .confident_joint import JOINT_BELOW, JOINT_CLASSES
from .decisive_share import DECISIVE_FITS_BELOW

__all__ = ["joint_recounts", "boundaries_left_split", "RECOUNT_BELOW", "RECOUNT_MISFITS", "RECOUNT_PER_CLASS"]

# Session 20 (label1; the share refitted from 0.5 by label3, round 34): the share of the list decisive
# under which, the share of the last epoch's misfit examples under which the decisive count must lie,
# and the fewest examples a class, for the confident joint to recount a partly split list in the band
# of fits.
RECOUNT_BELOW = 0.6
RECOUNT_MISFITS = 0.6
RECOUNT_PER_CLASS = 100


def joint_recounts(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    n: int,
    below: float | None = RECOUNT_BELOW,
    misfit_share: float = RECOUNT_MISFITS,
    per_class: int = RECOUNT_PER_CLASS,
    fits_below: float = DECISIVE_FITS_BELOW,
) -> bool:
    """Whether the confident joint's count recounts a list of ``listed`` examples, ``decisive`` of
    them decisive, in a run of ``classes`` classes on ``n`` examples: at least ``JOINT_CLASSES`` = 3
    classes and ``per_class`` examples a class, the last epoch read fits at least ``JOINT_BELOW`` =
    0.7 and less than ``fits_below`` of the given labels (``fits``; NaN never binds), less than
    ``below`` of the list is decisive and the decisive count is less than ``misfit_share`` times the
    examples the last epoch misfits (``(1 - fits) n``). ``below=None``: never.

    >>> joint_recounts(50, 120, 0.85, 4, n=800), joint_recounts(70, 120, 0.85, 4, n=800)  # 70 < 0.6 x 120
    (True, True)
    >>> joint_recounts(72, 120, 0.85, 4, n=800), joint_recounts(70, 120, 0.85, 4, n=800, below=0.5)
    (False, False)
    >>> joint_recounts(80, 200, 0.85, 4, n=800), joint_recounts(50, 120, 0.92, 4, n=800)  # 80 >= 0.6 x 120
    (False, False)
    >>> joint_recounts(50, 120, 0.85, 2, n=800), joint_recounts(50, 120, 0.85, 4, n=300)
    (False, False)
    >>> joint_recounts(50, 120, 0.85, 4, n=800, below=None)
    False
    """
    below = number("recount_below", below, gt=0, le=1, none=True)
    if below is None or not decisive < below * listed:
        return False
    return boundaries_left_split(
        decisive, fits, classes, n=n, misfit_share=misfit_share, per_class=per_class, fits_below=fits_below
    )


def boundaries_left_split(
    decisive: int,
    fits: float,
    classes: int,
    *,
    n: int,
    misfit_share: float = RECOUNT_MISFITS,
    per_class: int = RECOUNT_PER_CLASS,
    fits_below: float = DECISIVE_FITS_BELOW,
) -> bool:
    """The gate :func:`joint_recounts` and :func:`~descend.examples.split_decisive.decisive_recuts`
    share: a run of at least ``JOINT_CLASSES`` = 3 classes and ``per_class`` examples a class on
    ``n`` examples, fitting at least ``JOINT_BELOW`` = 0.7 and less than ``fits_below`` of its
    labels (``fits``; NaN never binds), whose ``decisive`` examples are fewer than ``misfit_share``
    times the examples the last epoch misfits (``(1 - fits) n``): much of what it misfits it has
    left split between classes.

    >>> boundaries_left_split(50, 0.85, 4, n=800), boundaries_left_split(80, 0.85, 4, n=800)
    (True, False)
    """
    if not math.isfinite(fits) or classes < JOINT_CLASSES or n < per_class * classes:
        return False
    return JOINT_BELOW <= fits < fits_below and decisive < misfit_share * (1.0 - fits) * n
