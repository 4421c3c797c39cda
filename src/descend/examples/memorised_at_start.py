"""A run that had memorised its given labels by the first epoch
:func:`~descend.examples.find_label_issues` reads: its record holds no evidence against any label,
and the list says so in a note (:class:`~descend.examples.LabelIssues`).

Why. The rule reads the epochs before the run memorises its given labels (step (0) of
:mod:`~descend.examples.label_issues`): there the clean examples of a class pull a mislabelled one
away from its label, and its margin goes below the others'. A run whose first epoch read (past the
initial weights' epochs, :mod:`~descend.examples.initial_regime`) already predicts at least
``memorised_at`` of its given labels as labelled has no such epoch: it fitted the flips with the
clean labels at once, and every later epoch only adds a positive margin to each of them. L-BFGS
does that on a small set: on 600 digits with 30 labels flipped, a one-hidden-layer
``GDClassifier(optimizer="lbfgs")`` scored 0.013 of the given labels at its initial weights, then
0.998, then 1.0, and the list was empty ("0 of 600 flagged") with no word of why; Adam on the same
data flags 15 to 30. No new constant: the level is the rule's own for a run that has memorised its
labels (:data:`~descend.examples.MEMORISED_AT` = 0.98, or the ``memorised_at`` given), and the
list is not changed, only explained.
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord
from .memorisation import MEMORISED_AT

__all__ = ["memorised_at_start"]


def memorised_at_start(record: ExampleRecord, level: float | None = MEMORISED_AT) -> tuple[int, float] | None:
    """``(epoch, accuracy)`` of ``record``'s first epoch (``epoch`` counted from 1, as the run
    counts it) where its training accuracy on the given labels (the share of the examples it saw
    that it predicted as labelled) is at least ``level`` (``None``: :data:`MEMORISED_AT`);
    ``None`` where that epoch's is below, or the record has no epoch.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[3, 4],
    ...     loss=np.ones((2, 3)), p_label=np.full((2, 3), 0.5), margin=np.ones((2, 3)),
    ...     predicted=[[0, 1, 1], [0, 1, 1]])
    >>> memorised_at_start(r)  # every label fitted in the record's first epoch, the run's 4th
    (4, 1.0)
    """
    level = MEMORISED_AT if level is None else level
    if not len(record.epochs):
        return None
    first = record.correct[0]
    if not np.isfinite(first).any():
        return None
    accuracy = float(np.nanmean(first))
    return (int(record.epochs[0]) + 1, accuracy) if accuracy >= level else None
