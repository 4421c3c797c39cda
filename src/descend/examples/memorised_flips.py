"""Where a run of three or more classes fits 0.75-0.9 of its labels and its list holds at least 0.16
of the training set (a heavily mislabelled run), the examples outside the list that its early half
argued against decisively and that it fitted in their given label only in its second half (flips it
memorised) join the end of the list, most argued against first, at most ``MEMORISED_FLIPS`` = 0.05
of its length (session 21, label9, round 45).

Why. In such runs the network memorises part of its flips before the list is drawn: they leave the
list, though their early half still argues against them. An example the run fits late and keeps
fitted only from its second half on (:func:`stays_fitted_from`) is most often one it memorised; a
clean example in the overlap of two classes is seldom argued against that decisively early. In
lighter-noise runs the same examples are mostly clean, hence the gates on the list's share and the
band of fits, and the small cap. ``find_label_issues(memorised_flips=None)`` restores the rule
before it; with a ``count=`` of the user's own it never acts.
"""

from __future__ import annotations

import numpy as np

from .._checks import number
from .confident_joint import JOINT_CLASSES

__all__ = [
    "join_memorised",
    "stays_fitted_from",
    "MEMORISED_FLIPS",
    "MEMORISED_FLIPS_FROM",
    "MEMORISED_FLIPS_BELOW",
    "MEMORISED_FLIPS_LIST",
    "MEMORISED_FLIPS_EARLY",
]

# Session 21 (label9, round 45): the most the list may grow, as a share of its length; the band of fits;
# the least list, as a share of the training set; the early half's bar.
MEMORISED_FLIPS = 0.05
MEMORISED_FLIPS_FROM = 0.75
MEMORISED_FLIPS_BELOW = 0.9
MEMORISED_FLIPS_LIST = 0.16
MEMORISED_FLIPS_EARLY = -0.5


def stays_fitted_from(correct: np.ndarray) -> np.ndarray:
    """Per example, the first epoch (index) from which every later recorded epoch predicts its given
    label; the number of epochs where the last one does not (``correct`` is ``(E, n)``, NaN unseen,
    counted as not fitted).

    >>> stays_fitted_from(np.array([[1, 0, 0], [0, 1, 1], [1, 1, 0]], dtype=float)).tolist()
    [2, 1, 3]
    """
    fitted = np.nan_to_num(np.asarray(correct, dtype=float), nan=0.0) > 0.5
    epochs = fitted.shape[0]
    missed = ~fitted[::-1]
    return epochs - np.where(missed.any(axis=0), missed.argmax(axis=0), epochs)


def join_memorised(
    order: np.ndarray,
    early: np.ndarray,
    correct: np.ndarray,
    *,
    fits: float,
    classes: int,
    share: float | None = MEMORISED_FLIPS,
    below: float = MEMORISED_FLIPS_EARLY,
) -> np.ndarray:
    """``order`` with the memorised flips outside it at its end (see the module): examples whose
    early half (``early``, clipped relative margins) is below ``below`` and that stay fitted only
    from the second half of the recorded epochs (``correct``, ``(E, n)``), most negative early half
    first, at most ``share`` of the list; ``share=None`` returns ``order`` as it is.

    >>> early = np.array([-0.9, -0.8, -0.7, 0.5, -0.6] + [0.5] * 15)
    >>> correct = np.ones((4, 20)); correct[:, 0] = 0; correct[:3, 1:3] = 0
    >>> join_memorised(np.array([0, 5, 6, 7, 8, 9, 10]), early, correct, fits=0.8, classes=3, share=0.3).tolist()
    [0, 5, 6, 7, 8, 9, 10, 1, 2]
    """
    order = np.asarray(order)
    if share is None:
        return order
    share = number("memorised_flips", share, gt=0)
    n = len(early)
    if classes < JOINT_CLASSES or not MEMORISED_FLIPS_FROM <= fits < MEMORISED_FLIPS_BELOW:
        return order
    if len(order) < MEMORISED_FLIPS_LIST * n:
        return order
    epochs = np.asarray(correct).shape[0]
    outside = np.ones(n, dtype=bool)
    outside[order] = False
    pool = np.flatnonzero(outside & (early < below) & (stays_fitted_from(correct) > epochs / 2))
    pool = pool[np.argsort(early[pool], kind="stable")][: int(np.round(share * len(order)))]
    return np.r_[order, pool].astype(order.dtype)
