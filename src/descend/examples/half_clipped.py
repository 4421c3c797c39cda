"""How decisively one phase of a run argued against each example's label (step (2) of
:mod:`~descend.examples.label_issues`): the mean of its relative margins over the early and
over the late half of the epochs read, each epoch's clipped to +-:data:`MARGIN_CLIP`.

Why the clip. The relative margin of an epoch is the margin divided by that epoch's median
absolute margin over all examples. In the first epoch the network is close to its
initialisation, the margins of all examples are small and their median smaller still, so a
clean example the network has not learned yet can get a relative margin of -1 to -4 there,
and a plain mean over the early half stays below -0.3 on that one epoch alone, while every
later epoch argues against it only weakly (a clean example learned late, at the boundary
between two classes). Clipped at 1, the median margin's size, no epoch counts for more than a
typical example's margin: a half is decisive through several epochs (a flip is argued
against in most epochs before the network memorises it), not through one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import InvalidArgument, number
from .summaries import column_means, relative_margins

__all__ = [
    "clipped_relative",
    "decisive_bar",
    "half_clipped_aum",
    "half_clipped_means",
    "half_relative_aum",
    "MARGIN_CLIP",
]

# One epoch's relative margin counts for at most the median absolute margin of that epoch.
MARGIN_CLIP = 1.0


def half_clipped_aum(margin: np.ndarray, *, clip: float = MARGIN_CLIP) -> np.ndarray:
    """Per example, the lower of the means of its relative margins
    (:func:`~descend.examples.relative_margins`), each clipped to ``[-clip, clip]``, over the
    first ``E // 2`` recorded epochs and over the rest (``margin`` is ``(E, n)``, NaN where
    unseen; a half that never saw an example is skipped, NaN where neither did).

    Example 1 is argued against once, in the first epoch (-9), and weakly confirmed after: the
    plain mean of its early half is -2.87, the clipped one -0.2; example 2 is argued against
    throughout the early half and memorised in the late one.

    >>> margin = np.array([[1.0, -9.0, -1.0], [1.0, 0.2, -1.0], [1.0, 0.2, -1.0],
    ...                    [1.0, 0.2, 1.0], [1.0, 0.2, 1.0], [1.0, 0.2, 1.0]])
    >>> half_clipped_aum(margin).round(2).tolist()
    [1.0, -0.2, -1.0]
    """
    return np.fmin(*half_clipped_means(margin, clip=clip))


def clipped_relative(margin: np.ndarray, *, clip: float = MARGIN_CLIP) -> np.ndarray:
    """Each epoch's relative margins (:func:`~descend.examples.relative_margins`) clipped to
    ``[-clip, clip]`` (``margin`` is ``(E, n)``): what every windowed mean of the label-issue
    steps averages (the halves here, the first epochs of (2d), the last epochs of (2b)).

    >>> clipped_relative(np.array([[2.0, 2.0, -8.0], [1.0, 1.0, 0.5]])).tolist()  # -8 / 2 = -4, clipped
    [[1.0, 1.0, -1.0], [1.0, 1.0, 0.5]]
    """
    clip = number("clip", clip, gt=0)
    return np.clip(relative_margins(np.asarray(margin, dtype=float)), -clip, clip)


def half_clipped_means(margin: np.ndarray, *, clip: float = MARGIN_CLIP) -> tuple[np.ndarray, np.ndarray]:
    """Per example, the means of its relative margins clipped to ``[-clip, clip]`` over the
    first ``E // 2`` recorded epochs and over the rest (``margin`` is ``(E, n)``): the early
    and the late half, each NaN where that half never saw the example.
    :func:`half_clipped_aum` is the lower of the two.

    >>> margin = np.array([[1.0, 1.0, -3.0], [1.0, 1.0, -1.0], [1.0, 1.0, 0.5], [1.0, 1.0, 0.5]])
    >>> early, late = half_clipped_means(margin)  # the third: -3 clipped to -1, fitted late
    >>> early.tolist(), late.tolist()
    ([1.0, 1.0, -1.0], [1.0, 1.0, 0.5])
    """
    relative = clipped_relative(margin, clip=clip)
    half = len(relative) // 2
    return column_means(relative[:half]), column_means(relative[half:])


def half_relative_aum(margin: np.ndarray) -> np.ndarray:
    """Per example, the lower of its relative AUMs over the first ``E // 2`` recorded epochs
    and over the rest (``margin`` is ``(E, n)``; a half that never saw it is skipped, NaN
    where neither did). Step (2) of :func:`~descend.examples.find_label_issues` clips each epoch's relative
    margin to +-1 first (:func:`half_clipped_aum`): unclipped, one extreme epoch can decide.

    >>> half_relative_aum(np.array([[1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [1.0, 1.0]])).tolist()
    [1.0, -1.0]
    """
    relative = relative_margins(margin)
    half = len(relative) // 2
    early, late = column_means(relative[:half]), column_means(relative[half:])
    return np.fmin(early, late)


def decisive_bar(threshold: Any, decisiveness: Any) -> tuple[Any, Any]:
    """``threshold`` and ``decisiveness`` of :func:`~descend.examples.find_label_issues`,
    checked: a half argues decisively where its mean of margins clipped to
    +-:data:`MARGIN_CLIP` is below ``threshold - decisiveness``, so a bar at ``-MARGIN_CLIP``
    or below flags nothing: ``threshold > -1`` and ``0 <= decisiveness < threshold + 1``.

    >>> decisive_bar(0, 0.3)
    (0, 0.3)
    >>> decisive_bar(0, 2)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: decisiveness must be a number >= 0 and < threshold + 1 = 1, got 2: a half's clipped mean lies in [-1, 1] and must be below threshold - decisiveness to flag an example, so nothing could be flagged
    """
    why = (
        f"a half's clipped mean lies in [-{MARGIN_CLIP:g}, {MARGIN_CLIP:g}] and must be below "
        "threshold - decisiveness to flag an example, so nothing could be flagged"
    )
    threshold = number("threshold", threshold)
    if threshold <= -MARGIN_CLIP:
        raise InvalidArgument(f"threshold must be a number > -{MARGIN_CLIP:g}, got {threshold!r}: {why}")
    decisiveness = number("decisiveness", decisiveness, ge=0)
    if decisiveness >= threshold + MARGIN_CLIP:
        raise InvalidArgument(
            f"decisiveness must be a number >= 0 and < threshold + {MARGIN_CLIP:g} = "
            f"{threshold + MARGIN_CLIP:g}, got {decisiveness!r}: {why}"
        )
    return threshold, decisiveness
