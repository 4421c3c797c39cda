"""Where step (3)'s count cut flagged examples from the list of a run of three or more classes fitting
0.6-0.9 of its labels, the cut examples its last epochs still argue against decisively come back, at
the list's end (session 23: label15, round 53).

Why. The count reads the rate of flips from the early half's tails (:mod:`~descend.examples.mislabelled_count`).
At heavy noise in runs that have not fitted their labels it stops short: in the 20% runs of bench
``label_noise`` fitting 0.65-0.75, lists of about 100-120 against 160 flips, while the flagged
examples it cut are about half flips. Rounds 51 and 52 filled each label's list up to a share read
from the count, wherever the list was as long as the count, and could not tell a short count from a
right one: their fills cost precision at 5-10% noise. This step reads no count. A cut example comes
back only where the last ``UNFITTED_LAST`` = 3 epochs place it decisively in another class: the
mean of its relative margins there, each clipped to +-1 (:func:`~descend.examples.last_epochs_means`),
below ``RECALL_BELOW`` = -0.6. A flip sits in its true class's region, which a run fitting 0.6-0.9
has fitted but not memorised over, so it is argued against there to the end; the clean examples the
flags took in overlaps sit near a boundary, with smaller late margins. In the fitting groups the cut
examples below -0.7 on the last 3 epochs held 20%, 33% and 60% flips at 5, 10 and 20% noise (about
half the F1 of those lists or more, where an addition helps), those at -0.3 to -0.15 only 3%, 11%
and 28%. Gates: at least ``JOINT_CLASSES`` = 3 classes (as the other class-probability steps),
fits from ``RECALL_FROM`` = 0.6 to below ``RECALL_UNTIL`` = 0.9 (below, the count's own unfitted
regions; above, a run that has memorised its flips), no cap of the user's own (``count=``).
Nothing is removed, and the examples come back in the rule's ranking.

The same reading, round 54 (label15). Step (3)'s class-probability cuts
(:mod:`~descend.examples.probability_cuts`) cut the list to a count (the confident joint's, or the
number of listed examples the run's probabilities place decisively) and keep the best-ranked
examples, not the decisive ones: a decisive example ranked below the count leaves with the rest. So,
in a run of three classes or more fitting at least ``RECALL_REMOVED_FROM`` = 0.7 (no upper bar), the
examples the probability cuts removed come back, after those of the count's cut, where the run places
them decisively in another class by both readings: the reading those cuts rest on (the strongest other
class's mean probability above ``DECISIVE_ODDS`` = 2 times the given label's,
:func:`~descend.examples.decisive_examples`) and the last 3 epochs' clipped relative margin mean below
``RECALL_REMOVED_BELOW`` = -0.7. The relative reading alone (round 54's first family) also brought
back the split boundary examples those cuts exist to remove (probability ratios under 2 at relative
margins near -1), so it was not kept.

Round 56 (label17; round 55's reading, refitted): the recall of what the probability cuts removed
reads the probability ratio over the last ``UNFITTED_LAST`` = 3 epochs (:func:`late_odds`), the
window its margin reading already uses, not over every epoch the rule reads: a flip the run argued
against only late has a low whole-run ratio, and round 54 left it out. So what those cuts removed
comes back, fitting at least ``RECALL_REMOVED_FROM`` = 0.7, where its last 3 epochs' clipped margin
mean is below ``RECALL_REMOVED_BELOW`` = -0.6 and its last 3 epochs' strongest other class's mean
probability is above ``DECISIVE_ODDS`` = 2 times the given label's (the cuts' split boundary
examples, at a constant 1.8, stay out). Round 55 (-0.5, from 0.65) moved more light-noise lists
down than up; a guard by the list's length did not help them, the bar of -0.6 from 0.7 did.
Round 53's recall is unchanged.

Round 58 (label19; round 57's reading, label18, gated on a short list): where the run's last
epochs read as heavily mislabelled and the list is short of the count, what the probability cuts
removed comes back from a lower fit. The first reading is the run's own, from every example: the
share of examples whose last ``UNFITTED_LAST`` = 3 clipped relative margins are all below
``HEAVY_BELOW`` = -0.9 (:func:`decisive_late_share`; in the fitting groups its median is 0.05, 0.07
and 0.10 at 5, 10 and 20% noise among the runs the recalls reach). The second is the list before
the recalls against step (3)'s count: shorter than ``RECALL_SHORT`` = 0.8 of it. Where both hold
(a share of at least ``HEAVY_SHARE`` = 0.1), round 56's recall (last-3 mean below -0.6, late odds
above 2) acts from a fit of ``RECALL_HEAVY_FROM`` = 0.65 instead of 0.7: in the 20% runs fitting
0.65-0.7 those examples were about half flips, against lists of median F1 0.74 (an addition helps
above about half of that); no 5% list of the fitting groups moves. Looser bars there (last-3 below
-0.5, odds above 1.5) scored higher on the bench but bring back the split boundary examples (odds
1.8) the cuts' known answers remove. Round 57 (the share alone) was read once on a fresh group and
reverted: its one moved list there was a 20% list already as long as its flips.

``find_label_issues(late_recall=None)`` restores the rule before round 53 (both recalls off); how the
numbers were fitted and read (rounds 53, 54 and 56, bench ``label_noise``) is in ``bench/HISTORY.md``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES, mean_probabilities
from .decisive_share import DECISIVE_ODDS
from .half_clipped import clipped_relative
from .unfitted_run import UNFITTED_LAST

__all__ = [
    "recalled",
    "removed_recalled",
    "RECALL_BELOW",
    "RECALL_FROM",
    "RECALL_UNTIL",
    "RECALL_REMOVED_BELOW",
    "RECALL_REMOVED_FROM",
    "late_odds",
    "decisive_late_share",
    "HEAVY_SHARE",
    "HEAVY_BELOW",
    "RECALL_HEAVY_FROM",
    "RECALL_SHORT",
]

# Fitted on the 73 read groups of bench label_noise (round 53; see the module).
RECALL_BELOW = -0.6
RECALL_FROM = 0.6
RECALL_UNTIL = 0.9
# Fitted on the 74 read groups (round 54), refitted on 76 (round 56): what the class-probability cuts removed.
RECALL_REMOVED_BELOW = -0.6
RECALL_REMOVED_FROM = 0.7
# Fitted on the 78 read groups (round 58): where the last epochs read heavy and the list is short of the count,
# a lower fit bar for what those cuts removed.
HEAVY_SHARE = 0.1
HEAVY_BELOW = -0.9
RECALL_HEAVY_FROM = 0.65
RECALL_SHORT = 0.8


def decisive_late_share(margin: Any, epochs: int = UNFITTED_LAST, *, below: float = HEAVY_BELOW) -> float:
    """The share of a run's examples whose clipped relative margins
    (:func:`~descend.examples.clipped_relative`) over the last ``epochs`` recorded epochs of ``margin``
    (shape (epochs, n)) are all below ``below`` (epochs that did not see an example are skipped; an
    example none of them saw does not count; NaN for no examples): how heavily the run's end reads as
    mislabelled, from every example.

    >>> margin = np.array([[-3.0, 1.0, -1.0, 1.0], [-3.0, 1.0, 1.0, 1.0], [-3.0, 1.0, -2.0, 1.0]])
    >>> decisive_late_share(margin)  # the third example was fitted in one of the 3 epochs
    0.25
    """
    relative = clipped_relative(np.asarray(margin, dtype=float)[-epochs:])
    if not relative.size:
        return math.nan
    return float(np.mean(np.fmax.reduce(relative, axis=0) < below))


def late_odds(p_label: Any, margin: Any, epochs: int = UNFITTED_LAST) -> np.ndarray:
    """Per example, the strongest other class's mean probability over the last ``epochs`` recorded
    epochs of ``p_label`` and ``margin`` (shape (epochs, n)) divided by the given label's mean there
    (:func:`~descend.examples.mean_probabilities` of those epochs; NaN where none saw it).

    >>> p = np.array([[0.5, 0.5], [0.1, 0.5], [0.1, 0.5], [0.1, 0.5]])
    >>> late_odds(p, np.log(p / np.array([[0.3, 0.3], [0.7, 0.3], [0.7, 0.3], [0.7, 0.3]]))).round(2).tolist()
    [7.0, 0.6]
    """
    py, po = mean_probabilities(np.asarray(p_label)[-epochs:], np.asarray(margin)[-epochs:])
    with np.errstate(divide="ignore", invalid="ignore"):
        return po / py


def recalled(
    cut: Any,
    last: Any,
    *,
    fits: float,
    classes: int,
    below: float | None = RECALL_BELOW,
    until: float | None = RECALL_UNTIL,
) -> np.ndarray:
    """The examples of ``cut`` (indices the count cut, or the class-probability cuts removed, most
    suspect first) whose last epochs' clipped relative margin mean ``last`` (per example,
    :func:`~descend.examples.last_epochs_means`) is below ``below``, in a run of at least
    ``JOINT_CLASSES`` = 3 classes whose last epoch read fits ``RECALL_FROM`` = 0.6 to below
    ``until`` (``RECALL_UNTIL`` = 0.9; ``None``: no upper bar) of its labels (``fits``; NaN never
    binds), in ``cut``'s order. ``below=None``: none.

    >>> last = np.array([-1.0, -0.9, -0.3, -0.7, 0.5])
    >>> recalled([3, 2, 1], last, fits=0.7, classes=3).tolist()  # -0.3 is not decisive
    [3, 1]
    >>> recalled([3, 2, 1], last, fits=0.95, classes=3).tolist(), recalled([3, 1], last, fits=0.7, classes=2).tolist()
    ([], [])
    >>> recalled([3, 2, 1], last, fits=0.95, classes=3, below=RECALL_REMOVED_BELOW, until=None).tolist()  # round 56
    [3, 1]
    """
    below = number("late_recall", below, ge=-1, le=1, none=True)
    cut = np.asarray(cut, dtype=np.int64)
    until = math.inf if until is None else until
    if below is None or not math.isfinite(fits) or classes < JOINT_CLASSES or not RECALL_FROM <= fits < until:
        return cut[:0]
    return cut[np.asarray(last)[cut] < below]


def removed_recalled(
    removed: Any,
    last: Any,
    p_label: Any,
    margin: Any,
    *,
    fits: float,
    classes: int,
    odds: float = DECISIVE_ODDS,
    listed: int | None = None,
    count: float | None = None,
) -> np.ndarray:
    """The examples of ``removed`` (indices step (3)'s class-probability cuts removed, most suspect
    first) that come back (rounds 54 and 56): in a run of at least ``JOINT_CLASSES`` = 3 classes fitting
    at least ``RECALL_REMOVED_FROM`` = 0.7 of its labels (``fits``; NaN never binds), those whose last
    epochs' clipped relative margin mean ``last`` is below ``RECALL_REMOVED_BELOW`` = -0.6 and whose
    strongest other class's mean probability over the last ``UNFITTED_LAST`` = 3 epochs of ``p_label``
    and ``margin`` (shape (epochs, n)) is above ``odds`` times the given label's there
    (:func:`late_odds`; :func:`~descend.examples.decisive_examples`' reading, over the last epochs), in
    ``removed``'s order.

    Where the list before the recalls (``listed`` examples) is shorter than ``RECALL_SHORT`` = 0.8 of
    step (3)'s ``count`` and at least ``HEAVY_SHARE`` = 0.1 of the run's examples read decisively
    against their labels over the last epochs (:func:`decisive_late_share`, round 58), the fit bar is
    ``RECALL_HEAVY_FROM`` = 0.65 (``None``: the bar stays 0.7).

    >>> p = np.array([[0.1, 0.25, 0.1], [0.1, 0.25, 0.1]])
    >>> m = np.log(p / np.array([[0.7, 0.45, 0.7], [0.7, 0.45, 0.7]]))  # other/label 7, 1.8, 7
    >>> last = np.array([-1.0, -1.0, -0.5])
    >>> removed_recalled([0, 1, 2], last, p, m, fits=0.8, classes=3).tolist()  # 1: not decisive; 2: not late
    [0]
    >>> removed_recalled([0, 1, 2], last, p, m, fits=0.65, classes=3).tolist()
    []

    Here 2 of 3 examples read decisively against their labels (0.67); with 20 fitted more, 2 of 23
    (0.09). A list of 1 is short of a count of 2, one of 2 is not:

    >>> p2, m2 = np.hstack([p, np.full((2, 20), 0.5)]), np.hstack([m, np.full((2, 20), 1.0)])
    >>> round(decisive_late_share(m), 3), round(decisive_late_share(m2), 3)
    (0.667, 0.087)
    >>> removed_recalled([0, 1, 2], last, p, m, fits=0.65, classes=3, listed=1, count=2).tolist()
    [0]
    >>> removed_recalled([0, 1, 2], last, p, m, fits=0.65, classes=3, listed=2, count=2).tolist()
    []
    >>> removed_recalled([0, 1, 2], last, p2, m2, fits=0.65, classes=3, listed=1, count=2).tolist()
    []
    >>> removed_recalled([0, 1, 2], last, p, m, fits=0.6, classes=3, listed=1, count=2).tolist()
    []
    """
    removed = np.asarray(removed, dtype=np.int64)
    back = recalled(removed, last, fits=fits, classes=classes, below=RECALL_REMOVED_BELOW, until=None)
    if not len(back):
        return back[:0]
    short = listed is not None and count is not None and listed < RECALL_SHORT * count
    heavy = short and decisive_late_share(margin) >= HEAVY_SHARE  # NaN never binds
    if not fits >= (RECALL_HEAVY_FROM if heavy else RECALL_REMOVED_FROM):
        return back[:0]
    return back[late_odds(p_label, margin)[back] > odds]
