"""Where a run of three or more classes fits less than ``LATE_FIT_BELOW`` = 0.7 of its labels, a
listed example whose given label the run's last ``UNFITTED_LAST`` = 3 epochs hold at least as
likely as any other class leaves the list (session 20, label2, round 33).

Why. A run that fits under 0.7 of its labels has left whole regions unfitted (checkerboards,
plaids of thin random cells, rings and bands after 20 epochs): there the early epochs argue
against clean examples as decisively as against flips, and the list holds both, at about the
flips' share of every example the run misfits (lists of 200-470 for 40-160 flips, F1 within 0.02
of cleanlab's). Such a run does not memorise its flips: it has not yet fitted the clean examples
around them. So a listed example whose given label the last epochs hold at least as likely as the
strongest other class (``py >= po`` over their mean probabilities, ``po = p_label *
exp(-margin)`` as for :func:`~descend.examples.joint_count`) is one the run has come to fit, mostly
a clean example of a region it was still learning, and it leaves the list. This is the reading of
:mod:`~descend.examples.unfitted_run` (whose last epochs must argue against a listed example where
the run is still rising) carried to level runs, by their probabilities and below the confident
joint's band (:data:`~descend.examples.JOINT_BELOW`); from 0.7 the decisive cuts of
:mod:`~descend.examples.decisive_share` read the list, and the run has begun to fit its flips.
Binary runs are left alone, as for the joint: there ``po = 1 - py``.

Fitted on the 55 groups of bench ``label_noise`` tuning ... fresh-53 (2688 settings, seeds 0-1;
the sweeps in ``bench/HISTORY.md``). At 0.7 and 3
epochs (exact): settings at least cleanlab's 2369 -> 2381, mean F1 0.67814 -> 0.67830, 307 lists
cut (196 up; mostly by a few examples, in checkerboards, plaids, rings, zigzags and spirals at
5-20%), fresh-47 +3, fresh-42 and fresh-53 +2, fresh-6, -7, -22, -41, -43 and -51 +1, fresh-52 -1.
Neighbours: a fits bar of 0.65 +10 with no group lower, 0.75 +13 with two groups a setting lower
(exact); 0.6 +7, 0.8 +8 with a group three lower, 0.85 -2 (offline); the last epoch alone +8
with a group a setting lower, the last 5 epochs +7; a bar of ``py - po`` at -0.1 +11 with a group
three lower, at +0.1 +0; the clipped relative margins of
:mod:`~descend.examples.unfitted_run` over the same epochs (below -0.15) +10 with a group two
lower; binary runs too +11 with a group a setting lower. Cutting these runs' lists at their
decisive count, extending them to the misfits, or re-ranking them by late-epoch probabilities all
lose. ``find_label_issues(late_fitted_below=None)`` restores round 32.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES, mean_probabilities
from .unfitted_run import UNFITTED_LAST

__all__ = ["late_fitted", "LATE_FIT_BELOW"]

# Session 20 (label2): the share of the labels the last epoch fits under which a listed example
# the last UNFITTED_LAST epochs place in its given label leaves the list.
LATE_FIT_BELOW = 0.7


def late_fitted(
    order: Any,
    p_label: Any,
    margin: Any,
    *,
    fits: float,
    classes: int,
    below: float | None = LATE_FIT_BELOW,
    epochs: int = UNFITTED_LAST,
) -> np.ndarray:
    """The listed examples ``order`` (indices, most suspect first) that the last ``epochs`` epochs
    of ``p_label`` and ``margin`` (shape (epochs, n)) place in their given label, at least as
    likely as the strongest other class (mean ``py >= po``; never where those epochs did not see
    an example), in a run of at least ``JOINT_CLASSES`` = 3 classes whose last epoch read fits less
    than ``below`` of the given labels (``fits``; NaN never binds). ``below=None``: none.

    >>> p = np.array([[0.2, 0.6, 0.3], [0.2, 0.6, 0.5]])          # example 1 fitted, 2 in the end
    >>> m = np.log(p / np.array([[0.7, 0.3, 0.6], [0.7, 0.3, 0.4]]))
    >>> late_fitted([0, 1, 2], p, m, fits=0.5, classes=3).tolist()
    [1]
    >>> late_fitted([0, 1, 2], p, m, fits=0.5, classes=3, epochs=1).tolist()
    [1, 2]
    >>> late_fitted([0, 1, 2], p, m, fits=0.75, classes=3).tolist(), late_fitted([0, 1, 2], p, m, fits=0.5, classes=2).tolist()
    ([], [])
    """
    below = number("late_fitted_below", below, gt=0, le=1, none=True)
    order = np.asarray(order, dtype=np.int64)
    if below is None or not math.isfinite(fits) or classes < JOINT_CLASSES or not fits < below or not len(order):
        return order[:0]
    py, po = mean_probabilities(np.asarray(p_label)[-epochs:], np.asarray(margin)[-epochs:])
    return order[py[order] >= po[order]]
