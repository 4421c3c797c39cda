"""Where the overrun cut's gate holds but the list is shorter than 1.2 times its decisive count,
the list keeps its decisive examples (session 21, label8, round 43).

Why. Round 42 (:mod:`~descend.examples.overrun_cut`) cuts a list of a run of three or more classes
fitting 0.8-0.93, no longer than the run's misfits ``(1 - fits) n`` and with at most 0.7 of the
misfits decisive, to its first ``decisive`` examples, but only from 1.2 times that count: at 1.1
(round 41) the cut lost flips ranked below split boundary examples (``cardioidbands``). Such a list
is the flips, nearly all decisive, and a few clean boundary examples the run holds split between
their label and a neighbour. Keeping the listed examples that are themselves decisive (the mean
probability of the strongest other class above ``DECISIVE_ODDS`` = 2 times the given label's,
:func:`~descend.examples.decisive_listed`) drops those split examples wherever they rank, so it
needs no margin of overrun: any list of more than its decisive count below the overrun cut's ratio
keeps its decisive examples, in its order. Above that ratio round 42's cut still acts.

``find_label_issues(overrun_keep=None)`` restores the rule before it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import number
from .confident_joint import mean_probabilities
from .decisive_share import DECISIVE_ODDS
from .overrun_cut import overrun_cuts

__all__ = ["overrun_keeps", "decisive_kept", "OVERRUN_KEEP"]

# Session 21 (label8, round 43): a list of more than this many times its decisive count keeps its decisive examples.
OVERRUN_KEEP = 1.0


def overrun_keeps(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    n: int,
    over: float | None = OVERRUN_KEEP,
) -> bool:
    """Whether a list of ``listed`` examples, ``decisive`` of them decisive, in a run of ``classes``
    classes fitting ``fits`` of the labels of its ``n`` training examples, keeps its decisive
    examples: ``listed`` more than ``over`` times ``decisive`` and the overrun cut's gate otherwise
    (:func:`~descend.examples.overrun_cuts` at a ratio of 1: at least 3 classes, fits 0.8 up to
    0.93, ``listed`` at most the misfits, ``decisive`` at most 0.7 of them); ``over=None``: never.

    >>> overrun_keeps(40, 47, 0.85, 4, n=400), overrun_keeps(40, 40, 0.85, 4, n=400)
    (True, False)
    >>> overrun_keeps(40, 61, 0.85, 4, n=400), overrun_keeps(40, 47, 0.85, 4, n=400, over=None)
    (False, False)
    """
    over = number("overrun_keep", over, ge=1, none=True)
    if over is None or listed <= over * decisive:
        return False
    return overrun_cuts(decisive, listed, fits, classes, n=n, over=1.0)


def decisive_kept(p_label: Any, margin: Any, order: Any, *, odds: float = DECISIVE_ODDS) -> np.ndarray:
    """The listed examples (``order``) the run places decisively in another class, as
    :func:`~descend.examples.decisive_listed` counts them, in the list's order.

    >>> p = [[0.1, 0.4, 0.3], [0.1, 0.4, 0.3]]
    >>> m = np.log([[1 / 8, 1.0, 0.6], [1 / 8, 1.0, 0.6]])  # other: 0.8, 0.4, 0.5
    >>> decisive_kept(p, m, [2, 0, 1]).tolist()
    [0]
    """
    idx = np.asarray(order, dtype=np.int64)
    if idx.size == 0:
        return idx
    py, po = mean_probabilities(np.asarray(p_label, dtype=float)[:, idx], np.asarray(margin, dtype=float)[:, idx])
    return idx[po > odds * py]
