"""Where the window a run's list is read from is so short that its early half is one epoch, the
epochs between the first and the onset must argue against a listed example too (last in
:mod:`~descend.examples.label_issues`).

Why. Step (0) reads the epochs up to the run's memorisation onset. A run on clean labels that
fits them quickly (digits, wine, a 60-D mixture: 98-99% of the given labels fitted by the second
or third epoch) meets the level while fitting examples its first epoch rejected, and the window
ends there: 2 or 3 epochs, an early half of ``E // 2`` = 1 epoch. That one epoch, the network
near its initialisation, rejects every example it has not learned yet, and steps (2c) and (2d)
let the early half (or the first epochs) alone flag: 13 of wine's 142 clean examples, 30 of
digits' 1437, 115 of a boolean rule's 800, most of them predicted as labelled by the window's last
epoch. One epoch cannot argue "through several epochs" (:mod:`~descend.examples.half_clipped`).
A flip is rejected until the run memorises it, and the window ends at the onset, the epoch where
the run fits the labels it had rejected (step (0)'s definition): the epochs after the first and
before the onset still argue against a flip. So where the early half is a single epoch, a listed
example stays only where its clipped relative margins over those epochs average below
``threshold`` (0: they argue against it at all, step (1)'s bar; no new constant). Where there are
none (a window of two epochs ending at its onset), the onset epoch is read instead.

Why not the late half. The late half of a 3-epoch window holds the onset epoch, where a run that
memorises early has already fitted its flips (224 token counts at 5% class noise: three of its 11
flips fitted in epoch 2, so a late-half bar dropped them, F1 1.0 -> 0.84); read before the onset,
epoch 1 still rejects them (-0.4 to -0.1).

Measured on bench ``label_noise``'s no-flips setting (session 25, labelclean, round 3, seed 0).
Fitted on groups tuning ... fresh-40 (168 tasks): clean tasks where it flags more than cleanlab
77 -> 71, its clean flags 8207 -> 7909 (wine 13 -> 6, digits 30 -> 19), none of the 1008 noisy
settings changed. Read once on fresh-41 ... fresh-81 (198 tasks): 102 -> 98, 10271 -> 10087 (12
lists shorter, none longer), none of the 1188 noisy settings changed (``bench/LABEL_CLEAN_S25.md``). ``find_label_issues(one_epoch_half=False)`` restores the
rule before it.
"""

from __future__ import annotations

import numpy as np

from .._checks import number
from .half_clipped import clipped_relative
from .summaries import column_means

__all__ = ["single_epoch_half", "before_onset_means", "still_rejected"]


def single_epoch_half(epochs: int) -> bool:
    """Whether a window of ``epochs`` read epochs has an early half (its first ``epochs // 2``)
    of at most one epoch: fewer than 4 epochs.

    >>> [single_epoch_half(e) for e in (2, 3, 4, 20)]
    [True, True, False, False]
    """
    epochs = number("epochs", epochs, integer=True, ge=1)
    return epochs // 2 < 2


def before_onset_means(margin: np.ndarray, onset: int | None) -> np.ndarray:
    """Per example, the mean of its clipped relative margins
    (:func:`~descend.examples.half_clipped.clipped_relative`; ``margin`` is ``(E, n)``) over the
    epochs after the first and before ``onset`` (through the last where ``onset`` is ``None``);
    where there are none, over the epochs after the first. NaN where no such epoch saw it.

    >>> margin = np.array([[1.0, 1.0, -1.0, -1.0], [1.0, 1.0, -1.0, 0.5], [1.0, 1.0, 1.0, 1.0]])
    >>> before_onset_means(margin, 2).tolist()  # epoch 1 only
    [1.0, 1.0, -1.0, 0.5]
    >>> before_onset_means(margin, None).round(2).tolist()  # epochs 1-2
    [1.0, 1.0, 0.0, 0.75]
    """
    relative = clipped_relative(margin)
    stop = len(relative) if onset is None else number("onset", onset, integer=True, ge=0)
    span = relative[1:stop] if stop > 1 else relative[1:]
    return column_means(span)


def still_rejected(order: np.ndarray, means: np.ndarray, *, threshold: float) -> np.ndarray:
    """``order`` (positions of listed examples) without those whose ``means``
    (:func:`before_onset_means`) are at least ``threshold``; NaN (no such epoch saw it) stays.

    >>> still_rejected(np.array([3, 2, 0]), np.array([-0.9, 0.0, 0.3, -0.1]), threshold=0.0).tolist()
    [3, 0]
    """
    order = np.asarray(order)
    return order[~(np.asarray(means)[order] >= threshold)]
