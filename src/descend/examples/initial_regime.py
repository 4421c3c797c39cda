"""The epochs a record spends at its initial weights' level, which ``find_label_issues`` does not
read (first of all, before step (0) of :mod:`~descend.examples.label_issues`; session 26).

The test. An epoch is in the *initial regime* where it is no better than a constant prediction:
its training accuracy against the given labels is at most the commonest label's share (what
predicting that label everywhere scores), or its mean per-example loss is at least ``log k`` (what
the uniform prediction over ``k`` classes scores). The leading epochs in that regime are dropped;
where fewer than 2 epochs would remain, the record is read whole, as before.

Why. A full-batch run (``--batch-size full``; ``descend train``'s default until session 33) makes
one update per epoch, so its record's epoch 0 is the forward pass at the initial weights, and, in
10 epochs, its early half is mostly weights near them: there most examples are misclassified for no
reason of their own, and the relative margins (each epoch's margins over their median magnitude)
turn that noise into decisive rejections. ``descend train --data digits --model mlp --lr auto
--track-examples`` (then full-batch) flagged 138 of 1437 clean digits, many predicted right at the end with a tiny loss. A mini-batch run has made
many updates by the end of its first epoch; its first epoch is in the regime only on tasks it has
not started to learn, where that epoch carries no evidence about a label either. No new constant:
both levels are a constant prediction's own.

Measured on bench ``label_noise``'s full-batch setting (``bench/LABEL_FULL_BATCH_S26.md``:
``train``'s defaults of then, the full batch, with ``lr="auto"``, clean labels and 10% uniform flips, seed 0, cleanlab on 5
folds of the same model). Fitted on the fitting half (182 tasks): clean tasks where it flags more
than cleanlab 74 -> 60, clean flags 17024 -> 16401 (cleanlab 17487), noisy mean F1 0.6039 ->
0.6152 (cleanlab 0.5921). On the cached mini-batch records (2597: 371 tasks, clean and 6 noisy
settings, seed 0) it changes 196 lists of 43 tasks (19 clean: over cleanlab 10 -> 9, flags 3459
-> 3585, 7 shorter, 9 longer; 177 noisy: F1 up in 77, down in 73, +0.2401 in sum).
``find_label_issues(initial_regime=False)`` restores the rule before it.

Full batch only (session 26, labelfull2). On the mini-batch headline of bench ``label_noise`` (84
groups, seeds 0-1, 4452 noisy settings) the test changed 356 lists and lowered the settings with
F1 at least cleanlab's, 4103 -> 4093 (3 gained, 13 lost; mean F1 0.713000 -> 0.713122), so
``find_label_issues`` applies it by default only to a record whose ``updates_per_epoch`` is 1 (a
full-batch run's: ``train``'s tracker sets it, and it is saved with the record); a record that
does not know it (built from arrays, saved before session 26) is read whole unless
``initial_regime=True`` is passed.
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord

__all__ = ["constant_share", "initial_regime_epochs", "past_initial_regime", "unlearnt", "unlearnt_early_half"]


def constant_share(record: ExampleRecord) -> float:
    """The training accuracy of a constant prediction: the commonest given label's share of the
    labelled examples (what predicting that label everywhere scores).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1, 1], epochs=[0],
    ...     loss=np.ones((1, 4)), p_label=np.full((1, 4), 0.5), margin=np.zeros((1, 4)), predicted=[[0, 1, 1, 1]])
    >>> constant_share(r)
    0.75
    """
    labels = np.asarray(record.labels)
    labels = labels[labels >= 0].astype(np.int64)
    return float(np.bincount(labels).max() / len(labels)) if len(labels) else float("nan")


def unlearnt(record: ExampleRecord) -> tuple[float, float] | None:
    """Where the last epoch of ``record`` predicts the given labels no better than a constant
    prediction (its training accuracy at most :func:`constant_share`, and below 1): the two
    accuracies; else ``None``. Such a run has learnt nothing to argue against a label with (``LabelIssues.note``).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0],
    ...     loss=np.ones((1, 3)), p_label=np.full((1, 3), 0.5), margin=np.zeros((1, 3)), predicted=[[1, 1, 1]])
    >>> unlearnt(r)  # 1, 1, 1 gets two of three right, as the commonest label everywhere does
    (0.6666666666666666, 0.6666666666666666)
    """
    last = np.asarray(record.correct[-1], dtype=np.float64) if len(record.epochs) else np.empty(0)
    last = last[np.isfinite(last)]
    accuracy, constant = (float(last.mean()) if len(last) else float("nan")), constant_share(record)
    return (accuracy, constant) if accuracy <= constant and accuracy < 1 else None  # one label: all fitted


def initial_regime_epochs(record: ExampleRecord) -> int:
    """How many leading epochs of ``record`` are no better than a constant prediction (accuracy
    at most the commonest label's share, or mean loss at least ``log k``); 0 where fewer than 2
    epochs would remain.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 0, 1, 1], epochs=[0, 1, 2],
    ...     loss=[[0.7] * 4, [0.5] * 4, [0.3] * 4], p_label=np.full((3, 4), 0.6), margin=np.ones((3, 4)),
    ...     predicted=[[1, 1, 1, 1], [0, 0, 1, 0], [0, 0, 1, 1]])
    >>> initial_regime_epochs(r)  # epoch 0: accuracy 0.5 = the commonest share, loss 0.7 >= log 2
    1
    """
    start = _leading_initial(record)
    return start if len(record.epochs) - start >= 2 else 0


def _leading_initial(record: ExampleRecord) -> int:
    """How many leading epochs of ``record`` are no better than a constant prediction."""
    correct = np.asarray(record.correct, dtype=float)
    loss = np.asarray(record.loss, dtype=float)
    seen = np.isfinite(correct).any(axis=1)
    accuracy = np.full(len(correct), np.nan)
    accuracy[seen] = np.nanmean(correct[seen], axis=1)
    mean_loss = np.full(len(loss), np.nan)
    finite = np.isfinite(loss).any(axis=1)
    mean_loss[finite] = np.nanmean(loss[finite], axis=1)
    constant = constant_share(record)
    classes = int(record.classes) if record.classes is not None else 2
    initial = ~(accuracy > constant) | (mean_loss >= np.log(classes))
    return len(initial) if initial.all() else int(np.argmin(initial))


def past_initial_regime(record: ExampleRecord) -> ExampleRecord:
    """``record`` without its leading epochs in the initial regime (:func:`initial_regime_epochs`).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 2)), p_label=np.full((3, 2), 0.5), margin=np.ones((3, 2)),
    ...     predicted=[[0, 1], [0, 1], [0, 1]])
    >>> past_initial_regime(r).epochs.tolist()  # loss 1 >= log 2 in every epoch: read whole
    [0, 1, 2]
    """
    start = initial_regime_epochs(record)
    if start == 0:
        return record
    return ExampleRecord(
        task=record.task,
        classes=record.classes,
        labels=record.labels,
        epochs=record.epochs[start:],
        loss=record.loss[start:],
        p_label=record.p_label[start:],
        margin=record.margin[start:],
        predicted=record.predicted[start:],
        updates_per_epoch=record.updates_per_epoch,
        class_names=record.class_names,
    )


def unlearnt_early_half(record: ExampleRecord) -> tuple[int, int] | None:
    """Where more than half of the early half of ``record`` (its first ``E // 2`` epochs: the
    window ``find_label_issues`` reads) is in the initial regime (:func:`initial_regime_epochs`),
    ``(epochs in it, epochs of the early half)``; else ``None``. The early half's mean relative
    margins then argue mostly from a model no better than a constant prediction (a mini-batch
    fit on unscaled features: wine's first 90 of 200 epochs; the rule drops such epochs on
    full-batch runs only), and ``LabelIssues.note`` says so. An early half of one epoch is left to
    :mod:`~descend.examples.one_epoch_half`, which asks the epochs after it to argue too.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 0, 1, 1], epochs=[0, 1, 2, 3, 4, 5],
    ...     loss=[[0.9] * 4] * 3 + [[0.3] * 4] * 3, p_label=np.full((6, 4), 0.5), margin=np.ones((6, 4)),
    ...     predicted=[[0, 0, 1, 1]] * 6)
    >>> unlearnt_early_half(r)  # loss 0.9 >= log 2 in epochs 0-2: all 3 of the early half
    (3, 3)
    """
    early = len(record.epochs) // 2
    start = min(_leading_initial(record), early)
    return (start, early) if early >= 2 and 2 * start > early else None
