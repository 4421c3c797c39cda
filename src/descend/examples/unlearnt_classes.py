"""The classes a run has not learnt, which ``find_label_issues`` names in its note (words only:
the list is unchanged).

Why. A run stopped before it has learnt a class (iris after 6 epochs of Adam at 1e-3: training
accuracy 0.61, class 2 predicted for no example; iris's softmax after one epoch) argues against
every label of that class, and ``find_label_issues`` listed 45 and 50 of its 120 examples with no
word of caution: the run's training accuracy was above a constant prediction's (no "learnt
nothing" note) and, under 4 epochs or barely moving, not "still rising".

The test, with no constant of its own. Where fewer than half of each class's examples carry a wrong
label (the premise of any label-noise method: a label wrong on most of its class would name
another class; bench ``label_noise`` flips at most 20%), a run that has learnt class ``c``, and
predicts it for the examples of that class, finds more than half of them labelled ``c``. So a
class that the last epoch predicts for examples of which no more than half carry its label, or
for none while some carry it, is one the run has not learnt: there it disagrees with the labels
for want of training, not for a fault of theirs.

Measured (session 37) on 27 tasks of bench ``label_noise`` (tuning, held-out, fresh-3, fresh-4,
fresh-7 and a few of fresh-5, fresh-8, fresh-10, fresh-11, fresh-14), seed 0, the section's
trained runs (Adam 0.01, batch 32, 20 epochs) on the clean labels and 20% uniform and
class-conditional flips: it fires on 4 of 81, bands (all three settings, training accuracy
0.38-0.44, 402-440 of 800 listed) and mosaic at 20% uniform flips (class 1), both of fresh-7, the
group written to hold classes the MLP does not fit in 20 epochs; on the full-batch setting
(``lr="auto"``, 10 epochs; 14 tasks, clean and 10% uniform) on 6 of 28: bands and mosaic twice
each, and the rare class of ``rare``, where the run predicts the commonest label everywhere and
the "learnt nothing" note is printed instead. The 109 lists are the same as before the note.
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord

__all__ = ["unlearnt_classes"]


def unlearnt_classes(record: ExampleRecord) -> list[tuple[int, int, int]]:
    """The given labels the last recorded epoch of ``record`` has not learnt, each as ``(label,
    predicted, right)``: of the ``predicted`` training examples it predicts as ``label``, only
    ``right`` carry that label, no more than half (``predicted`` 0 where it predicts the label for
    none, though examples carry it). Empty where it has learnt every label it was given.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 0, 1, 1, 2, 2], epochs=[0],
    ...     loss=np.ones((1, 6)), p_label=np.full((1, 6), 0.5), margin=np.zeros((1, 6)),
    ...     predicted=[[0, 0, 1, 2, 1, 1]], classes=3)
    >>> unlearnt_classes(r)  # 2 is predicted once, for a 1; the 1s predicted are 1 of 3 right
    [(1, 3, 1), (2, 1, 0)]
    """
    if not len(record.epochs):
        return []
    labels = np.asarray(record.labels, dtype=np.int64)
    predicted = np.asarray(record.predicted[-1], dtype=np.int64)
    seen = (labels >= 0) & (predicted >= 0)  # examples the last epoch predicted (-1: in no batch)
    labels, predicted = labels[seen], predicted[seen]
    size = max(int(record.classes or 0), int(labels.max(initial=-1)) + 1, int(predicted.max(initial=-1)) + 1)
    carried = np.bincount(labels, minlength=size)
    called = np.bincount(predicted, minlength=size)
    right = np.bincount(labels[labels == predicted], minlength=size)
    return [(c, int(called[c]), int(right[c])) for c in range(size) if carried[c] and 2 * right[c] <= called[c]]
