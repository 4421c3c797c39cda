"""Where a run with three or more classes fits 0.7-0.9 of its given labels and less than half of
its list (but not so little that :mod:`~descend.examples.decisive_share` cuts it) is placed
decisively in another class, the list keeps as many examples as the run's confident joint counts
off its diagonal, where that count is well below the decisive one.

Why. :mod:`~descend.examples.decisive_share` cuts a list at its decisive count where less than
0.35 of it is decisive: most of the list is clean examples split between two classes on a
boundary the run is still drawing. Between that and about half, the list is a mixture: a 5% run
of a coarse partition holds 70-180 examples for 40 flips, 0.4-0.5 of them decisive, and the
decisive ones are themselves more than the flips (clean examples near a boundary the run has
drawn in the wrong place are placed decisively in the neighbour too). The confident joint
(Northcutt et al. 2021, read from the run's own probabilities as in
:mod:`~descend.examples.confident_joint`) counts an example only where its other class holds at
least that class's mean self-confidence: a clean example on a boundary drawn late rarely reaches
it, a flip fitted into its true class does. Where the joint counts well under the decisive
examples (``joint < SPLIT_JOINT_ODDS * decisive``, 0.6), the decisive count holds many such clean
examples and the joint's count is the nearer one to the flips (logspiral, fresh-44, 5% runs:
joint 34-45, decisive 70-83, lists 168-174, for 40 flips). Where the two agree, the joint adds
nothing and the list is left alone. Fitted 10-20% runs are left alone by the share: 0.8-1.0 of
their lists are decisive, and there the joint undercounts (0.3-0.6 of the flips).

Fitted on the 46 groups of bench ``label_noise`` tuning ... fresh-44 (session 19, label5, seeds
0-1, 2220 settings, rounds 20 and 23 on; sweeps ``/work/notes/s19/label5-scripts/s1.py``,
``s2.py``, outputs ``label5-out/s1_sweep.txt``, ``s2_sweep.txt``; library exact,
``label5-out/fitting_r24.txt``): with the fits band of :mod:`~descend.examples.decisive_share`
(``JOINT_BELOW`` = 0.7 to ``DECISIVE_FITS_BELOW`` = 0.9), share 0.5 and odds 0.6, 5 lists cut,
settings at least cleanlab's 1959 -> 1962, mean F1 0.6828 -> 0.6831: logspiral at 5% (4 lists,
F1 0.34-0.37 -> 0.60-0.73), and one loss, digitscontrast s0 class 20% (fresh-37, ten classes,
memorising: 231 -> 52 examples for 287 flips, F1 0.842 -> 0.295), where the joint undercounts as
in fitted runs. Neighbours: odds 0.5 +1, 0.7 +3, 0.8 +2 (fresh-12 -2), 1.0 +3 (three groups
lower); share 0.6 -1 to -7; without the share gate -4 to -269; a fits band to 0.95 -11 or worse.
The cut is gated by the joint against the decisive count, not by the noise rate, which the run
does not know. A narrow rule: four of the five lists it cuts on the fitting groups are one task's.

``find_label_issues(split_joint_below=None)`` restores the rule before it.
"""

from __future__ import annotations

import math

from .._checks import number
from .confident_joint import JOINT_BELOW, JOINT_CLASSES
from .decisive_share import DECISIVE_FITS_BELOW

__all__ = ["split_joint_cut", "SPLIT_JOINT_BELOW", "SPLIT_JOINT_ODDS"]

# Session 19 (label5): the share of the list placed decisively in another class under which the
# joint may cut it, and how far under the decisive count the joint must be.
SPLIT_JOINT_BELOW = 0.5
SPLIT_JOINT_ODDS = 0.6


def split_joint_cut(
    joint: int,
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    below: float | None = SPLIT_JOINT_BELOW,
    odds: float = SPLIT_JOINT_ODDS,
) -> bool:
    """Whether the confident ``joint``'s off-diagonal count cuts a list of ``listed`` examples of
    which ``decisive`` are placed decisively in another class
    (:func:`~descend.examples.decisive_share.decisive_listed`), in a run of ``classes`` classes
    whose last epoch read fits ``fits`` of its given labels: at least ``JOINT_CLASSES`` = 3
    classes, ``JOINT_BELOW`` <= ``fits`` < ``DECISIVE_FITS_BELOW`` (NaN never binds), ``decisive
    < below * listed`` and ``joint < odds * decisive``. ``below=None``: never.

    >>> split_joint_cut(35, 75, 170, 0.83, 3), split_joint_cut(60, 75, 170, 0.83, 3)
    (True, False)
    >>> split_joint_cut(35, 90, 170, 0.83, 3), split_joint_cut(35, 75, 170, 0.95, 3)
    (False, False)
    >>> split_joint_cut(35, 75, 170, 0.83, 2), split_joint_cut(35, 75, 170, 0.83, 3, below=None)
    (False, False)
    """
    below = number("split_joint_below", below, gt=0, le=1, none=True)
    odds = number("odds", odds, gt=0)
    if below is None or listed == 0 or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return False
    in_band = JOINT_BELOW <= fits < DECISIVE_FITS_BELOW
    return in_band and decisive < below * listed and joint < odds * decisive
