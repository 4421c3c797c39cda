"""Where a run has left regions of its training set unfitted, the list is cut at the off-diagonal
count of a confident joint read from the run's own probabilities (confident learning's per-class
thresholds, Northcutt et al. 2021, applied to the training dynamics).

Why. In a run that fits less than ``JOINT_BELOW`` = 0.7 of its given labels after its epochs (more
than 20% noise alone would leave misfit: a checkerboard, spiral arms, a pinwheel, a polar
checkerboard or a mosaic of Gaussian tiles after 20 epochs), the clean examples of the regions the
network never fitted are argued against as decisively as the flips. The early half's tails then
count them as flips (:func:`~descend.examples.estimated_mislabelled`: lists of 170-320 for 40-160
flips), and the lists hold them. Confident learning (Northcutt et al. 2021) asks each class for its
own bar: ``t_j``, the average probability the run gives the label ``j`` over the examples labelled
``j`` (its self-confidence), and counts an example as a likely flip only where another class is
above *its* bar. An unfitted region lowers every bar of the classes it holds, but it also leaves its
examples' probabilities spread between the classes: a clean example there is below its own class's
bar and, mostly, not confidently in another either, and drops out of the count; a flip into a
fitted region is confidently in its true class. The count: the examples whose strongest other class
``k`` (the suggested label: the class predicted most often otherwise, over the late half) has an
average probability at least ``t_k`` and either above their given label's or with the given label's
below ``t_y``, the off-diagonal of the confident joint, uncalibrated. Probabilities are averaged
over the epochs the rule reads (before memorisation); the strongest other class's probability is
``p_label * exp(-margin)`` under a softmax (the margin is the given label's logit minus the largest
other). Where it is below ``JOINT_SHORTER`` = 0.9 times the list (so it disagrees with the list by
more than a tenth), the list keeps only its first ``count`` examples (the ranking is unchanged).

Why the gates. Where the run fits 0.7-0.8 of its labels it is mostly a run at 20% noise that has
fitted its clean examples (a fitted class's bar then sits low, its flips are not confidently in
their true class, and the count falls below the flips: 0.6-0.8 of them): cutting there loses
(fits below 0.72: four settings of 20% class-conditional noise lose; below 0.8: 114 lists shorten
wrongly). Where the count is within a tenth of the list it agrees with it.

Fitted on the 42 groups of bench ``label_noise`` tuning ... fresh-40 (session 19, seeds 0-1, 2016
settings; sweeps in ``/work/notes/s19/label2-scripts``): settings at least cleanlab's 1777 -> 1785,
mean F1 0.6922 -> 0.6929, 76 lists changed (55 up), no group lower (gains: polarcheck, spirals,
mosaic, pinwheel). Bars 0.68 and 0.7 with ``JOINT_SHORTER`` 0.8 or 0.9 gain 6-8 with no group
lower; 0.72 gains 5 with four groups a setting lower; 0.75 and 0.8 lose. The calibrated count
(rows scaled to the class sizes, as cleanlab does) gains at most 3; the strict one (given label
below its bar and another above its own) at most 5 with losses; the same count from the late half
alone is no better. ``find_label_issues(joint_below=None)`` restores the rule before it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number

__all__ = ["joint_count", "joint_cut", "JOINT_BELOW", "JOINT_SHORTER"]

# Session 19 (label2): the gate on the share of its labels the last epoch read fits, and how much
# shorter than the list the count must be to cut it.
JOINT_BELOW = 0.7
JOINT_SHORTER = 0.9


def joint_count(p_label: Any, margin: Any, labels: Any, suggested: Any) -> int:
    """The off-diagonal count of the confident joint read from a run: ``p_label`` and ``margin``
    of shape (epochs, n) (NaN where an epoch did not see an example), the given ``labels`` and the
    ``suggested`` ones (the strongest other class). Over the epochs, ``py`` is the mean
    probability of the given label, ``po`` that of the strongest other class (``p_label *
    exp(-margin)``, at most ``1 - p_label``); ``t_j`` the mean ``py`` over the examples labelled
    ``j``; an example counts where ``po >= t_k`` (``k`` its suggested label) and ``py < t_y`` or
    ``po > py``.

    >>> p = [[0.9, 0.8, 0.3, 0.2, 0.5, 0.5]]
    >>> m = np.log([[9.0, 4.0, 3 / 7, 0.25, 1.0, 1.0]])  # po = 0.1, 0.2, 0.7, 0.8, 0.5, 0.5
    >>> joint_count(p, m, [0, 0, 0, 1, 1, 1], [1, 1, 1, 0, 0, 0])  # t = (2/3, 0.4): examples 2 and 3
    2
    """
    p = np.asarray(p_label, dtype=float)
    m = np.asarray(margin, dtype=float)
    y, k = np.asarray(labels), np.asarray(suggested)
    other = np.minimum(p * np.exp(np.minimum(-m, 80.0)), 1.0 - p)
    py, po = _mean(p), _mean(other)
    classes = int(max(y.max(initial=0), k.max(initial=0))) + 1
    bars = np.full(classes, np.inf)
    for j in range(classes):
        mine = (y == j) & np.isfinite(py)
        if mine.any():
            bars[j] = py[mine].mean()
    confident_other = np.isfinite(po) & (po >= bars[k])
    return int(np.sum(confident_other & ((py < bars[y]) | (po > py))))


def _mean(values: np.ndarray) -> np.ndarray:
    """Mean over the epochs (axis 0) of the finite entries; NaN where there are none."""
    finite = np.isfinite(values)
    seen = finite.sum(axis=0)
    total = np.where(finite, values, 0.0).sum(axis=0)
    return np.divide(total, seen, out=np.full(values.shape[1], np.nan), where=seen > 0)


def joint_cut(
    count: int, listed: int, fits: float, *, below: float | None = JOINT_BELOW, shorter: float = JOINT_SHORTER
) -> bool:
    """Whether the confident joint's ``count`` cuts a list of ``listed`` examples: the last epoch
    read fits less than ``below`` of the given labels (``fits``,
    :func:`~descend.examples.last_accuracy`; NaN never binds) and the count is below ``shorter``
    times the list. ``below=None``: never.

    >>> joint_cut(150, 200, 0.6), joint_cut(190, 200, 0.6), joint_cut(150, 200, 0.75)
    (True, False, False)
    >>> joint_cut(150, 200, float("nan")), joint_cut(150, 200, 0.6, below=None)
    (False, False)
    """
    below = number("joint_below", below, gt=0, le=1, none=True)
    if below is None or not math.isfinite(fits):
        return False
    return fits < below and count < shorter * listed
