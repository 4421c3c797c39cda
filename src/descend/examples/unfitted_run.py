"""Where a run has not fitted its training set, the late half must argue against a flagged example
too (step (2b) of :mod:`~descend.examples.label_issues`, widened).

Step (2b) asks the late half to argue against an example (its clipped mean below ``threshold -
decisiveness / 2``) where the run has not memorised what its early half rejected
(:mod:`~descend.examples.unmemorised`). A run that has not fitted its own training set after its
epochs (the last epoch read predicts the given label for less than ``UNFITTED_BELOW`` = 0.8 of
the examples, where 5-20% flips leave 0.8-0.95 to a fitted run) and is still fitting it (its
training accuracy rose by at least ``UNFITTED_RISING`` = 0.03 over the last quarter of the epochs,
:func:`~descend.examples.training_accuracy_rise`) is in the same state whatever that share: it is still drawing its boundaries (a checkerboard, spiral arms, ordered bins of a
non-linear score, a hexagonal colouring after 20 epochs), and the examples its early half rejected
but its late half no longer argues against are mostly clean ones in regions it is still learning,
while flips into a region it has fitted stay rejected. There (2b)'s late-half test applies too.

Without the rise, classes that truly overlap (a three-class diabetes target at 20% noise, 0.7
of the labels fitted after 20 epochs, level) lose their flips in the overlap. Fitted on the 33
groups of bench ``label_noise`` up to fresh-31 (session 18), seeds 0-1, 1584 settings: settings at
least cleanlab's 1387 -> 1401 (fresh-26 +4, fresh-18 +4, fresh-4 +3, fresh-3 +2, fresh-25 +1),
mean F1 0.7027 -> 0.7036, 45 lists changed (32 up: checkerboards, sinusoid and hexagonal
colourings, spiral arms, bins of an L1 norm, lists shortened by a quarter to a half), no group
losing one; 0.75 gains 8, without the rise (or from a rise of 0.01) a diabetes target loses 2; a
rise of 0.02 gains 16 and a diabetes quartile target loses one. It did not act on fresh-32 (reverted
by the rule, then re-frozen unchanged) and on fresh-33 it lengthened nothing and raised two lists
(periodic cosine terciles), 42 -> 43 settings. At 5% noise the shortened lists are still two to
four times the flips: the count of step (3) stays high there. See ``bench/HISTORY.md``.

In such a run the listed examples (after the count's cap) must also be argued against over the
last ``UNFITTED_LAST`` = 3 epochs read (their clipped relative margins averaging below ``threshold
- decisiveness / 2``, :func:`last_epochs_means`): the run is still drawing its boundaries, and a
clean example it fits in its last epochs is one it has just learned, while a flip into a region it
has fitted stays rejected there. Fitted on the 35 groups up to fresh-33 (session 18, seeds 0-1,
1680 settings): settings at least cleanlab's 1491 -> 1495 (hexagonal colourings +4, spiral arms,
a checkerboard, age bands +1 each; a synthetic set at 20% noise, a sex target and a BMI band at 5%
-1 each), mean F1 0.7022 -> 0.7024, 73 lists changed (49 up: the lists of the checkerboard,
sinusoid, hexagonal and L1-bin runs shortened by a tenth to a quarter); 2, 4 or 5 epochs gain
1-4 and a cut-off of -0.3 gains 1, with as many or more groups losing one; -0.5 or lower loses 3-8. On fresh-34 (its one
look) it raised the five lists it changed (ellipses), 37 -> 37 settings, mean F1 0.6842 -> 0.6865.
``find_label_issues(unfitted_last_epochs=None)`` restores the rule before it.
"""

from __future__ import annotations

import numpy as np

from .._checks import number
from ..training import ExampleRecord
from .half_clipped import MARGIN_CLIP, clipped_relative
from .summaries import column_means

__all__ = [
    "last_accuracy",
    "last_epochs_means",
    "still_unfitted",
    "training_accuracy_rise",
    "UNFITTED_BELOW",
    "UNFITTED_LAST",
    "UNFITTED_RISING",
]

