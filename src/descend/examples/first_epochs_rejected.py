"""Where a run memorises its labels early and the count does not cap the list, the examples the
first epochs rejected decisively join it (step (2d) of :mod:`~descend.examples.label_issues`).

In a run that fits 98% of its given labels early (a window of ``W <= 0.8 E`` epochs before the
onset, :mod:`~descend.examples.early_memorised`), the network fits flips as it goes: a flip it
fits by the fourth or fifth epoch of a ten-epoch window is argued against decisively only in the
first few, and the halves' clipped means of step (2) average those epochs with the ones that
fit it, so it stays above ``threshold - decisiveness`` in both halves. The list then stops short
(lists of 12-36 for 15-63 flips in a long tail of digits, four classes on subspaces, token counts,
a ReLU network on digits) at a precision near 1. Before memorisation begins, the first epochs
argue against a flip as they argue against any example given the wrong class's label. So where
the run memorises early and no count caps the list, an example is also flagged if its relative
AUM is below ``threshold`` (1) and the mean of its relative margins over the first
``FIRST_EPOCHS`` = 3 epochs, each clipped to +-1 as in (2), is below ``threshold -
decisiveness``; these join the end of the list, lowest mean first.

Fitted on the 31 groups of bench ``label_noise`` up to fresh-29 (session 18), seeds 0-1, 1488
settings: settings at least cleanlab's 1292 -> 1298 (fresh-21 +4, fresh-20 +1, fresh-24 +1),
mean F1 0.7029 -> 0.7031, 128 lists changed (77 up), no group losing one. Two epochs flag clean
examples the network has not yet placed (1292 -> 1239); four or a lower cut-off (-0.4, -0.5)
gain less; without (1) the lists of a shifted-digits set lose 4.
"""

from __future__ import annotations

import numpy as np

from .._checks import number
from .half_clipped import MARGIN_CLIP, clipped_relative
from .summaries import column_means

__all__ = ["first_epochs_means", "rejected_first", "FIRST_EPOCHS"]

# Fitted on bench label_noise's 31 groups to fresh-29 (1488 settings, session 18): 1292 -> 1298
# settings at least cleanlab's, no group lower; 2 epochs lose 53, 4 gain 3-5.
FIRST_EPOCHS = 3


def first_epochs_means(margin: np.ndarray, epochs: int = FIRST_EPOCHS, *, clip: float = MARGIN_CLIP) -> np.ndarray:
    """Per example, the mean of its relative margins (:func:`~descend.examples.relative_margins`)
    over the first ``epochs`` recorded epochs (all of them where fewer), each clipped to
    ``[-clip, clip]`` (``margin`` is ``(E, n)``; NaN where those epochs never saw it).

    >>> margin = np.array([[1.0, -1.0, -3.0], [1.0, -1.0, 1.0], [1.0, -1.0, 1.0], [1.0, 1.0, 1.0]])
    >>> first_epochs_means(margin).round(2).tolist()  # the third: -3 clipped to -1
    [1.0, -1.0, 0.33]
    """
    epochs = number("rejected_first_epochs", epochs, integer=True, ge=1)
    return column_means(clipped_relative(margin, clip=clip)[:epochs])


def rejected_first(
    margin: np.ndarray,
    order: np.ndarray,
    argued_against: np.ndarray,
    *,
    below: float,
    epochs: int | None = FIRST_EPOCHS,
) -> np.ndarray:
    """The list ``order`` (training-set indices, most suspect first) followed by the examples not
    in it that are ``argued_against`` (a boolean mask: relative AUM below the threshold) and
    whose :func:`first_epochs_means` over ``epochs`` epochs is below ``below``, lowest mean first
    (ties by index); ``order`` unchanged with ``epochs=None``.

    >>> margin = np.array([[1.0, -1.0, -1.0, -1.0], [1.0, -1.0, -1.0, 1.0], [1.0, -1.0, -1.0, 1.0],
    ...                    [1.0, -1.0, 1.0, 1.0], [1.0, -1.0, 1.0, 1.0]])
    >>> argued = np.array([False, True, True, False])
    >>> rejected_first(margin, np.array([1]), argued, below=-0.3).tolist()  # 3 is not argued against
    [1, 2]
    >>> rejected_first(margin, np.array([1]), argued, below=-0.3, epochs=None).tolist()
    [1]
    """
    epochs = number("rejected_first_epochs", epochs, integer=True, ge=1, none=True)
    order = np.asarray(order, dtype=int)
    if epochs is None:
        return order
    means = first_epochs_means(margin, epochs)
    candidate = np.asarray(argued_against, dtype=bool) & (means < below)
    candidate[order] = False
    added = np.flatnonzero(candidate)
    added = added[np.argsort(means[added], kind="stable")]
    return np.concatenate([order, added])
