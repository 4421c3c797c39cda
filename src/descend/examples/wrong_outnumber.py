"""Where a mini-batch run's late learners leave its list (last in
:mod:`~descend.examples.label_issues`; session 30, label18): a run with no memorisation onset whose
last epoch still predicts more given labels wrong than its list and its listed late learners hold.

The test. Let ``L`` be the list, ``R`` the listed examples the run's last epoch predicts as labelled
(:func:`~descend.examples.learnt_late.learnt_late`) and ``W`` the examples that epoch predicts against
their labels. On a mini-batch record where step (0) found no memorisation onset, the full-batch last
step (:mod:`~descend.examples.late_leavers`) applies where ``W > |L| + |R|``.

Why. A mini-batch run memorises through many updates an epoch without reaching every label, so a
listed example right at its end can be a memorised flip as well as a clean example learnt late
(session 28: dropping them wherever no onset was found lost widemodes, whose runs memorise most
flips below 0.98: ``bench/LABEL_MINIBATCH_S28.md``). A run that has not memorised its flips still
gets them wrong at its end: the examples it gets wrong there outnumber its list, and more so the
list with its late learners counted twice (they are not among ``W``). A run that memorised its
flips fits its list: ``W`` falls below ``|L|`` (widemodes), and the gate stays shut. No new constant:
three counts of the record compared with each other.

Fitted on bench ``label_noise``'s mini-batch settings re-derived at 8a70a9f (label62's 1668 and 180
of the older groups, fresh-86, -87, -88; ``bench/LABEL_S30_prereg.md``): settings at least
cleanlab's 1883 -> 1889 of 2028, mean F1 0.757706 -> 0.760371; clean tasks over cleanlab 151 -> 137
of 386 (flags 18233 -> 17286).
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord
from .learnt_late import learnt_late

__all__ = ["wrong_outnumber_listed"]


def wrong_outnumber_listed(record: ExampleRecord, listed: np.ndarray) -> bool:
    """Whether the last recorded epoch of ``record`` predicts more examples against their labels
    (``W``) than the ``listed`` examples (indices) and those of them it predicts as labelled
    together: ``W > |L| + |R|``.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0] * 6, epochs=[0, 1],
    ...     loss=np.ones((2, 6)), p_label=np.full((2, 6), 0.5), margin=np.ones((2, 6)),
    ...     predicted=[[1, 1, 0, 0, 0, 0], [0, 1, 1, 1, 1, 0]])  # W = 4
    >>> wrong_outnumber_listed(r, np.array([0, 1]))  # |L| 2, |R| 1 (example 0): 4 > 3
    True
    >>> wrong_outnumber_listed(r, np.array([0, 1, 5]))  # |L| 3, |R| 2: 4 > 5 is false
    False
    """
    listed = np.asarray(listed, dtype=int)
    wrong = int(np.sum(np.asarray(record.correct, dtype=float)[-1] == 0))
    return wrong > len(listed) + int(learnt_late(record)[listed].sum())
