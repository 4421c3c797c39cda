"""Where a run with three or more classes fits at least 0.7 but less than 0.8 of its given labels
(it has not fitted its training set, but fits too much for the confident joint of
:mod:`~descend.examples.confident_joint` to serve), less than ``SPLIT_JOINT_BELOW`` = 0.7 of its
list is placed decisively in another class, and the run's confident joint counts well under those
decisive examples, the list keeps as many examples as the joint counts off its diagonal.

Why. A run fitting 0.7-0.8 of its labels has regions it has not drawn yet: its list (from the
early half's tails) holds the flips and clean examples near those boundaries, 120-180 examples
for 40-80 flips in 5-10% runs of coarse partitions (trefoil, logspiral). Some of the clean ones
are split between two classes, and :mod:`~descend.examples.decisive_share` cuts where most are
(less than 0.35 of the list decisive, in runs fitting 0.7-0.9); here 0.55-0.7 of the list is
decisive, because a boundary drawn in the wrong place also places clean examples decisively in
the neighbour, and the decisive count (90-110) is itself above the flips. The confident joint
(Northcutt et al. 2021, read from the run's own probabilities as in
:mod:`~descend.examples.confident_joint`) counts an example only where its other class holds at
least that class's mean self-confidence: a clean example beside a misdrawn boundary rarely
reaches it, a flip fitted into its true class does. Where the joint counts under
``SPLIT_JOINT_ODDS`` = 0.75 times the decisive examples, the decisive count holds many such
clean examples and the joint's count is the nearer to the flips (trefoil 5%: joint 55, decisive
91, list 140, for 39 flips). Fitted noisy runs are left alone by the share: 0.8-1.0 of their
lists are decisive, and there the joint undercounts (0.3-0.6 of the flips).

Why the band. Below ``JOINT_BELOW`` = 0.7 the confident joint cuts already. From
``UNFITTED_BELOW`` = 0.8 (:mod:`~descend.examples.unfitted_run`) the run has fitted its training
set but for its flips and overlaps, and lists with 0.5-0.7 decisive are memorising or
overlapping runs where the joint undercounts: round 24 (session 19, label5, commit 3484b9c) served
0.7-0.9 with share 0.5 and odds 0.6, cut 5 lists on 46 groups (+3 settings, one loss on a
ten-class 20% run), never acted on fresh-45 (its trefoil runs fit 0.70-0.76 with 0.62-0.77 of
their lists decisive) and was reverted (97a9fcc). This is that idea re-fitted.

Fitted on the 47 groups of bench ``label_noise`` tuning ... fresh-45 (session 19, label5, seeds
0-1, 2268 settings, rounds 20 and 23 on; sweep ``/work/notes/s19/label5-scripts/s3.py``, output
``label5-out/s3_sweep.txt``; library exact ``label5-out/fitting_r25.txt``): 7 lists cut, all up,
settings at least cleanlab's +6, no group lower (trefoil at 5-10%, 5 lists; logspiral at 10%;
overlap at 10%, F1 only). Neighbours: odds 0.7 +2, 0.8 +5 (tuning -1); share 0.6 +1, 0.8 +7
(three groups -1); a band to 0.85 -2 or worse, from 0.72 +3. The cut is gated by the joint
against the decisive count, not by the noise rate, which the run does not know. A narrow rule:
five of the seven lists it cuts on the fitting groups are one task's (trefoil, fresh-45).

``find_label_issues(split_joint_below=None)`` restores the rule before it.
"""

from __future__ import annotations

import math

from .._checks import number
from .confident_joint import JOINT_BELOW, JOINT_CLASSES
from .unfitted_run import UNFITTED_BELOW

__all__ = ["split_joint_cut", "SPLIT_JOINT_BELOW", "SPLIT_JOINT_ODDS"]

# Session 19 (label5, round 25): the share of the list placed decisively in another class under which the
# joint may cut it, and how far under the decisive count the joint must be.
SPLIT_JOINT_BELOW = 0.7
SPLIT_JOINT_ODDS = 0.75


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
    classes, ``JOINT_BELOW`` <= ``fits`` < ``UNFITTED_BELOW`` (NaN never binds), ``decisive
    < below * listed`` and ``joint < odds * decisive``. ``below=None``: never.

    >>> split_joint_cut(55, 91, 140, 0.75, 3), split_joint_cut(70, 91, 140, 0.75, 3)
    (True, False)
    >>> split_joint_cut(55, 100, 140, 0.75, 3), split_joint_cut(55, 91, 140, 0.83, 3)
    (False, False)
    >>> split_joint_cut(55, 91, 140, 0.75, 2), split_joint_cut(55, 91, 140, 0.75, 3, below=None)
    (False, False)
    """
    below = number("split_joint_below", below, gt=0, le=1, none=True)
    odds = number("odds", odds, gt=0)
    if below is None or listed == 0 or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return False
    in_band = JOINT_BELOW <= fits < UNFITTED_BELOW
    return in_band and decisive < below * listed and joint < odds * decisive
