"""The label a flagged example probably should have (:func:`suggested_labels`), for
:func:`~descend.examples.find_label_issues` and the count of its step (3)."""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord

__all__ = ["suggested_labels"]


def suggested_labels(record: ExampleRecord) -> np.ndarray:
    """Per example, the class predicted most often other than its given label over the later
    half of the recorded epochs, else over all of them; -1 where the model never predicted
    another class (ties: the smaller class).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 2)), p_label=np.ones((3, 2)) / 2, margin=np.zeros((3, 2)),
    ...     predicted=[[2, 1], [0, 1], [2, 1]])
    >>> suggested_labels(r).tolist()
    [2, -1]
    """
    later = _other_counts(record, record.predicted[len(record.epochs) // 2 :])
    everywhere = _other_counts(record, record.predicted)
    counts = np.where(later.sum(axis=1, keepdims=True) > 0, later, everywhere)
    return np.where(counts.sum(axis=1) > 0, counts.argmax(axis=1), -1)


def _other_counts(record: ExampleRecord, predicted: np.ndarray) -> np.ndarray:
    """``(n, classes)``: how often each class other than the given label was predicted."""
    counts = np.zeros((record.n, max(record.classes, 1)), dtype=np.int64)
    examples = np.broadcast_to(np.arange(record.n), predicted.shape)
    other = (predicted >= 0) & (predicted != record.labels[None, :])
    np.add.at(counts, (examples[other], predicted[other]), 1)
    return counts
