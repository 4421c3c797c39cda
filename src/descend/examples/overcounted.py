"""Where a run fits most of its labels yet its count says it fitted as many flips again as it left,
the last epochs must argue against a listed example too (round 11's test of
:mod:`~descend.examples.unfitted_run`, in a run that has fitted its training set).

A run that fits at least :data:`~descend.examples.unfitted_run.UNFITTED_BELOW` = 0.8 but less than
``OVERCOUNTED_BELOW`` = 0.87 of its labels, where the count of step (3)
(:func:`~descend.examples.estimated_mislabelled`) is at least ``OVERCOUNT_RATIO`` = 1.6 times the
examples its last epoch read misfits (a checkerboard, nested ellipses, a pinwheel or a sinusoid at
5% noise), fits most of its labels, yet the count says it fitted as many flips again as it left: the
count has taken clean examples near boundaries the run learned late for flips, and the list it caps
is two to five times the flips. There the listed examples (after the count's cap) must also have
clipped relative margins averaging below ``threshold - decisiveness / 2`` over the last
``unfitted_last_epochs`` = 3 epochs (:func:`~descend.examples.unfitted_run.last_epochs_means`): a
clean example the run has just learned is fitted there, a flip into a region it has fitted stays
rejected.

Session 18 (label4, round 15) fitted it on the 38 groups of bench ``label_noise`` up to fresh-36
(seeds 0-1, 1824 settings): settings at least cleanlab's 1620 -> 1634 (pinwheel +5, ellipses +4,
checkerboard +3, sinusoid +2), mean F1 0.7006 -> 0.7025, 17 lists changed (15 up), no group losing
one; an upper bound of 0.88 gains as much, 0.89-0.95 lose settings in 2-14 groups, a ratio of 1.5
or less costs groups one or two. It never acted on fresh-37 or fresh-38 (no run there fitted
0.80-0.87 with such a count) and was reverted twice. Session 19 froze it a third time, unchanged,
with fresh-40 written beforehand as coarse 2-D partitions. ``find_label_issues(overcounted_below=None)``
restores the rule before it.
"""

from __future__ import annotations

from .unfitted_run import UNFITTED_BELOW

__all__ = ["overcounted", "OVERCOUNTED_BELOW", "OVERCOUNT_RATIO"]

# Session 18 (label4), round 15: a run fitting at least UNFITTED_BELOW but less than this share of its
# labels ...
OVERCOUNTED_BELOW = 0.87
# ... where the count is at least this many times the examples its last epoch misfits.
OVERCOUNT_RATIO = 1.6


def overcounted(
    fits: float,
    n: int,
    estimated: float | None,
    *,
    below: float | None = OVERCOUNTED_BELOW,
    ratio: float = OVERCOUNT_RATIO,
) -> bool:
    """Whether a run whose last epoch read fits the share ``fits`` of its ``n`` training examples
    has a count (``estimated``, :func:`~descend.examples.estimated_mislabelled`) of at least
    ``ratio`` times the examples it misfits, while it fits at least
    :data:`~descend.examples.unfitted_run.UNFITTED_BELOW` and less than ``below`` of them
    (``below=None`` or no count: never; NaN never binds). There
    :func:`~descend.examples.find_label_issues` asks the last epochs to argue against a listed
    example too.

    >>> overcounted(0.85, 800, 220.0)  # misfits 120, and 220 >= 1.6 * 120
    True
    >>> overcounted(0.85, 800, 150.0), overcounted(0.9, 800, 220.0), overcounted(0.85, 800, None)
    (False, False, False)
    >>> overcounted(0.85, 800, 220.0, below=None)
    False
    """
    if below is None or estimated is None or not UNFITTED_BELOW <= fits < below:
        return False
    return bool(estimated >= ratio * max(n * (1 - fits), 1))
