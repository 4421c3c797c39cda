"""Where a run of three or more classes fits less than 0.9 of its labels and its list reads as
class-conditional noise (most listed examples of each given label suggest one other class, and the
labels' top suggested classes differ), the listed examples of a label's minor pairs leave the list
(session 22: label11, round 48; its gates widened by label12, round 50).

Why. Under class-conditional noise every class's flips go mostly to one other class: the listed
flips given label ``g`` share one suggested label (their true class), so the list's (given,
suggested) pairs concentrate on one pair per given label. The flips also teach the network to
predict their given label over part of their true class's region, and the clean examples there are
argued against and listed too: they are the same classes' *other* pairs (given ``g``, suggested the
class the flips of ``g`` went to). In the 10% and 20% class-conditional runs of bench ``label_noise``
these pairs hold 12-28% flips (0 of 32 in ``stripes4``, 0 of 27 in ``hilbert``), while the lists are
as long as the flips: a precision loss, not a short list. Under uniform noise the other pairs hold
50-95% flips, so the rule asks the list to read as class-conditional first: at least
``MINOR_CONCENTRATION`` = 0.65 of the listed examples in their label's top pair, and the top pairs
holding at least ``MINOR_LEAST`` = 10 listed examples point to pairwise distinct suggested classes
(class-conditional noise sends each class's flips to its own class; uniform noise in imbalanced or
annular classes sends most labels' listed examples to the same large class). Then, for every given
label whose top pair holds at least ``MINOR_LEAST`` listed examples, the listed examples of each
other pair of that label holding at most ``MINOR_PAIRS`` = 0.75 times the top pair's count leave the
list (examples with no suggested label stay and count outside the top pairs). Gates: at least
``JOINT_CLASSES`` = 3 classes (with two, a label has one other class), fits below ``MINOR_BELOW`` =
0.9 (a run that fits more has memorised its flips) and a list of at least ``MINOR_MISFITS`` = 0.7 of
the run's misfits, ``(1 - fits) n`` (a list much shorter than the misfits holds few pairs to read).
Round 48 asked for fits from 0.7, a list of 0.15 n, a concentration of 0.75 and a ratio of 0.5, and
no distinct top pairs; round 50's misfit floor reaches the 10% class-conditional lists of about
0.1 n. The ranking of the examples that stay is unchanged; the rule only removes, it never extends
the list.

``find_label_issues(minor_pairs=None)`` restores the rule before round 48; how the numbers were
fitted and read (rounds 48 and 50, bench ``label_noise``) is in ``bench/HISTORY.md``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES

__all__ = [
    "minor_pair_examples",
    "MINOR_PAIRS",
    "MINOR_CONCENTRATION",
    "MINOR_LEAST",
    "MINOR_BELOW",
    "MINOR_MISFITS",
]

# Session 22 (label11, round 48; label12, round 50): the largest share of its label's top pair a pair
# may hold to leave, the least share of the list in top pairs, the least count of a top pair, the
# fits below which it acts and the shortest list (a share of the run's misfits, (1 - fits) n).
MINOR_PAIRS = 0.75
MINOR_CONCENTRATION = 0.65
MINOR_LEAST = 10
MINOR_BELOW = 0.9
MINOR_MISFITS = 0.7


def minor_pair_examples(
    order: Any,
    labels: Any,
    suggested: Any,
    *,
    fits: float,
    classes: int,
    n: int,
    ratio: float | None = MINOR_PAIRS,
) -> np.ndarray:
    """Which of the listed examples ``order`` (indices) leave the list, as a boolean mask over
    ``order``: in a run of ``classes`` classes (at least ``JOINT_CLASSES`` = 3) fitting ``fits``
    (below ``MINOR_BELOW`` = 0.9; NaN never binds) of the given ``labels`` of its ``n`` examples,
    with a list of at least ``MINOR_MISFITS`` = 0.7 of the misfits ``(1 - fits) n`` of which at
    least ``MINOR_CONCENTRATION`` = 0.65 have the most common ``suggested`` label of their given
    label (their top pair), and whose top pairs holding at least ``MINOR_LEAST`` = 10 suggest
    pairwise distinct labels: the examples of each other pair (given, suggested) holding at most
    ``ratio`` times its label's top pair, where that top pair holds at least ``MINOR_LEAST``
    (``ratio=None``: none; a suggested label of -1 never leaves).

    >>> labels = np.repeat([0, 1, 2], 80)                # 240 examples
    >>> order = np.r_[0:12, 80:92, 160:172, 12:16]       # 12 listed per label, 4 more of label 0
    >>> suggested = np.full(240, -1)
    >>> suggested[order] = np.r_[[2] * 12, [0] * 12, [1] * 12, [1] * 4]   # 4 <= 0.75 x 12: (0, 1) leaves
    >>> minor_pair_examples(order, labels, suggested, fits=0.8, classes=3, n=240).nonzero()[0].tolist()
    [36, 37, 38, 39]
    """
    ratio = number("minor_pairs", ratio, gt=0, le=1, none=True)
    order = np.asarray(order, dtype=np.int64)
    out = np.zeros(len(order), dtype=bool)
    if ratio is None or len(order) == 0 or classes < JOINT_CLASSES or not math.isfinite(fits):
        return out
    if not fits < MINOR_BELOW or len(order) < MINOR_MISFITS * (1 - fits) * n:
        return out
    given = np.asarray(labels, dtype=np.int64)[order]
    other = np.asarray(suggested, dtype=np.int64)[order]
    known = other >= 0
    pairs = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(pairs, (given[known], other[known]), 1)
    top = pairs.argmax(axis=1)
    if np.mean(other == top[given]) < MINOR_CONCENTRATION:
        return out
    top_count = pairs[np.arange(classes), top]
    held = top[top_count >= MINOR_LEAST]
    if len(np.unique(held)) < len(held):  # two labels' top pairs suggest one class: not class-conditional
        return out
    minor = (pairs <= ratio * top_count[:, None]) & (top_count[:, None] >= MINOR_LEAST)
    minor[np.arange(classes), top] = False
    out[known] = minor[given[known], other[known]]
    return out
