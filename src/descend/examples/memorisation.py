"""Where a run starts memorising its given labels (step (0) of
:mod:`~descend.examples.label_issues`): the epochs after it fit the flips too."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import InvalidArgument, number
from ..training import ExampleRecord
from .mislabelled_count import NOISE_TAIL
from .summaries import column_means, record_of, relative_margins

__all__ = ["memorisation_onset", "first_epochs", "MEMORISED_AT"]

# The training accuracy on the given labels from which the run has memorised them (see label_issues).
MEMORISED_AT = 0.98


def memorisation_onset(run: Any, *, accuracy: float = MEMORISED_AT, tail: float = NOISE_TAIL) -> int | None:
    """The position of the first recorded epoch of ``run`` (as for :func:`descend.examples`)
    that shows the run memorising its given labels: its training accuracy on them (the share of
    the examples it saw that its forward passes predicted as labelled) is at least ``accuracy``,
    and it fits an example that the epochs before it argued against decisively (relative AUM
    over them below ``-tail``); ``None`` if no epoch does. A run that reaches the level on
    clean labels fits only examples it had been learning, and is not memorising.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 3)), p_label=np.full((3, 3), 0.5),
    ...     margin=[[1.0, 1.0, -2.0], [1.0, 1.0, -1.0], [1.0, 1.0, 0.5]],
    ...     predicted=[[0, 1, 0], [0, 1, 0], [0, 1, 1]])
    >>> memorisation_onset(r)  # epoch 2 fits all 3, example 2 among them (relative AUM -1.5 before)
    2
    """
    accuracy = number("accuracy", accuracy, gt=0, le=1)
    tail = number("tail", tail, gt=0)
    record = record_of(run)
    if record.task != "classification":
        raise InvalidArgument("memorisation_onset needs a classification record (given labels), got a regression one")
    relative, correct = relative_margins(record.margin), record.correct
    for position in range(1, len(correct)):
        row = correct[position]
        if not np.isfinite(row).any() or np.nanmean(row) < accuracy:
            continue
        before = column_means(relative[:position])
        if np.any((before < -tail) & (row == 1)):
            return position
    return None


def first_epochs(record: ExampleRecord, epochs: int) -> ExampleRecord:
    """``record`` cut to its first ``epochs`` recorded epochs.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 2)), p_label=np.full((3, 2), 0.5), margin=np.ones((3, 2)),
    ...     predicted=[[0, 1], [0, 1], [0, 1]])
    >>> first_epochs(r, 2).epochs.tolist(), first_epochs(r, 2).margin.shape
    ([0, 1], (2, 2))
    """
    return ExampleRecord(
        task=record.task,
        classes=record.classes,
        labels=record.labels,
        epochs=record.epochs[:epochs],
        loss=record.loss[:epochs],
        p_label=record.p_label[:epochs],
        margin=record.margin[:epochs],
        predicted=record.predicted[:epochs],
    )
