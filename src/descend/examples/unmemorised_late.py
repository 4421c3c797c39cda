"""Which late learners leave a mini-batch run's list (last in
:mod:`~descend.examples.label_issues`; session 28, labelmb, issue 17): in a run that has not
memorised, the listed examples its last epoch predicts as labelled that its late half did not
reject decisively.

The test. Let ``u`` be the record's updates per epoch, ``t`` step (0)'s memorisation onset
(:func:`~descend.examples.memorisation_onset`; ``None`` where the run never reached
``memorised_at`` = 0.98 while fitting labels it had rejected) and ``m`` whether step (2c) reads the
run as memorising (:func:`~descend.examples.memorised_rejected.early_alone`: its last epoch fits at
least ``memorised_above`` = 0.75 of what its early half rejected decisively). Where ``u > 1``, ``t``
is ``None`` and ``m`` is false, a listed example ``i`` leaves where the last epoch predicts it as
labelled while some example is predicted against its label there
(:func:`~descend.examples.learnt_late.learnt_late`) and the mean of its clipped relative margins
over the late half of the epochs (:func:`~descend.examples.half_clipped.half_clipped_means`) is at
least ``below`` (step (2)'s bar, ``threshold - decisiveness`` = -0.3). A record that does not know
``u`` (``None``: an old or hand-built one) keeps its list; a full-batch one is read by
:mod:`~descend.examples.late_leavers`.

Why. A mini-batch run that ends short of its labels learns its hardest clean examples late, and
its list held them: on the bench's clean tasks descend flagged more than cleanlab on 146 of 371,
most of them runs ending at 0.90-0.97 training accuracy whose listed examples the last epoch mostly
predicts as labelled (pinwheel: 183 listed, 68% right at the end, cleanlab 65). A mini-batch run
also fits flips at its end (10-15% of them) and can memorise most of them below 0.98 with no onset
(bench ``widemodes``): dropping every late learner of runs with no onset lost those (fresh-86:
settings at least cleanlab's 53 -> 45 of 60, reverted). Those runs fit most of what their early
half rejected, which step (2c) already reads as memorising; and a flip memorised late was still
rejected through the late half, where a clean late learner turned. No new constant.

Measured on bench ``label_noise``'s mini-batch runs (``bench/LABEL_MINIBATCH_S28.md``, round 2;
cached records of read groups, parent c2b1f52): noisy settings at least cleanlab's 1617 -> 1629 of
1728 (139 tasks and fresh-86, seeds 0-1), mean F1 0.759371 -> 0.760856; clean tasks where descend
flags more than cleanlab 149 -> 130 of 376, flags 17697 -> 15554 (cleanlab 21809). No full-batch
list changes.

>>> reads_late_learners(25, onset=None, memorising=False), reads_late_learners(25, onset=7, memorising=False)
(True, False)
>>> reads_late_learners(25, onset=None, memorising=True), reads_late_learners(1, onset=None, memorising=False)
(False, False)
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord
from .half_clipped import half_clipped_means
from .learnt_late import learnt_late

__all__ = ["reads_late_learners", "unrejected_late_learners"]


def reads_late_learners(updates_per_epoch: int | None, *, onset: int | None, memorising: bool) -> bool:
    """Whether a run's late learners leave its list by :func:`unrejected_late_learners`: a
    mini-batch run (``updates_per_epoch`` more than 1) with no memorisation ``onset`` that step
    (2c) does not read as ``memorising``."""
    return updates_per_epoch is not None and updates_per_epoch > 1 and onset is None and not memorising


def unrejected_late_learners(record: ExampleRecord, listed: np.ndarray, *, below: float = -0.3) -> np.ndarray:
    """Per example of ``listed`` (indices into ``record``), whether it leaves: the last epoch
    predicts it as labelled in a run that still gets some label wrong there
    (:func:`~descend.examples.learnt_late.learnt_late`), and the late half of the epochs did not
    reject it decisively (mean clipped relative margin at least ``below``).

    Example 3 turned early in the late half and leaves; 4, rejected through it and right only at
    the last epoch, stays; 5 is wrong at the end.

    >>> margin = np.ones((6, 6)); margin[:, 3] = [-1, -1, -1, 1, 1, 1]; margin[:, 5] = -1
    >>> margin[:, 4] = [-1, -1, -1, -1, -1, 1]  # late half (epochs 3-5): mean -1/3
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0] * 6, epochs=range(6),
    ...     loss=np.ones((6, 6)), p_label=np.full((6, 6), 0.5), margin=margin,
    ...     predicted=(margin < 0).astype(int), updates_per_epoch=25)
    >>> unrejected_late_learners(r, np.array([3, 4, 5])).tolist()
    [True, False, False]
    """
    listed = np.asarray(listed, dtype=int)
    _, late = half_clipped_means(record.margin)
    return learnt_late(record)[listed] & ~(late[listed] < below)
