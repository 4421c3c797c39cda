"""Where a run of three or more classes fits 0.7-0.9 of its labels, its decisive examples are well
under the examples the last epoch misfits and its list holds at least ``SPLIT_OVER_JOINT`` = 1.7
times what the confident joint counts, the list keeps as many examples as it holds decisive ones
(session 20, label4, round 36).

Why. Round 31 (:mod:`~descend.examples.split_recount`) cuts a list under 0.6 decisive to the
confident joint's count where the run left its boundaries split (its decisive examples under
``RECOUNT_MISFITS`` = 0.6 of the examples the last epoch misfits). A list of such a run that is
0.6-0.8 decisive is left whole, and in the 5-10% runs of coils, spirals and winding bands
(``trefoil``, ``limacon``, ``atancoil``, ``fourlogarms``, ``voronoi``) it overruns its flips: lists of
115-170 for 40-80 flips, longer than cleanlab's. Two counts bracket the flips there. The joint counts
an example only where another class holds at least that class's mean probability of its own label;
a flip the run fits as its true class passes that bar, a split boundary example seldom does, and a
flip the run holds weakly in its true class (``po`` 2-4 times ``py`` but under the bar) does not
either, so the joint counts under the flips (51-89 for 80). The decisive count counts every listed
example placed decisively in another class (``po > DECISIVE_ODDS * py``), the weakly held flips too,
and leaves out the split boundary examples (``po`` under twice ``py``), so it counts somewhat over the
flips (78-114 for 80). Where the list holds 1.7 times the joint or more, the joint says most of the
list is not flips. The cut goes to the decisive count, the larger of the two, because the joint
undercounts badly in runs that fitted their regions (``linear6`` 10%: a joint of 19 for 80 flips,
``axis``, ``nearestline``); cutting there to the joint loses (+12 -3 on the fitting groups, below),
while cutting to the decisive count keeps the flips the ranking puts first. The misfit gate is round
31's: a run whose decisive examples reach 0.6 of its misfits has drawn its boundaries, and its long
list is mostly flips (high-dimensional runs, ``digits`` projections: lists of 160-290, the joint a
third to a half of them). Like round 31, only with ``RECOUNT_PER_CLASS`` = 100 examples a class or
more (the joint's class bars), and not where round 31 already cut the list.

Fitted on the 58 groups of bench ``label_noise`` tuning ... fresh-56 (2880 settings, seeds 0-1;
fresh-57 excluded, unread), offline over the head's lists (bench/HISTORY.md has the sweeps). Of the
misfit gate 0.6 and the list-over-joint ratio: 1.6 +12 (fresh-12 and fresh-31 a setting lower), 1.65
+14, **1.7 +14**, 1.75 +13, 1.8 +13, 1.9 +11, 2.0 +10 (no group lower from 1.65 to 2.0); at a misfit
gate of 0.65, +18 with fresh-37 a setting lower; 0.55 +10, 0.5 +7. Cutting to the joint instead: 1.7
+6 (four groups lower), 2.0 +9 (three groups a setting lower); to the mean of the two: 2.0 +11 with
fresh-46 a setting lower. Exact library check at 1.7 against ``split_over_joint=None``: settings at
least cleanlab's 2547 -> 2561 of 2880, mean F1 0.67679 -> 0.67805, 85 lists changed (72 of them up),
no group lower (fresh-39 +2, fresh-44 +3, fresh-45 +6, fresh-53 +2, fresh-55 +1: the 5-10% runs of
``trefoil``, ``limacon``, ``voronoi``, ``atancoil``, ``fourlogarms`` and ``wigglefan``).
What it leaves: ``wigglefan`` and ``rootcoil`` 10% (fresh-55), whose decisive counts reach 0.66-0.75
of their misfits; widening the misfit gate to 0.65 gains 18 but costs fresh-37 a setting, and to
0.8 loses (digits projections). Frozen so (session 20, label4, commit d29b8b2) and read once on
fresh-57, written for it before the design (curved partitions of 3-5 classes: a three-armed swirl, a
bumped coil, petalled rings, waving wedges, a helix of wedges; a control of three blobs): 4 lists
changed, all up (wavewedges s1 class 10%: 118 -> 86 for 80 flips, F1 0.646 -> 0.699 against
cleanlab's 0.593; wavewedges and helixbands 5%: 63-87 -> 52-74 for 40), settings at least
cleanlab's 62 -> 62 of 72, mean F1 0.69835 -> 0.70050; kept by its rule. Compute (bench section on
fresh-57): a median of 0.262 of cleanlab's. ``find_label_issues(split_over_joint=None)`` restores
round 34.
"""

from __future__ import annotations

from .._checks import number
from .decisive_share import DECISIVE_FITS_BELOW
from .split_recount import RECOUNT_MISFITS, RECOUNT_PER_CLASS, boundaries_left_split

__all__ = ["decisive_recuts", "SPLIT_OVER_JOINT"]

# Session 20 (label4, round 36): how many times the confident joint's count a list of a run that
# left its boundaries split must hold for it to be cut to its decisive count.
SPLIT_OVER_JOINT = 1.7


def decisive_recuts(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    n: int,
    joint: int | None = None,
    over: float | None = SPLIT_OVER_JOINT,
    misfit_share: float = RECOUNT_MISFITS,
    per_class: int = RECOUNT_PER_CLASS,
    fits_below: float = DECISIVE_FITS_BELOW,
) -> bool:
    """Whether a list of ``listed`` examples, ``decisive`` of them decisive, in a run of ``classes``
    classes on ``n`` examples whose confident joint counts ``joint``, is cut to its decisive count:
    at least ``JOINT_CLASSES`` = 3 classes and ``per_class`` examples a class, the last epoch read
    fits at least ``JOINT_BELOW`` = 0.7 and less than ``fits_below`` of the given labels (``fits``;
    NaN never binds), the decisive count is under the list and less than ``misfit_share`` times the
    examples the last epoch misfits (``(1 - fits) n``), and the list holds at least ``over`` times
    the joint's count. ``joint=None``: every gate but the joint's (whether to count it at all).
    ``over=None``: never.

    >>> decisive_recuts(80, 120, 0.8, 4, n=800, joint=60), decisive_recuts(80, 120, 0.8, 4, n=800, joint=71)
    (True, False)
    >>> decisive_recuts(80, 120, 0.8, 4, n=800)                                 # the joint still to count
    True
    >>> decisive_recuts(100, 120, 0.8, 4, n=800), decisive_recuts(80, 120, 0.92, 4, n=800)  # 100 >= 0.6 x 160
    (False, False)
    >>> decisive_recuts(80, 120, 0.8, 2, n=800), decisive_recuts(80, 120, 0.8, 4, n=300)
    (False, False)
    >>> decisive_recuts(120, 120, 0.8, 4, n=1200), decisive_recuts(80, 120, 0.8, 4, n=800, over=None)
    (False, False)
    """
    over = number("split_over_joint", over, gt=0, none=True)
    if over is None or not 0 < listed or decisive >= listed:
        return False
    if not boundaries_left_split(
        decisive, fits, classes, n=n, misfit_share=misfit_share, per_class=per_class, fits_below=fits_below
    ):
        return False
    return joint is None or listed >= over * joint
