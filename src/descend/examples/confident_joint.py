"""Where a run with three or more classes has left regions of its training set unfitted, the list is
cut at the off-diagonal count of a confident joint read from the run's own probabilities (confident
learning's per-class thresholds, Northcutt et al. 2021, applied to the training dynamics).

Why. In a run that fits less than ``JOINT_BELOW`` = 0.7 of its given labels after its epochs (more
than 20% noise alone would leave misfit: spiral arms, a pinwheel, a polar checkerboard or a mosaic
of Gaussian tiles after 20 epochs), the clean examples of the regions the network never fitted are
argued against as decisively as the flips. The early half's tails then count them as flips
(:func:`~descend.examples.estimated_mislabelled`: lists of 170-320 for 40-160 flips), and the lists
hold them. Confident learning (Northcutt et al. 2021) asks each class for its own bar: ``t_j``, the
average probability the run gives the label ``j`` over the examples labelled ``j`` (its
self-confidence), and counts an example as a likely flip only where another class is above *its*
bar. An unfitted region lowers every bar of the classes it holds, but it also leaves its examples'
probabilities spread between the classes: a clean example there is below its own class's bar and,
mostly, not confidently in another either, and drops out of the count; a flip into a fitted region
is confidently in its true class. The count: the examples whose strongest other class ``k`` (the
suggested label: the class predicted most often otherwise, over the late half) has an average
probability at least ``t_k`` and either above their given label's or with the given label's below
``t_y``, the off-diagonal of the confident joint, uncalibrated. Probabilities are averaged over the
epochs the rule reads (before memorisation); the strongest other class's probability is ``p_label *
exp(-margin)`` under a softmax (the margin is the given label's logit minus the largest other).
Where it is below ``JOINT_SHORTER`` = 0.9 times the list (so it disagrees with the list by more
than a tenth), the list keeps only its first ``count`` examples (the ranking is unchanged).

Why at least ``JOINT_CLASSES`` = 3 classes. The mechanism is the spread of an unfitted example's
probability over the *other* classes; with two classes there is one other class, whose probability
is exactly ``1 - p_label``, so a clean example below its own class's bar is above the other class's
bar as often as a flip is, and the count cannot tell an unfitted region from flips. This is a
refit of a failed idea: frozen without this restriction (session 19, label2, commit dd22cbf), the
rule gained 8 settings on the fitting groups but lost one on fresh-41, on a binary task (a
sine-warped checkerboard, ``warpcheck``: its lists were cut by a tenth at random) and was reverted.
Its bars (0.7, 0.9) are kept as they were frozen; only the number of classes is added, and it is
not tuned (two is the case the mechanism cannot serve).

Why the gates. Where the run fits 0.7-0.8 of its labels it is mostly a run at 20% noise that has
fitted its clean examples (a fitted class's bar then sits low, its flips are not confidently in
their true class, and the count falls below the flips: 0.6-0.8 of them): cutting there loses. A
gate free of the noise rate was tried (the misfit share beyond the joint's count, ``(1 - fits) -
count / n`` above 0.1-0.25): at best +4 settings, against +8 for ``fits < 0.7``. Where the count is
within a tenth of the list it agrees with it.

Fitted on the 43 groups of bench ``label_noise`` tuning ... fresh-41 (session 19, seeds 0-1, 2064
settings; the sweeps: ``bench/HISTORY.md``): at least three
classes, settings at least cleanlab's 1817 -> 1825, no group lower (gains: polarcheck, spirals,
mosaic, pinwheel); without the restriction 1817 -> 1824 with fresh-41 a setting lower. Bars 0.68
gain 7, 0.72 gain 5 with four groups a setting lower, 0.75 and 0.8 lose.
``find_label_issues(joint_below=None)`` restores the rule before it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number

__all__ = [
    "joint_count",
    "joint_cut",
    "joint_caps",
    "mean_probabilities",
    "JOINT_BELOW",
    "JOINT_SHORTER",
    "JOINT_CLASSES",
    "JOINT_CAP_FITS",
    "JOINT_CAP_OVER",
    "JOINT_CAP_COUNT",
    "JOINT_CAP_CLASSES",
]

# Session 19 (label2): the gate on the share of its labels the last epoch read fits, and how much
# shorter than the list the count must be to cut it; (label3) the fewest classes it serves.
JOINT_BELOW = 0.7
JOINT_SHORTER = 0.9
JOINT_CLASSES = 3
# Session 24 (label21, round 60): the cap where no joint cut: the fits it reads, how much longer than
# the joint's count the list must be (and the list's cap, in the same multiple), how much more step
# (3)'s count must read than the joint, and the most classes it serves.
JOINT_CAP_FITS = (0.75, 0.8)
JOINT_CAP_OVER = 1.2
JOINT_CAP_COUNT = 2.0
JOINT_CAP_CLASSES = 5


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
    y, k = np.asarray(labels), np.asarray(suggested)
    py, po = mean_probabilities(p_label, margin)
    classes = int(max(y.max(initial=0), k.max(initial=0))) + 1
    bars = np.full(classes, np.inf)
    for j in range(classes):
        mine = (y == j) & np.isfinite(py)
        if mine.any():
            bars[j] = py[mine].mean()
    confident_other = np.isfinite(po) & (po >= bars[k])
    return int(np.sum(confident_other & ((py < bars[y]) | (po > py))))


def mean_probabilities(p_label: Any, margin: Any) -> tuple[np.ndarray, np.ndarray]:
    """Per example, over the epochs of ``p_label`` and ``margin`` (shape (epochs, n), NaN where an
    epoch did not see an example): the mean probability of the given label, ``py``, and that of the
    strongest other class, ``po`` (``p_label * exp(-margin)`` under a softmax, the margin being the
    given label's logit minus the largest other; at most ``1 - p_label``). NaN where no epoch saw
    the example.

    >>> py, po = mean_probabilities([[0.5, 0.2], [0.7, float("nan")]], np.log([[1.0, 0.5], [7 / 3, 1.0]]))
    >>> py.round(2).tolist(), po.round(2).tolist()
    ([0.6, 0.2], [0.4, 0.4])
    """
    p = np.asarray(p_label, dtype=float)
    m = np.asarray(margin, dtype=float)
    return _mean(p), _mean(np.minimum(p * np.exp(np.minimum(-m, 80.0)), 1.0 - p))


def _mean(values: np.ndarray) -> np.ndarray:
    """Mean over the epochs (axis 0) of the finite entries; NaN where there are none."""
    finite = np.isfinite(values)
    seen = finite.sum(axis=0)
    total = np.where(finite, values, 0.0).sum(axis=0)
    return np.divide(total, seen, out=np.full(values.shape[1], np.nan), where=seen > 0)


def joint_cut(
    count: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    below: float | None = JOINT_BELOW,
    shorter: float = JOINT_SHORTER,
) -> bool:
    """Whether the confident joint's ``count`` cuts a list of ``listed`` examples in a run of
    ``classes`` classes: there are at least ``JOINT_CLASSES`` = 3 of them, the last epoch read fits
    less than ``below`` of the given labels (``fits``, :func:`~descend.examples.last_accuracy`; NaN
    never binds) and the count is below ``shorter`` times the list. ``below=None``: never.

    >>> joint_cut(150, 200, 0.6, 3), joint_cut(190, 200, 0.6, 3), joint_cut(150, 200, 0.75, 3)
    (True, False, False)
    >>> joint_cut(150, 200, 0.6, 2)  # two classes: the other class's probability is 1 - p_label
    False
    >>> joint_cut(150, 200, float("nan"), 3), joint_cut(150, 200, 0.6, 3, below=None)
    (False, False)
    """
    below = number("joint_below", below, gt=0, le=1, none=True)
    if below is None or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return False
    return fits < below and count < shorter * listed


def joint_caps(count: int, listed: int, estimated: float | None, fits: float, classes: int) -> int | None:
    """Round 60 (session 24, label21): where no joint cut the list, the length a list of ``listed``
    examples is capped at, or ``None``. It caps at ``round(JOINT_CAP_OVER * count)`` (1.2 times the
    confident joint's ``count``, read from the same epochs) a list longer than that in a run of 3-5
    classes (``JOINT_CLASSES`` .. ``JOINT_CAP_CLASSES``) that fits 0.75-0.8 of its labels
    (``JOINT_CAP_FITS``) and whose step (3) count (``estimated``) reads at least ``JOINT_CAP_COUNT``
    = 2 times the joint's.

    Why. Above ``JOINT_BELOW`` = 0.7 the joint is not read, and in 10% runs that leave clean
    boundary regions misfit (fresh-78's trefoil3: fits 0.78-0.81, step (3)'s count 187-201 against 80
    flips, the joint 78-98) the list runs 1.25-1.85 times the joint, its tail beyond the joint's count
    18-35% flips. Elsewhere at these fits the joint undercounts the flips and its tail is mostly
    flips (41-72%), so the gates ask for the count to read twice the joint. With more classes a flip's
    probability is spread over more of them and the joint undercounts more (the 4 largest losses of
    the ungated cap were 20% runs of 6 and 10 classes). Fitted on the 80 read groups (tuning ...
    fresh-78, 4212 settings): settings at least cleanlab's 3866 -> 3870, mean F1 +0.0003, 53 lists
    moved (36 up; at 5%: 16, 15 up), no group lower in settings. ``find_label_issues(joint_below=None)``
    switches it off with the joint.

    >>> joint_caps(80, 132, 193.0, 0.79, 3)  # trefoil3-like: 132 > 96, 193 >= 160
    96
    >>> joint_caps(80, 90, 193.0, 0.79, 3), joint_caps(80, 132, 150.0, 0.79, 3)  # list short, count low
    (None, None)
    >>> joint_caps(80, 132, 193.0, 0.72, 3), joint_caps(80, 132, 193.0, 0.79, 6)  # fits, classes
    (None, None)
    """
    low, high = JOINT_CAP_FITS
    if estimated is None or count <= 0 or not math.isfinite(fits) or not low <= fits < high:
        return None
    if not JOINT_CLASSES <= classes <= JOINT_CAP_CLASSES or estimated < JOINT_CAP_COUNT * count:
        return None
    return int(round(JOINT_CAP_OVER * count)) if listed > JOINT_CAP_OVER * count else None
