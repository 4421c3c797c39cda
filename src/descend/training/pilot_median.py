r"""The first round's finalists read by the median as well as the mean: where the pilot whose tail
has the lowest median (:func:`median_reading`) is another than the round's winner (the lowest pilot
loss, the tail's mean), the two finalists of :mod:`.pilots`' ordinary round are those two pilots, not
the winner and the rate below it; the finalists' whole-budget pilot losses pick between them as before.

Why: a first-round pilot loss is the mean of the probe losses over the round's last quarter (its tail).
Under an adaptive rule with a momentum on raw scales (NAdam) a large rate's tail holds spikes: between
neighbouring rates the means jump 10-100x while the levels the pilots hold, their medians, their minima and
their last readings, lie within about 2x (bench ``lr_quality``, session 30: raw salmon growth, the means
4.2, 4.1, 3.7, 6.2, 11 and 21 times the best grid loss from the lowest rate up, the last readings 3.3, 2.4,
1.7, 1.6, 2.6 and 5.8). The mean then ranks the spikes of a short round, which the whole run can leave behind,
and the finalists stay below the rates that train. The median reads the level the pilot holds; the mean
reads the spikes, whose cost the whole run may still pay (a run returns the model at its last step). Neither
is the whole run's loss, so both winners go on and the whole budget decides between them: the cost is the
round's, two finalists. Where the two readings agree, the finalists are the winner and the rate below it
(the short-horizon bias favours large rates). No new constant: the median's tail is the mean's, and the
epoch-end penalty of :func:`.pilot_run.pilot_loss` is added to both.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["finalist_pair", "median_reading"]


def median_reading(score: float, tail: list[float]) -> float:
    r"""A pilot's loss read by the median of its ``tail`` (the probe losses its pilot loss ``score``
    averaged) in place of the mean, the epoch-end penalty kept:

    .. math:: \tilde L = \operatorname{median}(\ell_1, \dots, \ell_m) + (\hat L - \bar\ell),

    :math:`\hat L` the pilot loss, :math:`\bar\ell` the tail's mean. ``score`` itself where it is not
    finite or the tail is empty.

    >>> median_reading(4.0, [1.0, 1.1, 0.9, 13.0])  # a spike: mean 4.0, median 1.05
    1.05
    >>> median_reading(4.5, [1.0, 1.1, 0.9, 13.0]), median_reading(math.inf, [1.0]), median_reading(2.0, [])
    (1.55, inf, 2.0)
    """
    if not math.isfinite(score) or not tail:
        return score
    return float(np.median(tail)) + (score - float(np.mean(tail)))


def finalist_pair(scores: list[float], tails: list[list[float]], kept: list[int]) -> list[int]:
    """The indices of the two finalists of the ordinary round: ``kept`` (the winner by the lowest
    ``scores`` and the rate below it, or the two lowest rates where the bracket's lowest wins), unless the
    lowest :func:`median_reading` of the ``scores`` and ``tails`` belongs to another pilot than the lowest
    score: then the two winners, ascending.

    >>> scores, tails = [4.2, 4.1, 3.7, 6.2, 11.0], [[4.2], [4.1], [3.7], [6.2], [1.2, 1.6, 1.5, 40.0]]
    >>> finalist_pair(scores, tails, [1, 2]), finalist_pair([4.2, 4.1, 3.7, 6.2, 11.0], [[]] * 5, [1, 2])
    ([2, 4], [1, 2])
    """
    win = min(range(len(scores)), key=scores.__getitem__)
    medians = [median_reading(s, t) for s, t in zip(scores, tails)]
    win_median = min(range(len(scores)), key=medians.__getitem__)
    if win_median == win:
        return kept
    return sorted({win, win_median})
