"""Where a run with three or more classes fits 0.7-0.9 of its given labels and most of its list is
split between classes rather than placed decisively in another one, the list keeps as many examples
as it holds decisive ones.

Why. A flip into a region the network has fitted is confidently in its true class: over the
epochs the rule reads (before memorisation) its strongest other class holds well over the given
label's probability. A clean example on a boundary the network has not yet drawn sharply (5% runs
of coarse partitions after 20 epochs: ellipses, a pinwheel, sine-cut bands, nested rings, spirals)
is argued against as decisively by the relative margins, so the early half's tails count it as a
flip and the list holds it (lists of 90-240 for 40 flips), but its probability is split between
its own class and a neighbour. So, over the listed examples, ``po`` (the mean probability of the
strongest other class, ``p_label * exp(-margin)`` under a softmax) against ``py`` (the mean
probability of the given label) tells the two apart: ``po > DECISIVE_ODDS * py`` (= 2: the other
class holds at least two thirds of the two's probability) is a decisive example. In a fitted run
at 10-20% noise almost every listed example is decisive (shares 0.8-1.0), and where flips are
memorised or classes overlap 0.4-0.75. Where less than ``DECISIVE_BELOW`` = 0.35 of the list is
decisive, the list is mostly split examples, and it keeps its first ``decisive`` examples (the
ranking is unchanged): the count of the examples the run places in another class, as confident
learning (Northcutt et al. 2021) counts an example only where another class is confidently above.

Why the band of fits. Below ``JOINT_BELOW`` = 0.7 the run has left whole regions unfitted, flips
in them are split too, and the confident joint (:mod:`~descend.examples.confident_joint`) serves
there; cutting at the decisive count there loses (fitting groups: -19 settings over all fits below
0.9, fresh-7, -25, -36, -38 and -42 lower). From ``DECISIVE_FITS_BELOW`` = 0.9 the run has begun
to memorise its flips, which then are split too; a band up to 0.92 gains 12 with a group lower. At
least ``JOINT_CLASSES`` = 3 classes, as for the joint: with two, ``po = 1 - py`` and "decisive"
is only ``py < 1/3``; binary runs in the band gain 11 settings but one group loses 2.

Fitted on the 44 groups of bench ``label_noise`` tuning ... fresh-42 (session 19, label4, seeds
0-1, 2124 settings, round 20 on): 38
lists cut, settings at least cleanlab's +13, no group lower (ellipses, pinwheel, sinusoid,
linfrings, spirals, waveforms). Neighbours: share 0.3 +10, 0.4 +13 with one group a setting
lower; odds 1.5 +5, odds 3 -21; a fits band of 0.75-0.9 +11, 0.7-0.88 +12. Cutting at the joint's
count instead of the decisive one: +11. Frozen so (session 19, label4, commit 7026471), it never
acted on fresh-43 (no run of it in the band held a split list: its 5% runs fit 0.92-0.98 or below
0.65) and was reverted by its rule (da78258); re-frozen unchanged for a second test on fresh-44,
written for it (coarse partitions whose 5% runs should fit 0.80-0.90), and kept there (one look:
2 lists changed, both up, hexbands at 5%: 99 -> 31 and 93 -> 32 examples for 40 flips; settings
32 -> 32, mean F1 0.5886 -> 0.5994). Its 5% runs of a logarithmic spiral and nested limacons
(lists of 70-175 for 40 flips) were not cut: 0.40-0.72 of their lists are decisive.
``find_label_issues(decisive_below=None)`` restores the rule before it.

Few decisive examples (session 19, label7, round 27). A list that is only partly split (0.35-0.8
of it decisive: 5-10% runs of a logarithmic spiral, nested limacons, a trefoil, quartiles of a
cubic) is cut too where its decisive examples are fewer than ``DECISIVE_FEW`` = 0.06 of the
training set. Why: the decisive count estimates the flips, and where it is small the run is a
low-noise one whose list overruns its flips with split boundary examples (lists of 70-240 for 40
flips), however much of it is decisive. A raised share gate cannot tell these from 20% runs whose
flips are partly memorised or whose classes overlap (waveforms, digits, wine: shares 0.45-0.8,
lists about the size of their flips), and cuts them too: sweeping the gate on the 49 fitting
groups (tuning ... fresh-47, 2352 settings) gave 0.4 +1 (fresh-12 -1), 0.45 +3 and 0.5 +5 (fresh-12
-2), 0.55 +0, 0.6 -2. In those 20% runs the decisive examples are 0.1-0.2 of the training set.
Sweep of the floor (any share): 0.04 +0, 0.05 +3,
0.055 +4, 0.06 +7, 0.065 +8, 0.07 +9 (no group lower from 0.05 to 0.07), 0.075 +9 with fresh-37 -1,
0.08 +8 with fresh-37 -2, 0.1 +4 with four groups lower. ``find_label_issues(decisive_few=None)``
restores round 23's share gate alone.

Every listed example decisive (session 19, label8, round 28). Where the run fits 0.7-0.9 of its
labels and at least ``DECISIVE_EXTEND`` = 1.0 of the list (all of it) is placed decisively in
another class, the list takes in every other example of the training set the run places so
(:func:`decisive_examples`), after its own (not where a held-out ``count`` caps the list). Why: a list that is all decisive holds no split
boundary examples, so nothing argues it overruns its flips; where it stopped early (20% runs whose
flips the relative margins argue against only weakly: parabolas, regbins, cauchy, lists of 50-120
for 80-160 flips) the run still places the flips it missed confidently in their true class, and
the decisive count over the whole training set (confident learning's count of examples with
another class confidently above) reaches them. Tabulating the 281 settings below cleanlab's on the
50 groups tuning ... fresh-48 (session 19, label8): 91
lie in this band of fits, 35 of them 20% runs, 18 with lists under 0.8 of their flips. Sweep of
the share (``off8c.py``): 0.8, 0.9 and 0.95 +9 with fresh -1 (blobs at 10%), 0.99 and 1.0 +9 with
no group lower (62 lists changed at 1.0, 9 settings regained, none lost); widening the band to
0.95 or below 0.7 adds +1-2. ``find_label_issues(decisive_extend=None)`` restores round 27.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_BELOW, JOINT_CLASSES, mean_probabilities

__all__ = [
    "decisive_listed",
    "decisive_cut",
    "DECISIVE_ODDS",
    "DECISIVE_BELOW",
    "DECISIVE_FITS_BELOW",
    "DECISIVE_FEW",
    "DECISIVE_EXTEND",
    "decisive_examples",
    "decisive_extends",
]

# Session 19 (label4): how much more probability the strongest other class must hold for a listed
# example to count as decisive, the share of the list under which it is cut, and the top of the
# band of fits it serves (the bottom is the confident joint's JOINT_BELOW).
DECISIVE_ODDS = 2.0
DECISIVE_BELOW = 0.35
DECISIVE_FITS_BELOW = 0.9
# Session 19 (label7): the share of the training set under which a decisive count cuts whatever the
# share of the list it is (a low-noise run whose list overruns its flips).
DECISIVE_FEW = 0.06
# Session 19 (label8): the share of the list decisive from which the list takes in every decisive
# example of the training set (1.0: all of it).
DECISIVE_EXTEND = 1.0


def decisive_listed(p_label: Any, margin: Any, order: Any, *, odds: float = DECISIVE_ODDS) -> int:
    """How many of the listed examples (``order``: their indices) the run places decisively in
    another class: over the epochs of ``p_label`` and ``margin`` (shape (epochs, n), NaN where an
    epoch did not see an example), the mean probability of the strongest other class (``p_label *
    exp(-margin)``, at most ``1 - p_label``) above ``odds`` times the mean probability of the given
    label.

    >>> p = [[0.1, 0.4, 0.3], [0.1, 0.4, 0.3]]
    >>> m = np.log([[1 / 8, 1.0, 0.6], [1 / 8, 1.0, 0.6]])  # other: 0.8, 0.4, 0.5
    >>> decisive_listed(p, m, [0, 1, 2]), decisive_listed(p, m, [1, 2])
    (1, 0)
    """
    idx = np.asarray(order, dtype=np.int64)
    if idx.size == 0:
        return 0
    py, po = mean_probabilities(np.asarray(p_label, dtype=float)[:, idx], np.asarray(margin, dtype=float)[:, idx])
    return int(np.sum(po > odds * py))


def decisive_cut(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    below: float | None = DECISIVE_BELOW,
    fits_below: float = DECISIVE_FITS_BELOW,
    few: float | None = DECISIVE_FEW,
    n: int | None = None,
) -> bool:
    """Whether the ``decisive`` count cuts a list of ``listed`` examples in a run of ``classes``
    classes: there are at least ``JOINT_CLASSES`` = 3, the last epoch read fits at least
    ``JOINT_BELOW`` = 0.7 and less than ``fits_below`` of the given labels (``fits``; NaN never
    binds) and less than ``below`` of the list is decisive, or (given the training set's size ``n``)
    the decisive count is less than ``few`` times ``n`` (``few=None``: the share alone).
    ``below=None``: never.

    >>> decisive_cut(30, 100, 0.85, 4), decisive_cut(40, 100, 0.85, 4), decisive_cut(30, 100, 0.92, 4)
    (True, False, False)
    >>> decisive_cut(30, 100, 0.65, 4), decisive_cut(30, 100, 0.85, 2), decisive_cut(30, 100, 0.85, 4, below=None)
    (False, False, False)
    >>> decisive_cut(50, 100, 0.85, 4, n=1000), decisive_cut(50, 100, 0.85, 4, n=1000, few=None)
    (True, False)
    >>> decisive_cut(50, 100, 0.85, 4, n=500), decisive_cut(50, 100, 0.95, 4, n=2000)
    (False, False)
    """
    below = number("decisive_below", below, gt=0, le=1, none=True)
    few = number("decisive_few", few, gt=0, le=1, none=True)
    if below is None or listed == 0 or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return False
    if not JOINT_BELOW <= fits < fits_below:
        return False
    return decisive < below * listed or (few is not None and n is not None and decisive < few * n)


def decisive_examples(p_label: Any, margin: Any, *, odds: float = DECISIVE_ODDS) -> np.ndarray:
    """The indices of every example the run places decisively in another class (as
    :func:`decisive_listed` counts them, over the whole training set), most decisive first (the
    ratio of the strongest other class's mean probability to the given label's).

    >>> p = [[0.1, 0.4, 0.3, 0.05], [0.1, 0.4, 0.3, 0.05]]
    >>> m = np.log([[1 / 8, 1.0, 0.6, 1 / 18], [1 / 8, 1.0, 0.6, 1 / 18]])  # other: 0.8, 0.4, 0.5, 0.9
    >>> decisive_examples(p, m).tolist()
    [3, 0]
    """
    py, po = mean_probabilities(p_label, margin)
    idx = np.flatnonzero(po > odds * py)
    return idx[np.argsort(-(po[idx] / py[idx]), kind="stable")]


def decisive_extends(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    at: float | None = DECISIVE_EXTEND,
    fits_from: float = JOINT_BELOW,
    fits_below: float = DECISIVE_FITS_BELOW,
) -> bool:
    """Whether a list of ``listed`` examples, ``decisive`` of them decisive, takes in the training
    set's other decisive examples: at least ``JOINT_CLASSES`` = 3 classes, the last epoch read fits
    at least ``fits_from`` (``JOINT_BELOW`` = 0.7) and less than ``fits_below`` of the labels (NaN never binds),
    and at least ``at`` of the list is decisive (``at=None``: never).

    >>> decisive_extends(50, 50, 0.8, 3), decisive_extends(49, 50, 0.8, 3), decisive_extends(50, 50, 0.95, 3)
    (True, False, False)
    >>> decisive_extends(50, 50, 0.8, 2), decisive_extends(50, 50, 0.8, 3, at=None), decisive_extends(49, 50, 0.8, 3, at=0.9)
    (False, False, True)
    """
    at = number("decisive_extend", at, gt=0, le=1, none=True)
    if at is None or listed == 0 or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return False
    if not fits_from <= fits < fits_below:
        return False
    return decisive >= at * listed
