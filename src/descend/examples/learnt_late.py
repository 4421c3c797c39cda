"""A full-batch run that still predicts a given label wrong at its last epoch has not memorised its
labels, so a listed example it predicts as labelled there was learnt, late: it leaves the list (last
in :mod:`~descend.examples.label_issues`; session 27, issue 17).

The test. Let ``c_i`` be whether the run's last recorded epoch predicts example ``i`` as labelled.
Where some ``c_j`` is false (the run ends short of fitting every given label), every listed ``i``
with ``c_i`` true leaves the list; where every ``c_j`` is true, the list stays as it is.

Why. ``descend train --data digits --model mlp --lr auto --batch-size full --track-examples`` (the
full batch, ``descend train``'s default until session 33: one update per epoch, 10 epochs) listed 69
of 1437 clean digits, cleanlab 26. The six named in issue 17 (507,
780, 233, 893, 1065, 698) are slow learners: predicted wrong through epochs 1-5 or 1-6 while the run
learnt the rest, then right from epoch 6 or 7 to the last with growing margins (780: -8.58 at epoch
4, then 2.34, 6.56, 8.91); their early epochs' rejections flag them, and step (0) reads epoch 7,
where the run reaches 98%, as the memorisation onset. A flip the run has not memorised is still
predicted as its true class at the end; one it has memorised is right at the end, like a slow
learner, and no trajectory of one example tells the two apart (trailing epochs right, margin growth,
relative margin at the end: bench ``label_noise``, ``LABEL_SLOW_S27.md``, round 1). What tells them
apart is the run: a run that memorises its labels goes on to fit all of them (the five full-batch
runs of the fitting half whose memorised flips this test would have dropped end at training
accuracy 1), while one that still misses a label at its end has not memorised what it fits. No new
constant. A mini-batch run fits its labels through many updates per epoch and memorises without
reaching every one, so :func:`~descend.examples.find_label_issues` applies the test by default
only to a record of one update per epoch (as :mod:`~descend.examples.initial_regime`).

Measured on bench ``label_noise``'s full-batch setting (``train``'s defaults of then, the full batch, with ``lr="auto"``,
clean labels and 10% uniform flips, seed 0, cleanlab on 5 folds of the same model;
``bench/LABEL_SLOW_S27.md``). Fitted on the fitting half (182 tasks): clean tasks where it flags
more than cleanlab 60 -> 40, clean flags 16401 -> 13755 (cleanlab 17487), noisy mean F1 0.6152 ->
0.6227 (cleanlab 0.5921), noisy settings at least cleanlab's 121 -> 130; without the run-level gate
the F1 fell to 0.6081. Read once on fresh-84 (five tasks written for this round, unread before the
freeze): clean over cleanlab 4 -> 1 of 5, flags 432 -> 20 (cleanlab 247), noisy F1 0.7177 -> 0.8258
(cleanlab 0.7397), at least cleanlab's 3 -> 5 of 5. The README's example (its history in
``docs/label_issues.md``, "Full batch"): 69 -> 9 of 1437 clean digits flagged, none of the six.
No mini-batch list changes (0 of 2597 cached records).
``find_label_issues(late_learners=False)`` restores the rule before it.
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord

__all__ = ["learnt_late"]


def learnt_late(record: ExampleRecord) -> np.ndarray:
    """Per example, whether the last recorded epoch of ``record`` predicts it as labelled while it
    predicts some example against its label; all ``False`` where it predicts none wrong.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1],
    ...     loss=np.ones((2, 3)), p_label=np.full((2, 3), 0.5), margin=np.ones((2, 3)),
    ...     predicted=[[1, 0, 0], [0, 1, 0]])
    >>> learnt_late(r).tolist()  # the end misses example 2: examples 0 and 1 were learnt
    [True, True, False]
    """
    last = np.asarray(record.correct, dtype=float)[-1]
    if not np.any(last == 0):
        return np.zeros(len(last), dtype=bool)
    return last == 1
