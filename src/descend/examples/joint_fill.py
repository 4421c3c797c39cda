"""Where a run of three or more classes fits 0.55-0.8 of its labels, its list is mostly placed
decisively in another class and the confident joint counts more examples than it lists, the list
takes in the run's other decisive examples, most decisive first, up to the joint's count (session
20, label3, round 35).

Why. A list at least ``FILL_DECISIVE`` = 0.8 decisive (``po > DECISIVE_ODDS * py``,
:func:`~descend.examples.decisive_listed`) comes from a run that fitted its regions and placed its
flips decisively in their true classes (20% runs of cells, bands and overlapping distributions:
``voronoi``, ``weibull``, ``bumpdip``, ``parabolas``, ``gumbel``, ``gammas``). The count that cut it
reads the early epochs' tails and stops short of the flips there (lists of 96-162 for 144-160
flips; cleanlab's are longer). The confident joint (:func:`~descend.examples.joint_count`) counts
more (133-240): it counts an example where another class holds at least that class's mean
probability. Round 28 (:mod:`~descend.examples.decisive_share`) takes in every other decisive
example where all of the list is decisive at fits 0.7-0.9; this rule carries that below 0.7, to
lists only mostly decisive, and caps what it takes in at the joint's count: the decisive examples
the list left out are the likeliest of the rest to be flips, and the joint bounds how many the run
holds in another class. It takes in only examples labelled with a class the early half fits, as
the count reads them (:func:`~descend.examples.class_fit` at least ``FITTED_AT`` = 0.5): the clean
examples of a class the run cannot fit sit decisively in another class too, and the joint counts
them (``tests/examples/test_mislabelled_count.py``: without this, a list of 38 for 24 flips grew to
124). It acts last, after :mod:`~descend.examples.late_fitted`, on the list as
it stands. Below ``FILL_FITS_FROM`` = 0.55 the run has left whole regions unfitted and
their clean examples are decisive too; from ``FILL_FITS_BELOW`` = 0.8 the run has begun to
memorise its flips.

What it gains is small. On the 57 recorded groups tuning ... fresh-55 (2820 settings;
``/work/notes/s20/label3-scripts/feat35.py``, ``sw35.py``, ``sw35b.py`` offline; exact
``cmprq57.py``) it changes 79 lists, 41 of them up: settings at least cleanlab's 2495 -> 2496
(voronoi s1 class 20%), none lower, mean F1 0.67625 -> 0.67630 (without the class guard: 96 lists,
48 up, 2495 -> 2497 with diabquart s0 uniform 10%, mean F1 0.67630). Few decisive examples lie outside such lists: the flips
the count left out are mostly split between classes. The same for fits bands of 0.5-0.9 and shares
0.5-0.9 (+2, none lower); taking in the rest by the odds ``po / py`` instead (label2's order) gains
+1 to +3 with mean F1 down 0.001-0.002 and groups lower; by the list's own ranking, +1 with mean F1
down. ``find_label_issues(joint_fill=None)`` restores round 34.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES, joint_count
from .decisive_share import decisive_examples, decisive_listed
from .mislabelled_count import FITTED_AT, class_fit

__all__ = ["joint_fills", "joint_filled", "FILL_DECISIVE", "FILL_FITS_FROM", "FILL_FITS_BELOW"]

# Session 20 (label3): the share of the list decisive from which, and the band of fits in which, a
# list takes in the run's other decisive examples up to the confident joint's count.
FILL_DECISIVE = 0.8
FILL_FITS_FROM = 0.55
FILL_FITS_BELOW = 0.8


def joint_fills(
    decisive: int,
    listed: int,
    joint: int,
    fits: float,
    classes: int,
    *,
    at: float | None = FILL_DECISIVE,
    fits_from: float = FILL_FITS_FROM,
    fits_below: float = FILL_FITS_BELOW,
) -> int:
    """How many of the run's other decisive examples a list of ``listed`` examples, ``decisive`` of
    them decisive, takes in: ``joint - listed`` where the run has at least ``JOINT_CLASSES`` = 3
    classes, the last epoch read fits at least ``fits_from`` and less than ``fits_below`` of the
    given labels (``fits``; NaN never binds), at least ``at`` of the list is decisive and the
    confident joint counts ``joint`` > ``listed``; else 0. ``at=None``: never.

    >>> joint_fills(90, 100, 140, 0.7, 3), joint_fills(70, 100, 140, 0.7, 3), joint_fills(90, 100, 90, 0.7, 3)
    (40, 0, 0)
    >>> joint_fills(90, 100, 140, 0.85, 3), joint_fills(90, 100, 140, 0.5, 3), joint_fills(90, 100, 140, 0.7, 2)
    (0, 0, 0)
    >>> joint_fills(90, 100, 140, 0.7, 3, at=None)
    0
    """
    at = number("joint_fill", at, gt=0, le=1, none=True)
    if at is None or listed == 0 or not math.isfinite(fits) or classes < JOINT_CLASSES:
        return 0
    if not fits_from <= fits < fits_below or decisive < at * listed:
        return 0
    return max(int(joint) - int(listed), 0)


def joint_filled(
    order: Any,
    p_label: Any,
    margin: Any,
    labels: Any,
    suggested: Any,
    *,
    fits: float,
    classes: int,
    at: float | None = FILL_DECISIVE,
    fitted_at: float | None = FITTED_AT,
) -> np.ndarray:
    """The list ``order`` (indices, most suspect first) with the run's other decisive examples
    (:func:`~descend.examples.decisive_examples`, most decisive first) taken in where
    :func:`joint_fills` says so, reading the epochs of ``p_label`` and ``margin`` (shape (epochs,
    n)), the given ``labels`` and the ``suggested`` ones (for the confident joint's count). Only
    examples labelled with a class the early half fits (:func:`~descend.examples.class_fit` at least
    ``fitted_at``, as the count reads it; ``None``: any class) are taken in: the clean examples of a
    class the run cannot fit sit decisively in another class too, and the joint counts them.

    >>> p = np.full((2, 12), 0.8); p[:, :4] = 0.1                # examples 0-3 decisive, in another class
    >>> m = np.log(p / np.where(p < 0.5, 0.85, 0.15))
    >>> joint_filled([0, 1], p, m, [0, 1, 2] * 4, [1, 2, 0] * 4, fits=0.7, classes=3).tolist()
    [0, 1, 2, 3]
    >>> joint_filled([0, 1], p, m, [0, 1, 2] * 4, [1, 2, 0] * 4, fits=0.9, classes=3).tolist()
    [0, 1]
    """
    order = np.asarray(order, dtype=np.int64)
    if at is None or not len(order) or classes < JOINT_CLASSES:
        return order
    decisive = decisive_listed(p_label, margin, order)
    joint = joint_count(p_label, margin, labels, suggested)
    take = joint_fills(decisive, len(order), joint, fits, classes, at=at)
    if not take:
        return order
    more = decisive_examples(p_label, margin)
    more = more[~np.isin(more, order)]
    if fitted_at is not None:
        fit = class_fit(np.asarray(margin, dtype=float), np.asarray(labels))
        more = more[fit[np.asarray(labels)[more]] >= fitted_at]  # NaN: not fitted
    return np.concatenate([order, more[:take]]).astype(np.int64)
