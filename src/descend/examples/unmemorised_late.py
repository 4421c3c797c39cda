"""Which runs the last step of :mod:`~descend.examples.label_issues` reads for late learners
(:mod:`~descend.examples.late_leavers`): every full-batch run, and a mini-batch run where step (0)
found no memorisation onset (session 28, labelmb, issue 17).

The test. Let ``u`` be the record's updates per epoch and ``t`` step (0)'s memorisation onset
(:func:`~descend.examples.memorisation_onset`: the first epoch whose training accuracy on the given
labels reaches ``memorised_at`` = 0.98 while it fits labels the epochs before rejected; ``None``
where no epoch does). The late learners are read where ``u == 1``, or where ``u > 1`` and ``t`` is
``None``. A record that does not know ``u`` (``None``: an old or hand-built record) is read as
before session 28, without them.

Why. A mini-batch run that ends short of its labels learns its hardest clean examples late, and its
list held them: on the bench's clean tasks descend flagged more than cleanlab on 146 of 371, most of
them runs ending at 0.90-0.97 training accuracy whose listed examples the last epoch mostly predicts
as labelled (pinwheel: 183 listed, 68% right at the end, cleanlab 65). In mini-batch runs a flip is
right at the end more often than in full-batch ones (10-15% of flips, many steps per epoch), and the
late leavers dropped on every run took them too (20% flips: 524 -> 510 of 556 settings at least
cleanlab's). Where step (0) found an onset, the run memorised: what it fits late is more likely a
flip; where it found none, the run has not memorised, and what it fits at its end it learnt. No
new constant.

Measured on bench ``label_noise``'s mini-batch runs (cached records of read groups, parent c2b1f52;
``bench/LABEL_MINIBATCH_S28.md``): noisy settings at least cleanlab's 1564 -> 1567 of 1668 (139
tasks, seeds 0-1), mean F1 0.760677 -> 0.762698; clean tasks where descend flags more than cleanlab
146 -> 118 of 371, flags 17402 -> 14563 (cleanlab 21460). The late learners on every run: 1561,
0.760835, 112. No full-batch list changes.

>>> reads_late_learners(1, onset=4), reads_late_learners(25, onset=None), reads_late_learners(25, onset=7)
(True, True, False)
>>> reads_late_learners(None, onset=None)
False
"""

from __future__ import annotations

__all__ = ["reads_late_learners"]


def reads_late_learners(updates_per_epoch: int | None, *, onset: int | None) -> bool:
    """Whether the late learners leave a run's list by default: a full-batch run
    (``updates_per_epoch == 1``) always, a mini-batch one (more than 1) where step (0) found no
    memorisation ``onset`` (``None``); a record whose ``updates_per_epoch`` is unknown never."""
    return updates_per_epoch == 1 or (updates_per_epoch is not None and onset is None)
