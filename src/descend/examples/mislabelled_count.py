"""The number of mislabelled examples one run's early half implies (step (3) of
:mod:`~descend.examples.label_issues`), read from the classes the run has fitted.

Why a count. Where classes truly overlap (two Gaussians, iris' versicolor and virginica), the clean
examples on the wrong side of the Bayes boundary are argued against as decisively as the flipped
ones near it; steps (1) and (2) flag them all, and at 5% noise they can outnumber the flips. How many
to flag is then a question of the noise rate, which the tails of the early half estimate: before
memorisation, a flipped example sits where examples of its true class sit, so its early relative
AUM is about the mirror image of what its true label would earn. The examples decisively argued
against (early relative AUM below ``-tail``) are then the flips whose position is decisive, the
examples decisively confirmed (above ``tail``) the clean ones whose position is decisive, and
the share of decisive positions cancels: #(early < -tail) / #(early > tail) estimates the odds
rho / (1 - rho) of a flip, and ``k = n * odds / (1 + odds)``. The overlap itself stays near 0
and drops out of both counts. On separable data steps (1) and (2) already flag about ``k``
examples, and the count changes little.

Why the count reads the fitted classes. The mirror argument needs the network to have fitted the
region a flip came from. Where it has not fitted a class (one of anisotropic blobs spread thin
over the others, spiral arms after 20 epochs), that class's clean examples are argued against
decisively early too, and the tails' odds count them as flips (2 to 8 times the flips). A class
is fitted when the early half confirms at least ``fitted_at`` = 0.5 of the examples labelled
with it that it places decisively (:func:`class_fit`: #(y = c, e > tail) / #(y = c, |e| > tail);
the overlap, near 0, drops out). A fitted class keeps about 1 - rho; an unfitted one loses its
clean examples too. With two or more fitted classes the odds are read from them alone, in the
spirit of confident learning's joint (Northcutt et al. 2021): the decisively rejected examples
whose given label and suggested label are both fitted classes (flips between two fitted
regions), against the decisively confirmed examples labelled with a fitted class, and ``n * odds
/ (1 + odds)`` applies that rate to every example. With fewer, the whole set's odds. A small
class beside a large one can fail the test because flips from the large one make up half its
labels, not because the network misses it: such a class is predicted over the late half less
than ``surplus_below`` = 0.75 times as often as it is labelled (an unfitted one about as often)
while still confirming at least 0.2 of its decisive examples, and counts as fitted
(:mod:`~descend.examples.label_surplus`). Where the classes left out hold few labels and the
count stops well short of the list, it reads the whole set (:mod:`~descend.examples.left_out`);
where it stops below half the list, it also counts the examples labelled with a class left out,
suggested a fitted one and still rejected at the clip over the late half: flips out of a fitted
class (:mod:`~descend.examples.out_of_fitted`). Where the run memorises early, it does not cap the list
(:mod:`~descend.examples.early_memorised`), nor where the examples it would cut are ones the late
half fits, on average (:mod:`~descend.examples.memorised_cut`; a mean above 0 suffices where the
count is at least the number of examples the last epoch read misfits, in a run fitting 0.8 of its
labels or more: the count then counted flips the run has fitted).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .._checks import InvalidArgument, number
from .label_surplus import FLOODED_FIT_AT, SURPLUS_BELOW
from .summaries import column_means, relative_margins

__all__ = [
    "estimated_mislabelled",
    "fitted_classes",
    "class_fit",
    "count_parts",
    "CountParts",
    "NOISE_TAIL",
    "FITTED_AT",
]

# Tuned on the tuning half of bench/label_noise.py (see label_issues).
NOISE_TAIL = 0.7
# A class the early half confirms at least this share of (of its decisively placed examples) is fitted.
FITTED_AT = 0.5


def _early_relative_aum(margin: np.ndarray) -> np.ndarray:
    """Each example's relative AUM over the first ``max(E // 2, 1)`` recorded epochs."""
    relative = relative_margins(np.asarray(margin))
    return column_means(relative[: max(len(relative) // 2, 1)])


def estimated_mislabelled(
    margin: np.ndarray,
    *,
    tail: float = NOISE_TAIL,
    labels: np.ndarray | None = None,
    suggested: np.ndarray | None = None,
    fitted_at: float | None = FITTED_AT,
    surplus: np.ndarray | None = None,
    surplus_below: float | None = SURPLUS_BELOW,
) -> float:
    """The number of mislabelled examples the early half of a run implies: with ``e`` each
    example's relative AUM over the first ``max(E // 2, 1)`` recorded epochs (``margin`` is
    ``(E, n)``), odds = #(e < -tail) / max(#(e > tail), 1) estimates rho / (1 - rho), and the
    estimate is ``m * odds / (1 + odds)`` for the ``m`` examples that half saw (see
    :mod:`~descend.examples.label_issues`: a flipped example's early margin mirrors what its
    true label would earn, so the share of decisive positions cancels). Given the ``labels``
    and the ``suggested`` labels (:func:`~descend.examples.suggested_labels`), the odds are
    read from the fitted classes F (:func:`class_fit` at least ``fitted_at``; ``None``: from
    every example) where there are two or more: #(e < -tail, label in F, suggested in F) /
    max(#(e > tail, label in F), 1). Given ``surplus``, per class the late half's predicted
    share over its labelled share (:func:`~descend.examples.label_surplus.predicted_over_labelled`),
    a class below ``surplus_below`` with a class fit of at least
    :data:`~descend.examples.label_surplus.FLOODED_FIT_AT` is in F too: its labels outnumber what
    the network places there, flips from other classes rather than a region it has not fitted.

    >>> margin = np.array([[2.0, 2.0, 2.0, -2.0], [3.0, 3.0, 3.0, 3.0]])  # the last memorised late
    >>> estimated_mislabelled(margin)  # early: 1 decisively wrong against 3 decisively right, odds 1/3
    1.0
    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, -2.0, -2.0, -2.0, 2.0]])
    >>> labels, suggested = np.array([0, 0, 0, 1, 1, 2, 2, 2]), np.array([1, 1, 1, 0, 0, 0, 1, 1])
    >>> class_fit(margin, labels).round(2).tolist()  # class 2 is not fitted: 1 of 3 confirmed
    [0.67, 0.5, 0.33]
    >>> estimated_mislabelled(margin, labels=labels, suggested=suggested)  # 2 rejected (0<->1) against 3
    3.2
    >>> surplus = np.array([1.0, 1.0, 0.5])  # class 2 predicted half as often as labelled: flooded
    >>> estimated_mislabelled(margin, labels=labels, suggested=suggested, surplus=surplus)  # 4 against 4
    4.0
    """
    return count_parts(margin, tail, labels, suggested, fitted_at, surplus, surplus_below).count


class CountParts(NamedTuple):
    """One reading of the count: ``count`` (:func:`estimated_mislabelled`), ``whole`` the
    count from every example's odds, ``fitted`` the classes counted as fitted
    (:func:`fitted_classes`; ``None`` where no class was read) and ``labels_seen`` the labels of
    the examples the early half saw (``None`` likewise).

    >>> count_parts(np.array([[2.0, -2.0, -2.0, 2.0]]), 0.7, None, None, None, None, None)  # no class read
    CountParts(count=2.0, whole=2.0, fitted=None, labels_seen=None)
    """

    count: float
    whole: float
    fitted: np.ndarray | None
    labels_seen: np.ndarray | None


def count_parts(margin, tail, labels, suggested, fitted_at, surplus, surplus_below) -> CountParts:
    """:func:`estimated_mislabelled` (the same arguments, positional) with the parts
    :mod:`~descend.examples.left_out` reads, from one pass over the early half.

    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, -2.0, -2.0, -2.0, 2.0]])
    >>> labels, suggested = np.array([0, 0, 0, 1, 1, 2, 2, 2]), np.array([1, 1, 1, 0, 0, 0, 1, 1])
    >>> parts = count_parts(margin, 0.7, labels, suggested, 0.5, None, None)
    >>> round(parts.count, 2), round(parts.whole, 2), parts.fitted.tolist()  # 2 against 3 in classes 0-1; 4 against 4
    (3.2, 4.0, [True, True, False, False])
    """
    tail = number("tail", tail, gt=0)
    early = _early_relative_aum(margin)
    seen = np.isfinite(early)
    rejected, confirmed = seen & (early < -tail), seen & (early > tail)
    whole = _count(seen, rejected, confirmed)
    if fitted_at is None or (labels is None and suggested is None):
        return CountParts(whole, whole, None, None)
    fitted_at = number("fitted_at", fitted_at, gt=0, le=1)
    labels, suggested = _checked_classes(labels, suggested, len(early))
    fitted = _fitted(early, labels, suggested, tail, fitted_at, surplus, surplus_below)
    if fitted.sum() < 2:
        return CountParts(whole, whole, fitted, labels[seen])
    count = _count(seen, rejected & fitted[labels] & fitted[suggested], confirmed & fitted[labels])
    return CountParts(count, whole, fitted, labels[seen])


def _count(seen: np.ndarray, rejected: np.ndarray, confirmed: np.ndarray) -> float:
    """``n * odds / (1 + odds)``, the odds of a flip ``#rejected / max(#confirmed, 1)``."""
    odds = int(rejected.sum()) / max(int(confirmed.sum()), 1)
    return float(seen.sum() * odds / (1 + odds))


def _checked_classes(labels: Any, suggested: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    labels = _class_labels("labels", labels, n)
    suggested = _class_labels("suggested", suggested, n)
    if (suggested < -1).any():
        raise InvalidArgument(f"suggested must be class indices >= 0 (or -1: none), got {int(suggested.min())}")
    return labels, suggested


def fitted_classes(
    margin: np.ndarray,
    labels: np.ndarray,
    suggested: np.ndarray,
    *,
    tail: float = NOISE_TAIL,
    fitted_at: float = FITTED_AT,
    surplus: np.ndarray | None = None,
    surplus_below: float | None = SURPLUS_BELOW,
) -> np.ndarray:
    """Per class, whether :func:`estimated_mislabelled` (same arguments) counts it as fitted, with
    one more entry, always False, for the suggestion -1 (none).

    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, -2.0, -2.0, -2.0, 2.0]])
    >>> labels, suggested = np.array([0, 0, 0, 1, 1, 2, 2, 2]), np.array([1, 1, 1, 0, 0, 0, 1, 1])
    >>> fitted_classes(margin, labels, suggested).tolist()
    [True, True, False, False]
    """
    early = _early_relative_aum(margin)
    labels, suggested = _checked_classes(labels, suggested, len(early))
    tail, fitted_at = number("tail", tail, gt=0), number("fitted_at", fitted_at, gt=0, le=1)
    return _fitted(early, labels, suggested, tail, fitted_at, surplus, surplus_below)


def _fitted(
    early: np.ndarray,
    labels: np.ndarray,
    suggested: np.ndarray,
    tail: float,
    fitted_at: float,
    surplus: np.ndarray | None,
    surplus_below: float | None,
) -> np.ndarray:
    """:func:`fitted_classes` from the early half's relative AUMs ``early``."""
    fit = _class_fit(early, labels, tail)
    fitted = np.zeros(max(len(fit), int(suggested.max(initial=-1)) + 1) + 1, dtype=bool)
    fitted[: len(fit)] = fit >= fitted_at  # the last entry, read for -1 (no suggestion), stays False
    if surplus is not None and surplus_below is not None:
        surplus_below = number("surplus_below", surplus_below, gt=0)
        flooded = (np.asarray(surplus, dtype=float)[: len(fit)] < surplus_below) & (fit >= FLOODED_FIT_AT)
        fitted[: len(fit)] |= flooded  # NaN: never
    return fitted


def class_fit(margin: np.ndarray, labels: np.ndarray, *, tail: float = NOISE_TAIL) -> np.ndarray:
    """Per class c (0 to ``max(labels)``), the share of the examples labelled c placed
    decisively by the early half that it confirms: #(y = c, e > tail) / #(y = c, |e| > tail),
    ``e`` the relative AUM over the first ``max(E // 2, 1)`` recorded epochs (``margin`` is
    ``(E, n)``); NaN where none is placed decisively. A class the network has fitted keeps
    about 1 - rho (its flips are rejected); one it has not fitted loses its clean examples too.

    >>> class_fit(np.array([[2.0, 2.0, -2.0, 0.1, -2.0]]), np.array([0, 0, 0, 1, 1])).round(2).tolist()
    [0.67, 0.0]
    """
    tail = number("tail", tail, gt=0)
    early = _early_relative_aum(margin)
    return _class_fit(early, _class_labels("labels", labels, len(early)), tail)


def _class_fit(early: np.ndarray, labels: np.ndarray, tail: float) -> np.ndarray:
    """:func:`class_fit` from the early half's relative AUMs ``early``."""
    if (labels < 0).any():
        raise InvalidArgument(f"labels must be class indices >= 0, got {int(labels.min())}")
    classes = int(labels.max()) + 1 if len(labels) else 0
    confirmed = np.bincount(labels[early > tail], minlength=classes)
    placed = np.bincount(labels[np.abs(early) > tail], minlength=classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(placed > 0, confirmed / np.maximum(placed, 1), np.nan)


def _class_labels(name: str, values: np.ndarray | None, n: int) -> np.ndarray:
    """``values`` as ``n`` integer class indices (-1 allowed: none), or a clear error."""
    if values is None:
        raise InvalidArgument(f"{name} is needed with the other of labels and suggested (one per example)")
    values = np.asarray(values)
    if values.shape != (n,) or (values.size and not np.issubdtype(values.dtype, np.integer)):
        raise InvalidArgument(
            f"{name} must hold one integer class per example ({n}), got shape {values.shape} of {values.dtype}"
        )
    return values.astype(np.int64)
