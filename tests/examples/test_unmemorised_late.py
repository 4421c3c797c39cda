"""descend.examples.unmemorised_late: a mini-batch run where step (0) found no memorisation onset
loses its late learners too; one that memorised keeps its list (labelmb, session 28, issue 17)."""

import numpy as np
from _example_records import SLOW_LEARNER as SLOW
from _example_records import binary_record, slow_learner_arrays

import descend as ds
from descend.examples.unmemorised_late import reads_late_learners

FLIPS = [0, 1]
MINI_BATCH = 25  # updates per epoch, as the bench's 800 examples in batches of 32


def test_known_answer_a_mini_batch_run_short_of_its_labels_drops_its_slow_learner():
    """Flips 0 and 1 are predicted as their true class throughout (38 of 40 right: no onset); the
    slow learner 30, rejected through epoch 4, is right from epoch 5 to the end."""
    run = binary_record(*slow_learner_arrays(FLIPS), updates_per_epoch=MINI_BATCH)
    assert ds.find_label_issues(run).onset is None
    assert ds.find_label_issues(run).indices.tolist() == FLIPS
    # the parent (c2b1f52) read late learners on full-batch records only, and listed it
    assert ds.find_label_issues(run, late_learners=False).indices.tolist() == [*FLIPS, SLOW]


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


def test_the_gate_by_kind_of_run():
    assert reads_late_learners(1, onset=3) and reads_late_learners(1, onset=None)
    assert reads_late_learners(MINI_BATCH, onset=None) and not reads_late_learners(MINI_BATCH, onset=6)
    assert not reads_late_learners(None, onset=None) and not reads_late_learners(None, onset=2)  # unknown: as before
