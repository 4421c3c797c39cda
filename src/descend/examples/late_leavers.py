"""Which listed examples leave a full-batch list as late learners (last in
:mod:`~descend.examples.label_issues`; session 27, labellate2): those of
:func:`~descend.examples.learnt_late.learnt_late`, unless the run fits more of its list than it
still gets wrong, where those its late half rejected decisively stay.

The test. Let ``R`` be the listed examples the run's last epoch predicts as labelled in a run whose
last epoch predicts some example against its label (:func:`learnt_late`), and ``W`` the examples it
predicts against their labels there. Where ``W >= |R|``, every example of ``R`` leaves. Where
``W < |R|``, an example of ``R`` leaves only where the late half of the run's epochs (the last
``E - E // 2`` of ``E``; :func:`~descend.examples.half_clipped.half_clipped_means`) did not argue
against it decisively: its clipped relative margins there average at least ``below`` (step (2)'s
bar, ``threshold - decisiveness`` = -0.3).

Why. ``learnt_late`` reads a run that misses one label at its end as one that has not memorised;
a run that memorises all its flips but one or two opens it too, and its memorised flips, right at
the end, leave (bench ``label_noise``, full batch: highdim 0.633 -> 0, winesq 0.889 -> 0.250). A
run that has not memorised its flips still gets them wrong at its end, so the examples it gets
wrong there outnumber the listed ones it fits; where they do not, the run fitted more of its list
than it left, as a memorising run does (and as a clean run with slow learners does: issue 17's
digits, W 16, 60 late learners). There the late half tells them apart in part: a flip memorised
at the end was still rejected through the late half, a slow learner turned in it. Neither count
alone, nor the late half alone, did: ``W >= |R|`` as a gate brought back the clean digits' 60, and
the late half on every run cost F1 (``bench/LABEL_LATE2_S27.md``). No new constant.

Measured on bench ``label_noise``'s full-batch setting against ``learnt_late`` (a7afc2c), cleanlab on
5 folds of the same model: fitting half (182 tasks) clean tasks over cleanlab 40 -> 40, clean flags
13755 -> 13844 (cleanlab 17487), noisy mean F1 0.6227 -> 0.6246, at least cleanlab's 130 -> 130;
held-out half (194, read before) 49 -> 49, 14611 -> 14666, 0.6236 -> 0.6246, 139 -> 139; fresh-84
1/5 -> 1/5, 20 -> 24, 0.8258 -> 0.8258. Read once on fresh-85 (five tasks written for this round,
unread before the freeze): clean over cleanlab 0/5 -> 0/5 (flags 40 -> 43, cleanlab 151), noisy F1
0.4627 -> 0.5285 (cleanlab 0.5622), at least cleanlab's 2 -> 3 of 5. The README's digits: 9 flagged,
none of the six. Runs that memorise all their flips but one or two stay mostly lost (fresh-85's
sparsebits 0.087, cleanlab 0.576): their flips turned before the late half ended.
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord
from .half_clipped import half_clipped_means
from .learnt_late import learnt_late

__all__ = ["late_leavers"]


def late_leavers(record: ExampleRecord, listed: np.ndarray, *, below: float = -0.3) -> np.ndarray:
    """Per example of ``listed`` (indices into ``record``), whether it leaves the list as a late
    learner: :func:`learnt_late`, and, where the listed examples it marks outnumber those the last
    epoch predicts against their labels, not rejected decisively (mean clipped relative margin
    below ``below``) by the late half of the epochs.

    Two listed late learners (3 and 4) and one example wrong at the end (5): the run fitted more
    of its list than it left, and example 4, rejected through the late half, stays.

    >>> margin = np.ones((6, 6)); margin[:, 3] = [-1, -1, 1, 1, 1, 1]; margin[:, 5] = -1
    >>> margin[:, 4] = [-1, -1, -1, -1, -1, 1]  # late half (epochs 3-5): mean -1/3
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0] * 6, epochs=range(6),
    ...     loss=np.ones((6, 6)), p_label=np.full((6, 6), 0.5), margin=margin,
    ...     predicted=(margin < 0).astype(int))
    >>> late_leavers(r, np.array([3, 4, 5])).tolist()
    [True, False, False]
    """
    listed = np.asarray(listed, dtype=int)
    leaving = learnt_late(record)[listed]
    wrong = int(np.sum(np.asarray(record.correct, dtype=float)[-1] == 0))
    if wrong >= leaving.sum():
        return leaving
    _, late = half_clipped_means(record.margin)
    return leaving & ~(late[listed] < below)
