"""Where the examples the count of :mod:`~descend.examples.label_issues` would cut from the list are
ones the run went on to fit, the count does not cap the list (step (3)).

The count caps the cut-offs' list at the number of flips the early half's tails imply, keeping the
examples with the lowest relative AUM. It reads the early half's decisive examples, and a flip the
network fitted during the early half, before it had learned the clean pattern around it firmly,
is not decisively rejected there: the count then stops short (ten digits, a long tail of digits,
AR(1) series, 20% of the labels moved to the next class: 0.3-0.75 of the flips, at a precision
near 1). The examples the cap cuts are then mostly such flips, and the late half of the epochs
read, where the network memorises its labels, fits them: their late half's clipped mean
(:func:`~descend.examples.half_clipped.half_clipped_means`) is positive on average. The examples a
cap should cut, clean ones near a boundary or in an overlap, are argued against in the late half
too, or only weakly fitted (their mean near 0 or below). So where the mean over the cut examples is
above ``MEMORISED_CUT_ABOVE`` = 0.3, the count does not cap the list.

Fitted on the 30 groups of bench ``label_noise`` up to fresh-28 (session 18), seeds 0-1, 1440
settings: settings at least cleanlab's 1247 -> 1251 (held-out, fresh-20, fresh-24 and fresh-26
+1 each), mean F1 0.6950 -> 0.6965, 53 lists changed, 42 up, no group losing a setting. 0.25 and
0.35 give 1252 and 1250, also without a loss; from 0.2 down a group loses one (fresh-25) and the
changed lists' share up falls (65 of 88 at 0.2). Where it acts at 5% noise (Friedman's terciles,
Laplace classes) the list grows by a few clean examples. See ``bench/HISTORY.md``.

The bar is ``MISFIT_CUT_ABOVE`` = 0 instead where the count is at least the number of examples the
last epoch read predicts otherwise than labelled, in a run that fits at least
:data:`~descend.examples.unfitted_run.UNFITTED_BELOW` = 0.8 of its labels: the run leaves no more
examples unfitted than the count, so the flips it counted include ones it has fitted, and those
are the ones the cap would cut (parity bits, Markov chains, a rule on half the features, small wine
sets: lists of 0.5-0.8 of the flips at a precision near 1). Fitted on the 37 groups up to fresh-35
(session 18, seeds 0-1, 1776 settings): settings at least cleanlab's 1569 -> 1574 (fresh-34 +2,
fresh-4, fresh-18 and fresh-21 +1), mean F1 0.7003 -> 0.7018, 59 lists changed (51 up), no group
losing a setting. Round 12, a 0.9 accuracy gate in place of the misfit test, was reverted on
fresh-35, where it lengthened one tiny iris list at 5% noise (8 -> 11 for 6 flips); that list still
changes here. On fresh-36 (its one look) it raised both lists
it changed (blurred digits at 5%), 46 -> 46 settings, mean F1 0.6563 -> 0.6568.
``find_label_issues(misfit_cut_above=None)`` restores the rule before it.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._checks import number

__all__ = ["cut_memorised", "cut_bar", "MEMORISED_CUT_ABOVE", "MISFIT_CUT_ABOVE"]

# Fitted on bench label_noise's 30 groups to fresh-28 (1440 settings, session 18): no group loses a
# setting for 0.25-0.35; 0.2 loses one; the share of changed lists up falls below 0.3.
MEMORISED_CUT_ABOVE = 0.3
# Session 18 (label3), round 13: where the last epoch read misfits no more examples than the count
# (and fits at least unfitted_run.UNFITTED_BELOW of the labels), the bar is this instead.
MISFIT_CUT_ABOVE = 0.0


def cut_memorised(
    late: np.ndarray, order: np.ndarray, count: float | None, *, above: float | None = MEMORISED_CUT_ABOVE
) -> bool:
    """Whether the examples a ``count`` cuts from the list ``order`` (training-set indices, most
    suspect first: those after its first ``round(count)``) have a mean ``late`` (their late
    half's clipped mean of relative margins) above ``above``: then the count should not cap the
    list. False where ``count`` is ``None``, it cuts nothing, none of the cut examples has a
    ``late`` value, or ``above`` is ``None``.

    >>> late = np.array([-1.0, -1.0, 0.8, 0.2, -0.4])
    >>> order = np.array([0, 1, 2, 3, 4])
    >>> cut_memorised(late, order, 2.0)  # cuts 2, 3 and 4: mean 0.2, not above 0.3
    False
    >>> cut_memorised(late, order, 3.0)  # cuts 3 and 4: -0.1
    False
    >>> cut_memorised(late, order[:4], 2.0)  # cuts 2 and 3: 0.5
    True
    """
    above = number("memorised_cut_above", above, none=True)
    if above is None or count is None:
        return False
    cut = np.asarray(order)[int(np.round(count)) :]
    values = np.asarray(late, dtype=float)[cut]
    if not np.isfinite(values).any():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return bool(np.nanmean(values) > above)


def cut_bar(
    above: float | None,
    misfit_above: float | None,
    count: float | None,
    *,
    fits: float,
    n: int,
    fitted_at: float,
) -> float | None:
    """The bar :func:`cut_memorised` holds the cut examples' late mean to: ``above``, or
    ``misfit_above`` where lower and the ``count`` is at least the ``n (1 - fits)`` examples
    the last epoch misfits in a run that fits at least ``fitted_at`` of its labels (``fits``;
    NaN never binds): such a count includes flips the run has fitted, which are what the cap
    cuts. ``None`` (never cut) where ``above`` is; ``misfit_above=None``: ``above`` alone.

    >>> cut_bar(0.3, 0.0, 12.0, fits=0.9, n=100, fitted_at=0.8), cut_bar(0.3, 0.0, 8.0, fits=0.9, n=100, fitted_at=0.8)
    (0.0, 0.3)
    """
    if above is None or misfit_above is None or count is None or not fits >= fitted_at or n * (1 - fits) > count:
        return above
    return min(above, misfit_above)
