"""Where a run has not fitted its training set and the count of step (3) does not cut the list, the
late half must argue against a listed example too (step (2b) of
:mod:`~descend.examples.label_issues`, widened again).

The count (:func:`~descend.examples.estimated_mislabelled`) reads the odds of a flip from the early
half's tails: the examples it rejects decisively against the ones it confirms decisively. Clean
examples in classes that overlap sit near 0 and drop out of both tails, so where the cut-offs of
steps (1) and (2) flag clean examples of an overlap as well as the flips, the count is below the
list and cuts it. Clean examples in a region the network has not fitted are rejected decisively
too, and the count counts them as flips: where it is at least as long as the list
(``estimated >= UNBOUND_AT * listed``, ``UNBOUND_AT`` = 1), it cannot cut the clean examples the
list holds, and the list is several times the flips (ordered bins of an L1 norm, nested ellipses,
a pinwheel, blobby level sets, checkerboards, hexagonal colourings at 5-20% noise: lists of 250-390
for 40-160 flips). In a run that fits less than :data:`~descend.examples.unfitted_run.UNFITTED_BELOW`
= 0.8 of its labels, such a list then keeps only the examples the late half still argues against
(clipped mean below ``threshold - decisiveness / 2``, (2b)'s test): the run has gone on learning
regions it had not fitted, and a clean example there is one its late half no longer rejects, while
a flip into a region it has fitted stays rejected. :mod:`~descend.examples.unfitted_run` asks the
same of a run that is still fitting (its training accuracy still rising); this asks it of a run
that has levelled off too, where the count shows the unfitted regions. A level run whose count does
cut the list (a weak target from real data, classes that overlap: a diabetes target in terciles)
is left alone: there the late half stops arguing against flips in the overlap.

Fitted on the 40 groups of bench ``label_noise`` tuning ... fresh-38 (session 19, seeds 0-1, 1920
settings): settings at least cleanlab's 1696 -> 1705 (fresh-26 +4, fresh-34 +2, fresh-4, fresh-25,
fresh-35, fresh-38 +1; fresh-22 -1, an age band from real data at 20% noise), mean F1 0.6919 ->
0.6924, 27 lists changed (19 up). Without the count's test (the late half asked of every level
run fitting under 0.8) it gains 9 too, but a diabetes target in terciles and one in quartiles lose
two settings each; a bar of 0.8 or 0.9 gains 9 with the same loss, 1.1 gains 8, 1.25 gains 3; an
accuracy gate of 0.85 (estimated on the final lists) gains 11 with four groups losing one or two.
On fresh-39 (its one look) the gate opened on 29 of 48 runs (319 of the 1920 fitting runs) but the late half dropped examples from
three lists only (a 3-D checkerboard at 10-20% noise), two up: 34 -> 35 settings, mean F1 0.54808
-> 0.54810. ``find_label_issues(unbound_count_at=None)`` restores the rule before it.
"""

from __future__ import annotations

import math

from .._checks import number
from .unfitted_run import UNFITTED_BELOW

__all__ = ["count_unbound", "UNBOUND_AT"]

# Session 19: the count does not cut the list where it is at least this many times the list's length.
UNBOUND_AT = 1.0


def count_unbound(
    estimated: float | None,
    listed: int,
    fits: float,
    *,
    at: float | None = UNBOUND_AT,
    below: float | None = UNFITTED_BELOW,
) -> bool:
    """Whether the count ``estimated`` (``None``: no count) is at least ``at`` times the ``listed``
    examples, in a run whose last epoch read fits less than ``below`` of its labels (``fits``,
    :func:`~descend.examples.last_accuracy`; NaN never binds). ``at=None`` or ``below=None``: never.

    >>> count_unbound(300.0, 250, 0.7), count_unbound(200.0, 250, 0.7), count_unbound(300.0, 250, 0.85)
    (True, False, False)
    >>> count_unbound(None, 250, 0.7), count_unbound(300.0, 250, 0.7, at=None)
    (False, False)
    """
    at = number("unbound_count_at", at, gt=0, none=True)
    if at is None or below is None or estimated is None or not math.isfinite(fits):
        return False
    return fits < below and estimated >= at * listed
