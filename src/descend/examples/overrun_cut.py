"""Where a run of three or more classes fits 0.8-0.93 of its labels and its list, no longer than the
examples the run misfits, overruns its decisive count, the list keeps as many examples as it holds
decisive ones (session 21, label7, round 42; round 41's rule with a ratio of 1.2): round 28's
decisive cut for lists that are mostly decisive, bounded by the run's misfits.

Why. Round 28 (:mod:`~descend.examples.decisive_share`) cuts a list to its decisive count only where
less than 0.35 of it is decisive (or the count is under 0.06 of the training set), and only below
0.9 of the labels fitted. The 5-10% runs of curved partitions (``wigglefan``, ``twistrays``,
``voronoi``, ``bumpridge``, ``bowsectors``) and of overlapping regions fitting just over 0.9
(``venn``, ``fanquart``) hold lists of 1.2-2 times their decisive count: the flips, nearly all
decisive, and the split boundary examples the early tails took with them. Cutting every such list
loses: in a 20% run fitting 0.8 or more the network has begun to memorise its flips, they are no
longer decisive, the list is about as long as the flips and the decisive count falls short of them
(``digits`` projections, ``wine``, ``profiles``, ``polar``: F1 0.85-0.92 -> 0.5-0.7). Two bounds
from the misfits (``(1 - fits) n``, the examples the last epoch read places outside their given
label) tell the runs apart. A run that has not memorised misfits its flips and its boundary
examples, so its list fits within them; a memorising run misfits fewer examples than it has flips,
and its list overruns them. And where the decisive examples are most of the misfits, the run
misfits little besides its flips and the split examples are likely memorised flips: the cut asks at
most ``OVERRUN_DECISIVE`` = 0.7 of the misfits decisive. So: at least ``JOINT_CLASSES`` = 3
classes, fits ``OVERRUN_FROM`` = 0.8 up to ``OVERRUN_BELOW`` = 0.93, a list at least
``OVERRUN_OVER`` = 1.2 times its decisive count and no longer than the misfits, and a decisive count
of at most 0.7 of the misfits; then the list keeps its first ``decisive`` examples (the ranking is
unchanged). Where another rule of step (3) cut the list, this one does not act.

``find_label_issues(overrun_cut=None)`` restores the rule before it; how the numbers were fitted
and read (rounds 41 and 42, bench ``label_noise``) is in ``bench/HISTORY.md``.
"""

from __future__ import annotations

import math

from .._checks import number
from .confident_joint import JOINT_CLASSES

__all__ = ["overrun_cuts", "OVERRUN_OVER", "OVERRUN_DECISIVE", "OVERRUN_FROM", "OVERRUN_BELOW"]

# Session 21 (label7, round 42; 1.1 in round 41): how many times its decisive count a list must hold to be cut to it,
# the most of the run's misfits that may be decisive, and the band of fits.
OVERRUN_OVER = 1.2
OVERRUN_DECISIVE = 0.7
OVERRUN_FROM = 0.8
OVERRUN_BELOW = 0.93


def overrun_cuts(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    n: int,
    over: float | None = OVERRUN_OVER,
) -> bool:
    """Whether a list of ``listed`` examples, ``decisive`` of them decisive, in a run of ``classes``
    classes that fits ``fits`` of the labels of its ``n`` training examples, is cut to its decisive
    count: at least ``JOINT_CLASSES`` = 3 classes, ``fits`` from ``OVERRUN_FROM`` = 0.8 up to
    ``OVERRUN_BELOW`` = 0.93 (NaN never binds), ``listed`` at least ``over`` times ``decisive`` (at
    least one) and at most the misfits ``(1 - fits) n``, and ``decisive`` at most
    ``OVERRUN_DECISIVE`` = 0.7 of the misfits (``over=None``: never).

    >>> overrun_cuts(60, 80, 0.88, 4, n=800)   # 96 misfits: 80 <= 96, 60 <= 67.2, 80 >= 72
    True
    >>> overrun_cuts(60, 100, 0.88, 4, n=800), overrun_cuts(70, 80, 0.88, 4, n=800), overrun_cuts(60, 70, 0.88, 4, n=800)
    (False, False, False)
    >>> overrun_cuts(60, 80, 0.78, 4, n=800), overrun_cuts(60, 80, 0.88, 2, n=800), overrun_cuts(60, 80, 0.88, 4, n=800, over=None)
    (False, False, False)
    """
    over = number("overrun_cut", over, ge=1, none=True)
    if over is None or decisive <= 0 or listed == 0 or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return False
    if not OVERRUN_FROM <= fits < OVERRUN_BELOW:
        return False
    misfits = (1 - fits) * n
    return listed >= over * decisive and listed <= misfits and decisive <= OVERRUN_DECISIVE * misfits
