"""The number of mislabelled examples one run's early epochs imply (step (3) of
:mod:`~descend.examples.label_issues`), read from the classes the run has fitted: the larger of
the counts its early half and its first sixth of epochs imply, the first sixth only where it
fits every class."""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument, number
from .summaries import column_means, relative_margins

__all__ = [
    "estimated_mislabelled",
    "window_mislabelled",
    "fits_every_class",
    "class_fit",
    "NOISE_TAIL",
    "FITTED_AT",
    "FIRST_PART",
]

# Tuned on the tuning half of bench/label_noise.py (see label_issues).
NOISE_TAIL = 0.7
# A class the early half confirms at least this share of (of its decisively placed examples) is fitted.
FITTED_AT = 0.5
# The count also reads the first max(E // FIRST_PART, 1) epochs, before the network fits flips
# (session 14c: fitted on the tuning half and groups s7, s9 and s13).
FIRST_PART = 6


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
    first_part: int | None = FIRST_PART,
) -> float:
    """The number of mislabelled examples the early epochs of a run imply:
    :func:`window_mislabelled` over the first ``max(E // 2, 1)`` recorded epochs (the early half;
    ``margin`` is ``(E, n)``), or over the first ``max(E // first_part, 1)`` where that is larger
    and those first epochs fit every class (:func:`fits_every_class` at ``fitted_at``; with
    ``first_part``, ``fitted_at`` or ``labels`` ``None``: the early half's alone). Over a window, with ``e`` each example's relative AUM there, odds =
    #(e < -tail) / max(#(e > tail), 1) estimates rho / (1 - rho), and the estimate is
    ``m * odds / (1 + odds)`` for the ``m`` examples the window saw (see
    :mod:`~descend.examples.label_issues`: a flipped example's early margin mirrors what its
    true label would earn, so the share of decisive positions cancels). Given the ``labels``
    and the ``suggested`` labels (:func:`~descend.examples.suggested_labels`), the odds are
    read from the fitted classes F (:func:`class_fit` at least ``fitted_at``; ``None``: from
    every example) where there are two or more: #(e < -tail, label in F, suggested in F) /
    max(#(e > tail, label in F), 1). Why two windows: where the network fits flips during the
    early half (at 20% noise), they leave its rejected tail and its odds undercount; the first
    epochs read them before that, but only where they have fitted every class already: before,
    they argue against the clean examples of the classes not yet fitted too.

    >>> margin = np.array([[2.0, 2.0, 2.0, -2.0], [3.0, 3.0, 3.0, 3.0]])  # the last memorised late
    >>> estimated_mislabelled(margin)  # early: 1 decisively wrong against 3 decisively right, odds 1/3
    1.0
    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, -2.0, -2.0, -2.0, 2.0]])
    >>> labels, suggested = np.array([0, 0, 0, 1, 1, 2, 2, 2]), np.array([1, 1, 1, 0, 0, 0, 1, 1])
    >>> class_fit(margin, labels).round(2).tolist()  # class 2 is not fitted: 1 of 3 confirmed
    [0.67, 0.5, 0.33]
    >>> estimated_mislabelled(margin, labels=labels, suggested=suggested)  # 2 rejected (0<->1) against 3
    3.2
    """
    first_part = number("first_part", first_part, integer=True, ge=1, none=True)
    epochs = len(np.asarray(margin))
    half = window_mislabelled(
        margin, max(epochs // 2, 1), tail=tail, labels=labels, suggested=suggested, fitted_at=fitted_at
    )
    if first_part is None or fitted_at is None or labels is None:
        return half
    first = max(epochs // first_part, 1)
    if not fits_every_class(margin, labels, first, tail=tail, fitted_at=fitted_at):
        return half
    return max(
        half, window_mislabelled(margin, first, tail=tail, labels=labels, suggested=suggested, fitted_at=fitted_at)
    )


def fits_every_class(
    margin: np.ndarray, labels: np.ndarray, epochs: int, *, tail: float = NOISE_TAIL, fitted_at: float = FITTED_AT
) -> bool:
    """Whether the first ``epochs`` recorded epochs fit every class 0 to ``max(labels)``: its
    :func:`class_fit` over them (the share of the examples labelled c that they place
    decisively and confirm) at least ``fitted_at``, a class none of whose examples they place
    decisively counting as not fitted. Where they do not, clean examples of the unfitted
    classes are argued against as flips are, and their tails' count is too high.

    >>> margin = np.array([[2.0, 2.0, -2.0, 2.0, 2.0, -2.0], [2.0, 2.0, 2.0, 2.0, 2.0, 2.0]])
    >>> labels = np.array([0, 0, 0, 1, 1, 1])
    >>> fits_every_class(margin, labels, 1), fits_every_class(margin, labels, 1, fitted_at=0.7)
    (True, False)
    """
    tail = number("tail", tail, gt=0)
    fitted_at = number("fitted_at", fitted_at, gt=0, le=1)
    epochs = number("epochs", epochs, integer=True, ge=1)
    early = column_means(relative_margins(np.asarray(margin))[:epochs])
    fit = _class_fit(early, _class_labels("labels", labels, len(early)), tail)
    return bool(len(fit) and np.all(np.nan_to_num(fit, nan=0.0) >= fitted_at))


def window_mislabelled(
    margin: np.ndarray,
    epochs: int,
    *,
    tail: float = NOISE_TAIL,
    labels: np.ndarray | None = None,
    suggested: np.ndarray | None = None,
    fitted_at: float | None = FITTED_AT,
) -> float:
    """The number of mislabelled examples the first ``epochs`` recorded epochs imply (``margin``
    is ``(E, n)``): with ``e`` each example's relative AUM over them, ``m * odds / (1 + odds)``,
    odds = #(e < -tail) / max(#(e > tail), 1) over the ``m`` examples they saw, read from the
    fitted classes where ``labels`` and ``suggested`` are given (as :func:`estimated_mislabelled`).

    >>> margin = np.array([[2.0, 2.0, -2.0, -2.0], [2.0, 2.0, 2.0, -2.0]])  # example 2 fitted in epoch 1
    >>> window_mislabelled(margin, 1)  # 2 decisively wrong against 2 right: odds 1
    2.0
    >>> window_mislabelled(margin, 2)  # the mean of both epochs leaves example 2 undecided: odds 1/2
    1.3333333333333333
    """
    tail = number("tail", tail, gt=0)
    epochs = number("epochs", epochs, integer=True, ge=1)
    relative = relative_margins(np.asarray(margin))
    early = column_means(relative[:epochs])
    seen = np.isfinite(early)
    rejected, confirmed = seen & (early < -tail), seen & (early > tail)
    if fitted_at is not None and (labels is not None or suggested is not None):
        fitted_at = number("fitted_at", fitted_at, gt=0, le=1)
        labels = _class_labels("labels", labels, len(early))
        suggested = _class_labels("suggested", suggested, len(early))
        if (suggested < -1).any():
            raise InvalidArgument(f"suggested must be class indices >= 0 (or -1: none), got {int(suggested.min())}")
        fit = _class_fit(early, labels, tail)
        fitted = np.zeros(max(len(fit), int(suggested.max(initial=-1)) + 1) + 1, dtype=bool)
        fitted[: len(fit)] = fit >= fitted_at  # the last entry, read for -1 (no suggestion), stays False
        if fitted.sum() >= 2:
            rejected &= fitted[labels] & fitted[suggested]
            confirmed &= fitted[labels]
    odds = int(rejected.sum()) / max(int(confirmed.sum()), 1)
    return float(seen.sum() * odds / (1 + odds))


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
