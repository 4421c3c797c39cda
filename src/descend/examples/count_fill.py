"""Step (4) of :mod:`~descend.examples.label_issues`: where the count of mislabelled examples
is trustworthy and the cut-offs flag fewer, the list is filled up to the count from the
ranking (session 15).

Why. The cut-offs of steps (1) and (2) ask a flip to be argued against decisively in one half
of the run. At high noise rates the network fits part of the flips during the early half, so
those flips reach a relative AUM near 0 and the cut-offs drop them: with 20% of the labels
flipped the list holds 0.64-0.95 times the flips while the count of step (3) holds 0.95-1.15
times (bench ``label_noise``, the fitted groups of session 15). The count is the better guide
there, and the missing flips are the examples ranked next by relative AUM.

When the count is trusted. Its odds rest on the mirror argument (a flip sits where its true
class sits, so the decisive shares cancel), which needs every class fitted (:func:`class_fit`
at least ``fitted_at`` for each class): a class the run has not fitted leaves its clean
examples argued against decisively and inflates the count. And its relative error falls with
the noise rate: clean examples argued against early (learned late, or in an overlap) add to the
count an amount that does not shrink with the noise rate, so at 5% they can double it, while at
20% they add a few percent. The list is filled only where the count implies a noise rate of at
least ``fill_at`` = :data:`FILL_AT`. Adding an example raises F1 exactly when it is a flip with
probability above half the list's F1 (about 0.4 here), so only a count that is right to within
some tens of percent should lengthen a list. On the fitted groups (tuning, s7, s9, s13; session
15), the examples a fill would add were flips in 0.18-0.75 of the cases (about half) where the
count implied 15% or more, and in 0-0.5 (about a quarter) where it implied 5-15%.
"""

from __future__ import annotations

import numpy as np

from .._checks import number
from .mislabelled_count import FITTED_AT, NOISE_TAIL, class_fit

__all__ = ["filled_to_count", "count_is_trusted", "FILL_AT"]

# Chosen on the fitted groups of bench label_noise, session 15 (see the module).
FILL_AT = 0.15


def filled_to_count(flagged: np.ndarray, ranking: np.ndarray, count: float) -> np.ndarray:
    """``flagged`` (indices, most suspect first) followed by the first ``round(count) -
    len(flagged)`` entries of ``ranking`` (every candidate index, most suspect first) not
    already in it; ``flagged`` cut to ``round(count)`` where it is that long already.

    >>> filled_to_count(np.array([4, 2]), np.array([2, 4, 7, 0, 1]), 3.6).tolist()
    [4, 2, 7, 0]
    >>> filled_to_count(np.array([4, 2, 7]), np.array([2, 4, 7, 0]), 1.0).tolist()
    [4]
    """
    k = int(np.round(number("count", count, ge=0)))
    flagged = np.asarray(flagged, dtype=np.int64)
    if len(flagged) >= k:
        return flagged[:k]
    rest = np.asarray(ranking, dtype=np.int64)
    rest = rest[~np.isin(rest, flagged)]
    return np.concatenate([flagged, rest[: k - len(flagged)]])


def count_is_trusted(
    margin: np.ndarray,
    labels: np.ndarray,
    count: float,
    *,
    fill_at: float = FILL_AT,
    fitted_at: float = FITTED_AT,
    tail: float = NOISE_TAIL,
) -> bool:
    """Whether the count of mislabelled examples ``count`` may lengthen the list: it implies a
    noise rate ``count / n`` of at least ``fill_at`` (``n`` the examples, ``margin`` is ``(E,
    n)``), and the early half fits every class (:func:`class_fit` at least ``fitted_at`` for
    each class 0 to ``max(labels)``; a class with no decisively placed example is not fitted).

    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, 2.0, -2.0, 2.0, 2.0, 2.0, 2.0]])
    >>> labels = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    >>> count_is_trusted(margin, labels, 2.0), count_is_trusted(margin, labels, 0.5)
    (True, False)
    >>> count_is_trusted(margin, np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 2]), 2.0)  # class 2: nothing confirmed
    False
    """
    fill_at = number("fill_at", fill_at, gt=0, le=1)
    fitted_at = number("fitted_at", fitted_at, gt=0, le=1)
    margin = np.asarray(margin)
    if margin.shape[1] == 0 or count / margin.shape[1] < fill_at:
        return False
    fit = class_fit(margin, labels, tail=tail)
    return bool(len(fit) and np.all(np.nan_to_num(fit, nan=0.0) >= fitted_at))
