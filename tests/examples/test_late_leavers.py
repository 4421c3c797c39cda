"""descend.examples.late_leavers: in a full-batch run that fits more of its list than it still gets
wrong, a late learner its late half rejected decisively stays listed (labellate2, session 27)."""

import numpy as np
from _example_records import SLOW_LEARNER as SLOW
from _example_records import binary_record, slow_learner_arrays

import descend as ds
from descend.examples.late_leavers import late_leavers

MEMORISED, UNFITTED = [0, 1], 2


def _nearly_memorised_run():
    """Examples 0-2 are flips, predicted as their true class through epoch 6; the run memorises 0
    and 1 at its last epoch (margin 0.5) and still gets 2 wrong there. Example 30 is a slow
    learner (slow_learner_arrays)."""
    labels, margin, predicted = slow_learner_arrays([*MEMORISED, UNFITTED])
    margin[-1, MEMORISED], predicted[-1, MEMORISED] = 0.5, 0
    return binary_record(labels, margin, predicted)


def test_known_answer_flips_memorised_at_the_end_stay_listed():
    run = _nearly_memorised_run()
    assert sorted(ds.find_label_issues(run).indices.tolist()) == [*MEMORISED, UNFITTED]
    # the parent (a7afc2c, learnt_late alone) kept only the flip still wrong at the end
    listed = ds.find_label_issues(run, late_learners=False).indices
    assert sorted(listed.tolist()) == [*MEMORISED, UNFITTED, SLOW]


def test_the_slow_learner_leaves_and_the_memorised_flips_stay():
    run = _nearly_memorised_run()
    listed = np.array([*MEMORISED, UNFITTED, SLOW])
    assert late_leavers(run, listed).tolist() == [False, False, False, True]


def test_where_the_run_still_gets_as_many_wrong_every_late_learner_leaves():
    """Four given labels wrong at the end (examples 2, 5, 6, 7) outnumber the three listed examples
    fitted there: all three leave, the late half unread."""
    run = _nearly_memorised_run()
    correct = np.asarray(run.correct).copy()
    correct[-1, [5, 6, 7]] = 0
    labels = np.asarray(run.labels)
    wrong_more = binary_record(labels, np.asarray(run.margin), np.where(correct == 1, labels, 1 - labels))
    listed = np.array([*MEMORISED, UNFITTED, SLOW])
    assert late_leavers(wrong_more, listed).tolist() == [True, True, False, True]
