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

``find_label_issues(late_recall=None)`` restores the rule before round 53; how the numbers were
fitted and read (round 53, bench ``label_noise``) is in ``bench/HISTORY.md``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES

__all__ = ["recalled", "RECALL_BELOW", "RECALL_FROM", "RECALL_UNTIL"]

# Fitted on the 73 read groups of bench label_noise (round 53; see the module).
RECALL_BELOW = -0.6
RECALL_FROM = 0.6
RECALL_UNTIL = 0.9


def recalled(cut: Any, last: Any, *, fits: float, classes: int, below: float | None = RECALL_BELOW) -> np.ndarray:
    """The examples of ``cut`` (indices the count cut, most suspect first) whose last epochs'
    clipped relative margin mean ``last`` (per example, :func:`~descend.examples.last_epochs_means`)
    is below ``below``, in a run of at least ``JOINT_CLASSES`` = 3 classes whose last epoch read
    fits ``RECALL_FROM`` = 0.6 to below ``RECALL_UNTIL`` = 0.9 of its labels (``fits``; NaN never
    binds), in ``cut``'s order. ``below=None``: none.

    >>> last = np.array([-1.0, -0.9, -0.3, -0.7, 0.5])
    >>> recalled([3, 2, 1], last, fits=0.7, classes=3).tolist()  # -0.3 is not decisive
    [3, 1]
    >>> recalled([3, 2, 1], last, fits=0.95, classes=3).tolist(), recalled([3, 1], last, fits=0.7, classes=2).tolist()
    ([], [])
    """
    below = number("late_recall", below, ge=-1, le=1, none=True)
    cut = np.asarray(cut, dtype=np.int64)
    if below is None or not math.isfinite(fits) or classes < JOINT_CLASSES or not RECALL_FROM <= fits < RECALL_UNTIL:
        return cut[:0]
    return cut[np.asarray(last)[cut] < below]
