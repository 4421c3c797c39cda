r"""Finalists that blow up late: where both finalists of :mod:`.pilots` end the run's whole
budget with a higher pilot loss than they read at the end of the first round, more than
``tie`` of it higher (or not finite), neither rate trains a run of that length, and the pick is
the bracket's rate just below the lower finalist.

Why: a pilot's loss at the first round's end and at the budget's end are estimates of the same
quantity, the loss of the model a run of that length returns, at two lengths; a run that trains
lowers it, so a rise over the last :math:`H - p` steps is a measured late divergence, not a
rate's noise (a finalist within ``tie`` of where it stood is not read as a rise). Adaptive rules
on raw, unscaled inputs do this: their step grows as the gradients' running scale shrinks, and a
rate that wins the first round can leave the basin later (bench ``lr_quality``: raw store sales
and a raw kiln's temperature with RMSprop, whose finalists rose from 0.2-3 to 12-11000 while the
rates below them trained; the pick between two such finalists was 9-330x the grid's best loss).
The finalists are the round's winner and the rate below it; when both blow up late, the stable
rates lie below both, and the rate below the lower finalist is the largest rate the first round
saw without that evidence against it. It did not train to the whole budget, so the choice costs
no pilot step; where the lower finalist is the bracket's lowest rate, or the rate below it did not
finish the first round finite, the pick is left to :func:`.pilots.final_choice`.
"""

from __future__ import annotations

import math

__all__ = ["blew_up_late", "below_late_finalists", "rises_late"]


def blew_up_late(first: float, last: float, tie: float) -> bool:
    r"""Whether a pilot's loss at the budget's end, ``last``, lies more than ``tie`` of it above
    its loss at the first round's end, ``first`` (:math:`\ell_H > \ell_p + \text{tie}\,|\ell_p|`),
    or went non-finite after a finite first round.

    >>> blew_up_late(0.25, 14.4, 0.05), blew_up_late(0.693, 0.694, 0.05), blew_up_late(3.9, 0.15, 0.05)
    (True, False, False)
    >>> blew_up_late(0.5, float("inf"), 0.05), blew_up_late(float("inf"), float("inf"), 0.05)
    (True, False)
    """
    if not math.isfinite(first):
        return False
    return not math.isfinite(last) or last > first + tie * abs(first)


def below_late_finalists(first: list[float], last: list[float], finalists: list[int], tie: float) -> int | None:
    """The index of the bracket's rate just below the lower finalist, where every finalist blew
    up late (:func:`blew_up_late` of its ``first``-round and its ``last`` pilot loss) and that
    rate finished the first round finite; else ``None``. ``finalists`` are indices into the
    ascending bracket, ``first`` every pilot's loss at the first round's end.

    >>> below_late_finalists([1.6, 0.46, 0.26, 0.25, 0.22, 0.25], [1.6, 0.46, 0.26, 14.4, 73.7, 0.25], [3, 4], 0.05)
    2
    >>> below_late_finalists([1.6, 0.46, 0.26, 0.25, 0.22, 0.25], [1.6, 0.46, 0.26, 0.2, 73.7, 0.25], [3, 4], 0.05)
    >>> below_late_finalists([0.25, 0.22, 0.3], [14.4, 73.7, 0.3], [0, 1], 0.05)  # no rate below
    """
    if not finalists or min(finalists) == 0:
        return None
    if not all(blew_up_late(first[i], last[i], tie) for i in finalists):
        return None
    below = min(finalists) - 1
    return below if math.isfinite(first[below]) else None


def rises_late(tail: list[float], tie: float) -> bool:
    """Whether a finalist's probe losses over the end of its run (the ``tail`` its pilot loss
    averaged) rise: the mean of the tail's second half lies more than ``tie`` of it above that of
    its first half. Such a rate's end-of-run loss tends to land on a spike (bench ``lr_quality``:
    raw river discharge with Adam, whose larger finalist's tail rose 11% and whose rates above the
    smaller finalist ended 3-8x higher), so :func:`.pilots.final_choice` does not move up to it
    from the smaller finalist within a tie.

    >>> rises_late([0.05, 0.05, 0.06, 0.07], 0.05), rises_late([0.07, 0.05, 0.06, 0.05], 0.05), rises_late([], 0.05)
    (True, False, False)
    """
    half = len(tail) // 2
    if half == 0:
        return False
    early, late = sum(tail[:half]) / half, sum(tail[half:]) / (len(tail) - half)
    return late > early + tie * abs(early)