# Session 18, round 8: a run whose last epoch read predicts the given label for less than this share
# of the training set has not fitted it.
UNFITTED_BELOW = 0.8
# ... while its training accuracy still rose by at least this much over the last quarter of the epochs
# (half of label_issues.STILL_RISING, where the list prints its note).
UNFITTED_RISING = 0.03
# Session 18 (label3), round 11: in such a run the last this-many epochs must argue against a listed
# example too (their clipped mean below threshold - decisiveness / 2).
UNFITTED_LAST = 3


def last_accuracy(record: ExampleRecord) -> float:
    """The share of the training examples the last recorded epoch of ``record`` predicted as
    labelled (from training's own forward passes; NaN where it saw none).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1, 0], epochs=[0, 1],
    ...     loss=np.ones((2, 4)), p_label=np.full((2, 4), 0.5), margin=np.zeros((2, 4)),
    ...     predicted=[[1, 1, 0, 0], [0, 1, 0, 0]])
    >>> last_accuracy(r)  # epoch 1 gets 0, 1 and 3 right
    0.75
    """
    if not len(record.epochs):
        return float("nan")
    last = record.correct[-1]
    last = last[np.isfinite(last)]
    return float(last.mean()) if len(last) else float("nan")


def last_epochs_means(margin: np.ndarray, epochs: int = UNFITTED_LAST, *, clip: float = MARGIN_CLIP) -> np.ndarray:
    """Per example, the mean of its relative margins (:func:`~descend.examples.relative_margins`)
    over the last ``epochs`` recorded epochs (all of them where fewer), each clipped to
    ``[-clip, clip]`` (``margin`` is ``(E, n)``; NaN where those epochs never saw it).

    >>> margin = np.array([[-1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [-1.0, 1.0, -3.0], [-1.0, 1.0, 1.0]])
    >>> last_epochs_means(margin).round(2).tolist()  # the third: -3 clipped to -1
    [-1.0, 1.0, 0.33]
    """
    epochs = number("unfitted_last_epochs", epochs, integer=True, ge=1)
    return column_means(clipped_relative(margin, clip=clip)[-epochs:])


def still_unfitted(fits: float, rise: float | None, *, below: float | None = UNFITTED_BELOW) -> bool:
    """Whether a run has not fitted its training set and is still fitting it: the last epoch
    fits less than ``below`` of the labels (``fits``, :func:`last_accuracy`; NaN never binds)
    and the training accuracy rose by at least ``UNFITTED_RISING`` over the last quarter of
    the epochs (``rise``, :func:`~descend.examples.training_accuracy_rise`; ``None``: not
    measured). ``below=None``: never.

    >>> still_unfitted(0.7, 0.05), still_unfitted(0.7, 0.01), still_unfitted(0.9, 0.05), still_unfitted(0.7, None)
    (True, False, False, False)
    """
    return below is not None and rise is not None and rise >= UNFITTED_RISING and fits < below


def training_accuracy_rise(record: ExampleRecord) -> float | None:
    """How much the training accuracy on the given labels (from the predictions of the
    forward passes training made) rose over the last quarter of the ``E`` recorded epochs:
    acc(epoch E) - acc(epoch E - E // 4); ``None`` under 4 epochs. At least
    :data:`STILL_RISING`: the run is still fitting its training set.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1, 2, 3],
    ...     loss=np.ones((4, 2)), p_label=np.full((4, 2), 0.5), margin=np.zeros((4, 2)),
    ...     predicted=[[1, 0], [1, 0], [1, 0], [0, 1]])
    >>> training_accuracy_rise(r)  # 0 of 2 right in epoch 2, 2 of 2 in epoch 3
    1.0
    """
    epochs = len(record.epochs)
    if epochs < 4:
        return None
    accuracy = [float(np.nanmean(row)) if np.isfinite(row).any() else np.nan for row in record.correct]
    rise = accuracy[-1] - accuracy[-1 - epochs // 4]
    return None if not np.isfinite(rise) else float(rise)
