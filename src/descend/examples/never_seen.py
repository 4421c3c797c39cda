"""The examples a run never trained on and whose labels it therefore never read: a loader whose
sampler draws a subset (``SubsetRandomSampler``) or samples with replacement leaves some of the
training set out of every batch, and the record keeps their label as -1 (unknown). The label
rules count labels per class, so :func:`~descend.examples.find_label_issues` reads the others.
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord

__all__ = ["labelled_examples"]


def labelled_examples(record: ExampleRecord) -> tuple[ExampleRecord, np.ndarray | None]:
    """``record`` restricted to its examples with a known label, and their positions in it
    (``None`` where every label is known, or for a regression record: ``record`` itself).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, -1, 1], epochs=[0],
    ...     loss=[[0.5, np.nan, 0.7]], p_label=[[0.6, np.nan, 0.5]], margin=[[0.4, np.nan, 0.1]],
    ...     predicted=[[0, -1, 1]])
    >>> kept, positions = labelled_examples(r)
    >>> kept.n, positions.tolist(), kept.labels.tolist()
    (2, [0, 2], [0, 1])
    """
    if record.task != "classification" or record.labels.min(initial=0) >= 0:
        return record, None
    positions = np.flatnonzero(record.labels >= 0)
    kept = ExampleRecord.from_arrays(
        task=record.task,
        epochs=record.epochs,
        loss=record.loss[:, positions],
        labels=record.labels[positions],
        p_label=record.p_label[:, positions],
        margin=record.margin[:, positions],
        predicted=record.predicted[:, positions],
        classes=record.classes,
        updates_per_epoch=record.updates_per_epoch,
        class_names=record.class_names,
    )
    return kept, positions
