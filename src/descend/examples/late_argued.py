"""Where a run of three or more classes fits 0.8-0.85 of its labels and its list holds at least 0.16
of the training set, the examples the late half still argues against join the list's end, up to a
tenth of it (session 21, label8, round 44).

Why. At 0.8-0.85 fitted, a run with a list this long is one of many flips (about a fifth of the
labels) that has not memorised them all. The count of step (3) and the class-probability cuts stop
the list near the early half's estimate, and the flips they leave out are those the network is
still learning to reject: below 0 in relative AUM and, in the late half, under the bar
``threshold - decisiveness / 2`` (-0.15, the late half's bar of step (2b)). Clean examples there
are few at this fit, so the list takes them back, most negative relative AUM first, at most
``LATE_ARGUED`` = 0.1 of its length.

``find_label_issues(late_argued=None)`` restores the rule before it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES

__all__ = ["late_argued", "LATE_ARGUED", "LATE_ARGUED_FROM", "LATE_ARGUED_BELOW", "LATE_ARGUED_LIST"]

# Session 21 (label8, round 44): the most examples added, as a share of the list; the band of fits; the least list, as a
# share of the training set.
LATE_ARGUED = 0.1
LATE_ARGUED_FROM = 0.8
LATE_ARGUED_BELOW = 0.85
LATE_ARGUED_LIST = 0.16


def late_argued(
    order: Any,
    relative_aum: Any,
    late: Any,
    *,
    fits: float,
    classes: int,
    bar: float,
    share: float | None = LATE_ARGUED,
) -> np.ndarray:
    """The examples outside the list ``order`` that join its end: where at least ``JOINT_CLASSES`` = 3
    classes, ``fits`` from ``LATE_ARGUED_FROM`` = 0.8 up to ``LATE_ARGUED_BELOW`` = 0.85 (NaN never
    binds) and the list at least ``LATE_ARGUED_LIST`` = 0.16 of the ``len(relative_aum)`` examples,
    those with ``relative_aum`` below 0 and ``late`` below ``bar``, most negative relative AUM first,
    at most ``share`` of the list (``share=None``: none).

    >>> rel = np.r_[-np.ones(20), [-0.5, -0.9, 0.2], np.ones(77)]
    >>> late = np.r_[-np.ones(20), [-0.2, -0.3, -0.9], np.ones(77)]
    >>> late_argued(np.arange(20), rel, late, fits=0.82, classes=3, bar=-0.15).tolist()
    [21, 20]
    >>> late_argued(np.arange(20), rel, late, fits=0.82, classes=3, bar=-0.15, share=0.05).tolist()
    [21]
    >>> late_argued(np.arange(20), rel, late, fits=0.86, classes=3, bar=-0.15).tolist()
    []
    """
    share = number("late_argued", share, gt=0, none=True)
    rel, late = np.asarray(relative_aum, dtype=float), np.asarray(late, dtype=float)
    order = np.asarray(order, dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    if share is None or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return none
    if not LATE_ARGUED_FROM <= fits < LATE_ARGUED_BELOW or len(order) < LATE_ARGUED_LIST * len(rel):
        return none
    outside = np.ones(len(rel), dtype=bool)
    outside[order] = False
    idx = np.flatnonzero(outside & (rel < 0) & (late < bar))
    return idx[np.argsort(rel[idx], kind="stable")][: int(share * len(order))]
