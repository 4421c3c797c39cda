"""Where the count of :mod:`~descend.examples.label_issues` leaves few labels out and stops well
short of the cut-offs' list, it reads the whole set's odds (step (3)).

The count reads the odds of a flip from the fitted classes F
(:func:`~descend.examples.fitted_classes`) because the clean examples of a class the network has
not fitted are argued against as decisively as flips. With ``R`` the decisively rejected
examples and ``C`` the decisively confirmed ones, split by whether the given label is in F or in
the classes U left out, the two odds are::

    fitted classes:  o_F = R(label in F, suggested in F) / C(label in F)
    whole set:       o   = (R_F + R_U) / (C_F + C_U)

and the count is ``m * o / (1 + o)`` either way. ``o_F`` misses every flip with an end in U; ``o``
adds U's clean examples argued against, at most the share ``u`` of the labels in U. Where ``u`` is
large (one of five anisotropic blobs given up, spiral arms, Friedman-3 quartiles: ``u`` 0.2-0.7)
the clean examples dominate and the whole set's count flags 2 to 6 times the flips. Where ``u`` is
small, a class left out because flips make up much of its labels (an AR(1) class of 8%, the 5%
and 10% bins of a regression target, a 5% Dirichlet class) can hold a large share of the flips,
and the fitted classes' count then stops far below the ``k`` examples the cut-offs (1) and (2)
flag on their own: ``k_F / k`` 0.1-0.5 there. Where instead the small left-out class is only
partly fitted and few flips touch it (a five-class Gaussian mixture, a softmax-sampled class),
``k_F`` is about right, ``k_F / k`` is 0.85-1.0, and the swap overshoots. So the count reads
``o`` where both hold::

    u < LEFT_OUT_BELOW   and   k_F < SHORT_BELOW * k

Both levels were fitted on the nineteen groups of bench ``label_noise`` up to fresh-17 (session
17), seeds 0-1, 912 settings: settings at least cleanlab's 772 -> 785 (fresh-16 +12, fresh-14 +1),
no group losing one or falling in mean F1. The gain is flat for ``SHORT_BELOW`` 0.5-0.75 (at 0.2)
and for ``LEFT_OUT_BELOW`` 0.2-0.24 (at 0.5); it starts to hurt at ``SHORT_BELOW`` 0.8
(anisotropic blobs, ``k_F / k`` = 0.80) and at ``LEFT_OUT_BELOW`` 0.25 (Friedman-3, ``u`` = 0.242,
``k_F / k`` = 0.48). See ``bench/HISTORY.md``.
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument, number
from .label_surplus import SURPLUS_BELOW
from .mislabelled_count import FITTED_AT, NOISE_TAIL, count_parts
from .out_of_fitted import OUT_OF_FITTED_BELOW, OUT_OF_FITTED_FEW_BELOW, STILL_REJECTED, out_of_fitted_count

__all__ = ["left_out_share", "whole_where_short", "LEFT_OUT_BELOW", "SHORT_BELOW"]

# Fitted on bench label_noise's 19 groups to fresh-17 (912 settings): the left-out classes hold
# less than this share of the labels the early half saw (harm from 0.25, gain flat 0.2-0.24) ...
LEFT_OUT_BELOW = 0.2
# ... and the fitted classes' count is below this share of the cut-offs' list (gain flat 0.5-0.75,
# harm from 0.8; where the swap helped the count stood at 0.1-0.5 of the list, where it hurt 0.8-1).
SHORT_BELOW = 0.6


def left_out_share(fitted: np.ndarray, labels: np.ndarray) -> float:
    """The share of ``labels`` (class indices) whose class is not fitted: ``fitted`` holds one
    boolean per class (a label past its end counts as left out); 0.0 for no labels.

    >>> left_out_share(np.array([True, True, False]), np.array([0, 0, 1, 1, 1, 2, 0, 1]))
    0.125
    """
    fitted, labels = np.asarray(fitted, dtype=bool), np.asarray(labels)
    if labels.size and (not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0):
        raise InvalidArgument(f"labels must be class indices >= 0, got {labels.dtype} from {labels.min()}")
    kept = np.zeros(labels.shape, dtype=bool)
    inside = labels < len(fitted)
    kept[inside] = fitted[labels[inside]]
    return float(np.mean(~kept)) if labels.size else 0.0


def whole_where_short(
    margin: np.ndarray,
    listed: int,
    *,
    labels: np.ndarray,
    suggested: np.ndarray,
    tail: float = NOISE_TAIL,
    fitted_at: float | None = FITTED_AT,
    surplus: np.ndarray | None = None,
    surplus_below: float | None = SURPLUS_BELOW,
    left_out_below: float | None = LEFT_OUT_BELOW,
    short_below: float | None = SHORT_BELOW,
    late: np.ndarray | None = None,
    out_of_fitted_below: float | None = OUT_OF_FITTED_BELOW,
    out_of_fitted_few_below: float | None = OUT_OF_FITTED_FEW_BELOW,
    still_rejected: float = STILL_REJECTED,
) -> float:
    """:func:`~descend.examples.estimated_mislabelled` (the other arguments as there), but from
    every example's odds where the classes it leaves out hold less than ``left_out_below`` of the
    labels its early half saw and it is below ``short_below`` times ``listed``, the length of the
    list the cut-offs alone give. ``None`` for either level: never. Given ``late``, each
    example's late half's clipped mean, where the fitted classes' count is below
    ``out_of_fitted_below`` times ``listed``, the count read with the flips out of the fitted
    classes too (:func:`~descend.examples.out_of_fitted.out_of_fitted_count`, ``still_rejected``;
    ``None``: never) where that is larger; likewise where it is below ``out_of_fitted_few_below``
    times ``listed`` and the classes it leaves out hold less than ``left_out_below`` of the labels
    (``None`` for either: never).

    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, -2.0]])
    >>> labels, suggested = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 2]), np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    >>> whole_where_short(margin, 2, labels=labels, suggested=suggested)  # 1 of 10 labels out; 2 against 8
    2.0
    >>> round(whole_where_short(margin, 2, labels=labels, suggested=suggested, short_below=None), 2)  # 1 against 8
    1.11
    """
    left_out_below = number("left_out_below", left_out_below, gt=0, le=1, none=True)
    short_below = number("short_below", short_below, gt=0, none=True)
    out_of_fitted_below = number("out_of_fitted_below", out_of_fitted_below, gt=0, none=True)
    out_of_fitted_few_below = number("out_of_fitted_few_below", out_of_fitted_few_below, gt=0, none=True)
    parts = count_parts(margin, tail, labels, suggested, fitted_at, surplus, surplus_below)
    count = parts.count
    few_left_out = (
        parts.fitted is not None
        and left_out_below is not None
        and left_out_share(parts.fitted, parts.labels_seen) < left_out_below
    )
    if not (left_out_below is None or short_below is None or parts.fitted is None or not count < short_below * listed):
        count = parts.whole if few_left_out else count
    far_short = out_of_fitted_below is not None and parts.count < out_of_fitted_below * listed
    short_few_out = (
        few_left_out and out_of_fitted_few_below is not None and parts.count < out_of_fitted_few_below * listed
    )
    if (
        late is not None and parts.fitted is not None and parts.fitted.sum() >= 2 and (far_short or short_few_out)
    ):  # never below the count the swap gave
        count = max(
            count,
            out_of_fitted_count(
                margin,
                late,
                labels=labels,
                suggested=suggested,
                fitted=parts.fitted,
                tail=tail,
                surplus=surplus,
                still_rejected=still_rejected,
            ),
        )
    return count
