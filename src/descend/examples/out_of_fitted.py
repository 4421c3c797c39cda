"""Where the count of :mod:`~descend.examples.label_issues` stops below half the cut-offs' list (or
below 0.75 of it where the classes it leaves out hold few labels), it also counts the flips out of
a fitted class given the label of a class it leaves out (step (3)).

The count reads the odds of a flip from the fitted classes F
(:func:`~descend.examples.fitted_classes`): the decisively rejected examples whose given label
and suggested label are both in F, against the decisively confirmed examples labelled with a
class in F. A flip out of a fitted class's region into a class U the network has not fitted
(given U's label, suggested the fitted class) is left out, because U's clean examples are argued
against too. In ordered classes (a regression target's bins, five ordinal classes, the
middle of three Cauchy classes, diabetes' triglycerides in bins of 40, 30, 20 and 10%) the
network fits the end classes and leaves out the middle or the small ones, and most flips go from
an end class to a neighbour it leaves out (class-conditionally always, uniformly among four or
five classes most of them): the count stops at 0.1-0.5 of the list the cut-offs (1) and (2)
give, and the list at 0.2-0.6 of the flips, with a precision near 1.

Such a flip sits where the fitted class's examples sit, and the run argues against its label
in every epoch: in the late half too, at the clip (a clipped mean below ``-STILL_REJECTED`` =
-0.85, :func:`~descend.examples.half_clipped.half_clipped_means`). A clean example of a class
the network has not fitted is one it is still learning, and the late half argues against it less
in some epoch. A class the network never predicts (spread over the others' regions) has been
given up, and every example labelled with it is rejected to the end, flip or not; a class with a
region of its own is predicted at least ``OWN_REGION_AT`` = 0.25 times as often as it is labelled
(:func:`~descend.examples.label_surplus.predicted_over_labelled`; a flooded one 0.4-0.75). So
where the count is below ``OUT_OF_FITTED_BELOW`` = 0.5 times the cut-offs' list, the rejected
examples also count that are labelled with a class left out that has a region of its own,
suggested a fitted class, and still rejected at the clip over the late half::

    o = (R(label in F, suggested in F) + R(label in U, suggested in F, late < -0.85)) / C(label in F)

and the count is the larger of ``m * o / (1 + o)`` and the count of
:mod:`~descend.examples.left_out` (which may have read the whole set): this only lengthens lists.

Fitted on the 28 groups of bench ``label_noise`` up to fresh-26 (session 18), seeds 0-1, 1344
settings: settings at least cleanlab's 1142 -> 1154 (fresh-18 +3, fresh-16 +3, fresh-3 +2,
fresh-25 +2, fresh-13 +1, fresh-24 +1), mean F1 0.6941 -> 0.6954, no group losing one. The gain
is flat for ``STILL_REJECTED`` 0.8-0.95 and ``OUT_OF_FITTED_BELOW`` 0.45-0.5; below 0.45 a
three-class diabetes target at 5% noise loses one, from 0.55 a mosaic of six classes over 24
tiles, and without the late half's test (every such rejected example counted) the mosaic loses
one at 0.5. Where it acts at 5% noise the list grows past the flips (clean examples of the
overlap), and its F1 falls, still above cleanlab's in most of those settings. A first form that
let this count replace the whole set's where it was smaller (session 18, reverted) shortened two
lists on a fresh group (an XOR with a small centre class).

Where the classes left out are small (less than ``LEFT_OUT_BELOW`` = 0.2 of the labels: a thin
shell of 8% around a blob, a disc of 8% at the centre of an XOR), the flips into them are a small
share of all flips, but the count misses them and the swap to the whole set (below 0.6 of the
list) does not always come: the same count applies there below ``OUT_OF_FITTED_FEW_BELOW`` = 0.75
times the cut-offs' list (session 18: on the 29 groups to fresh-27, 1199 -> 1204 settings at
least cleanlab's, 8 lists changed, 6 up; the same lists for 0.68-0.78; two lists at 5% noise
grew past their flips). See ``bench/HISTORY.md``.
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument, number
from .summaries import column_means, relative_margins

__all__ = ["out_of_fitted_count", "OUT_OF_FITTED_BELOW", "OUT_OF_FITTED_FEW_BELOW", "STILL_REJECTED", "OWN_REGION_AT"]

# Fitted on bench label_noise's 28 groups to fresh-26 (1344 settings, session 18): the count also
# counts the flips out of fitted classes where it is below this share of the cut-offs' list (gain
# flat 0.45-0.5; a mosaic of tiles loses a setting from 0.55, a diabetes target below 0.45) ...
OUT_OF_FITTED_BELOW = 0.5
# ... those whose late half's clipped mean is below minus this (gain flat 0.8-0.95) ...
STILL_REJECTED = 0.85
# ... labelled with a class the run predicts at least this share as often as it is labelled: one with
# a region of its own (no setting of the 28 groups changes for 0-0.4; a class spread over the others,
# never predicted, is given up, and its examples say nothing of flips).
OWN_REGION_AT = 0.25
# Fitted on the 29 groups to fresh-27 (1392 settings, session 18): where the classes left out hold less
# than left_out.LEFT_OUT_BELOW of the labels, the count applies below this share of the list (the same
# 8 lists change for 0.68-0.78; a small class wrapped around or inside large ones: 1199 -> 1204).
OUT_OF_FITTED_FEW_BELOW = 0.75


def out_of_fitted_count(
    margin: np.ndarray,
    late: np.ndarray,
    *,
    labels: np.ndarray,
    suggested: np.ndarray,
    fitted: np.ndarray,
    tail: float,
    surplus: np.ndarray | None = None,
    still_rejected: float = STILL_REJECTED,
    own_region_at: float = OWN_REGION_AT,
) -> float:
    """The count of :func:`~descend.examples.estimated_mislabelled` from the fitted classes
    ``fitted`` (one boolean per class and a last entry, False, read for the suggestion -1), with
    the decisively rejected examples (early relative AUM below ``-tail``, over the first
    ``max(E // 2, 1)`` epochs of ``margin``) labelled with a class not in ``fitted`` and
    suggested one in it counted as flips too where ``late``, their late half's clipped mean
    (:func:`~descend.examples.half_clipped.half_clipped_means`), is below ``-still_rejected``
    and, given ``surplus`` (per class, predicted over labelled:
    :func:`~descend.examples.label_surplus.predicted_over_labelled`), their class is predicted at
    least ``own_region_at`` times as often as it is labelled.

    >>> margin = np.array([[2.0, 2.0, 2.0, 2.0, -2.0, -2.0, -2.0, 2.0]])
    >>> labels, suggested = np.array([0, 0, 1, 1, 1, 2, 2, 2]), np.array([1, 1, 0, 0, 0, 0, 1, 0])
    >>> fitted = np.array([True, True, False, False])  # class 2 left out
    >>> late = np.array([1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -0.2, 1.0])  # example 6 learned late
    >>> count = out_of_fitted_count(margin, late, labels=labels, suggested=suggested, fitted=fitted, tail=0.7)
    >>> round(count, 2)  # 2 rejected (a flip 0 -> 1, and example 5) against 4: 8 * 0.5 / 1.5
    2.67
    """
    tail = number("tail", tail, gt=0)
    still_rejected = number("still_rejected", still_rejected, gt=0)
    own_region_at = number("own_region_at", own_region_at, ge=0)
    relative = relative_margins(np.asarray(margin))
    early = column_means(relative[: max(len(relative) // 2, 1)])  # as the count reads it
    n = len(early)
    labels, suggested, late = (np.asarray(values) for values in (labels, suggested, late))
    for name, values in (("labels", labels), ("suggested", suggested), ("late", late)):
        if values.shape != (n,):
            raise InvalidArgument(f"{name} must hold one value per example ({n}), got shape {values.shape}")
    labels, suggested, late = labels.astype(np.int64), suggested.astype(np.int64), late.astype(float)
    fitted = np.asarray(fitted, dtype=bool)
    seen = np.isfinite(early)
    rejected, confirmed = seen & (early < -tail), seen & (early > tail)
    in_fitted, origin_fitted = _per_class(fitted, labels), _per_class(fitted, suggested)  # -1 (none): never
    own_region = np.ones(n, dtype=bool)
    if surplus is not None:
        own_region = _per_class(np.nan_to_num(np.asarray(surplus, dtype=float), nan=0.0) >= own_region_at, labels)
    out_of_fitted = rejected & ~in_fitted & origin_fitted & (late < -still_rejected) & own_region
    odds = int(((rejected & in_fitted & origin_fitted) | out_of_fitted).sum()) / max(
        int((confirmed & in_fitted).sum()), 1
    )
    return float(seen.sum() * odds / (1 + odds))


def _per_class(per_class: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """``per_class[classes]``, False for a class index outside it (-1 among them)."""
    out = np.zeros(len(classes), dtype=bool)
    inside = (classes >= 0) & (classes < len(per_class))
    out[inside] = per_class[classes[inside]]
    return out
