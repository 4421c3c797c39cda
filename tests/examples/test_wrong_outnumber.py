"""descend.examples.wrong_outnumber: on a mini-batch run with no memorisation onset whose last epoch
predicts more labels wrong than its list and its listed late learners hold, the late learners leave
(label18, session 30, issue 17)."""

import numpy as np
from _example_records import SLOW_LEARNER as SLOW
from _example_records import binary_record, slow_learner_arrays

import descend as ds
from descend.examples.wrong_outnumber import wrong_outnumber_listed

FLIPS = [0, 1]
HARD = [20, 21, 22, 23, 24]  # clean, right through the run, wrong at its last epoch only (weakly)


def _unfitted_run(hard=HARD):
    """Flips 0 and 1 (never fitted), slow learner 30 (right from epoch 5), and ``hard`` examples the
    last epoch gets wrong by a small margin: a mini-batch run that ends short of its labels."""
    labels, margin, predicted = slow_learner_arrays(FLIPS)
    margin[-1, hard], predicted[-1, hard] = -0.1, 0
    return binary_record(labels, margin, predicted, updates_per_epoch=2)


def test_known_answer_the_late_learner_leaves_where_the_wrong_labels_outnumber_the_list():
    run = _unfitted_run()  # W 7 > |L| 3 + |R| 1
    assert wrong_outnumber_listed(run, np.array([*FLIPS, SLOW]))
    assert ds.find_label_issues(run).indices.tolist() == FLIPS
    # the parent (8a70a9f) read a mini-batch record as before: the slow learner stayed listed
    assert ds.find_label_issues(run, late_learners=False).indices.tolist() == [*FLIPS, SLOW]


def test_the_list_stays_where_the_wrong_labels_do_not_outnumber_it():
    run = _unfitted_run(hard=HARD[:2])  # W 4, |L| 3 + |R| 1: not more
    assert not wrong_outnumber_listed(run, np.array([*FLIPS, SLOW]))
    assert ds.find_label_issues(run).indices.tolist() == [*FLIPS, SLOW]


def test_a_record_that_does_not_know_its_updates_is_read_as_before():
    labels, margin, predicted = slow_learner_arrays(FLIPS)
    margin[-1, HARD], predicted[-1, HARD] = -0.1, 0
    run = binary_record(labels, margin, predicted, updates_per_epoch=None)
    assert ds.find_label_issues(run).indices.tolist() == [*FLIPS, SLOW]
