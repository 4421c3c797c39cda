"""descend.examples.unmemorised_late: a mini-batch run that has not memorised loses the late
learners its late half did not reject; a run that memorised keeps its list (labelmb, session 28,
issue 17)."""

import numpy as np
import pytest
from _example_records import SLOW_LEARNER as SLOW
from _example_records import binary_record, slow_learner_arrays

import descend as ds
from descend.examples.unmemorised_late import reads_late_learners, unrejected_late_learners

FLIPS = [0, 1]
MINI_BATCH = 25  # updates per epoch, as the bench's 800 examples in batches of 32


def _short_run(updates_per_epoch=MINI_BATCH):
    """Flips 0 and 1 are predicted as their true class throughout (38 of 40 right: no onset); the
    slow learner 30, rejected through epoch 4, is right from epoch 5 to the end."""
    return binary_record(*slow_learner_arrays(FLIPS), updates_per_epoch=updates_per_epoch)


def test_known_answer_a_mini_batch_run_short_of_its_labels_drops_its_slow_learner():
    run = _short_run()
    issues = ds.find_label_issues(run)
    assert issues.onset is None
    assert issues.indices.tolist() == FLIPS
    # the parent (c2b1f52) read late learners on full-batch records only, and listed it
    assert ds.find_label_issues(run, late_learners=False).indices.tolist() == [*FLIPS, SLOW]


def test_a_late_learner_the_late_half_rejected_stays():
    """The slow learner turns only at the last epoch: rejected through the late half, it stays."""
    labels, margin, predicted = slow_learner_arrays(FLIPS)
    margin[:, SLOW], predicted[:, SLOW] = -2.0, 0
    margin[-1, SLOW], predicted[-1, SLOW] = 0.5, 0 + labels[SLOW]
    run = binary_record(labels, margin, predicted, updates_per_epoch=MINI_BATCH)
    assert ds.find_label_issues(run).indices.tolist() == [*FLIPS, SLOW]
    assert ds.find_label_issues(run, late_learners=True).indices.tolist() == FLIPS  # late_leavers: W >= |R|


def _memorising_mini_batch_run():
    """60 examples: slow_learner_arrays' 40 with flips 0 and 1 fitted from epoch 5 (the run
    memorises: onset), and 20 more of class 1 of which the last (59) is wrong at the last epoch, so
    the run still misses a label at its end."""
    labels, margin, predicted = slow_learner_arrays(FLIPS)
    margin[5:, FLIPS], predicted[5:, FLIPS] = np.array([[0.5], [1.5], [3.0]]), 0
    labels = np.r_[labels, np.ones(20, dtype=labels.dtype)]
    margin = np.c_[margin, np.tile(margin[:, [25]], (1, 20))]
    predicted = np.c_[predicted, np.ones((len(margin), 20), dtype=predicted.dtype)]
    margin[-1, 59], predicted[-1, 59] = -1.0, 0
    return binary_record(labels, margin, predicted, updates_per_epoch=MINI_BATCH)


def test_known_answer_a_mini_batch_run_that_memorised_keeps_its_memorised_flips():
    run = _memorising_mini_batch_run()
    issues = ds.find_label_issues(run)
    assert issues.onset is not None
    assert set(FLIPS) <= set(issues.indices.tolist())
    # on every run, the late learners would take the memorised flips with them
    assert not set(FLIPS) & set(ds.find_label_issues(run, late_learners=True).indices.tolist())


def test_a_record_without_its_update_count_keeps_its_list():
    assert ds.find_label_issues(_short_run(None)).indices.tolist() == [*FLIPS, SLOW]


@pytest.mark.parametrize(
    ("updates", "onset", "memorising", "expected"),
    [(MINI_BATCH, None, False, True), (MINI_BATCH, 6, False, False), (MINI_BATCH, None, True, False),
     (1, None, False, False), (None, None, False, False)],
)  # fmt: skip
def test_the_gate(updates, onset, memorising, expected):
    assert reads_late_learners(updates, onset=onset, memorising=memorising) is expected


def test_unrejected_late_learners_marks_only_listed_examples_right_at_the_end():
    run = _short_run()
    assert unrejected_late_learners(run, np.array([*FLIPS, SLOW])).tolist() == [False, False, True]
