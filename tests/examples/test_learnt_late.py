"""descend.examples.learnt_late: on a full-batch run that still misses a label at its end, a listed
example it predicts as labelled there leaves the list (labelslow, session 27, issue 17)."""

import numpy as np
import pytest
from _example_records import SLOW_LEARNER as SLOW
from _example_records import binary_record, slow_learner_arrays

import descend as ds
from descend.examples.learnt_late import learnt_late

FLIPS = [0, 1]


def _slow_learner_run(updates_per_epoch=1, memorised=False):
    """Examples 0 and 1 are flips, predicted as their true class throughout, or (``memorised``)
    fitted from epoch 5 as the run memorises; example 30 a slow learner (slow_learner_arrays)."""
    labels, margin, predicted = slow_learner_arrays(FLIPS)
    if memorised:
        margin[5:, FLIPS], predicted[5:, FLIPS] = np.array([[0.5], [1.5], [3.0]]), 0
    return binary_record(labels, margin, predicted, updates_per_epoch)


def test_known_answer_a_slow_learner_leaves_a_full_batch_list():
    run = _slow_learner_run()
    assert ds.find_label_issues(run).indices.tolist() == FLIPS
    # the parent (ea5bd2d) listed the slow learner with the flips
    assert ds.find_label_issues(run, late_learners=False).indices.tolist() == [*FLIPS, SLOW]


def test_known_answer_a_run_that_fits_every_label_keeps_its_list():
    """Memorised flips are right at the end too: where the run fits all its labels, the end is no
    evidence that a listed example was learnt."""
    run = _slow_learner_run(memorised=True)
    assert not learnt_late(run).any()
    assert ds.find_label_issues(run).indices.tolist() == ds.find_label_issues(run, late_learners=False).indices.tolist()
    assert set(FLIPS) <= set(ds.find_label_issues(run).indices.tolist())


def test_by_default_a_mini_batch_record_is_read_as_before():
    mini_batch = _slow_learner_run(updates_per_epoch=2)
    assert ds.find_label_issues(mini_batch).indices.tolist() == [*FLIPS, SLOW]
    assert ds.find_label_issues(mini_batch, late_learners=True).indices.tolist() == FLIPS


def test_learnt_late_marks_what_the_last_epoch_gets_right():
    run = _slow_learner_run()
    expected = np.ones(run.n, dtype=bool)
    expected[FLIPS] = False
    assert learnt_late(run).tolist() == expected.tolist()


def test_bad_flag_names_the_value():
    with pytest.raises(Exception, match="late_learners"):
        ds.find_label_issues(_slow_learner_run(), late_learners="yes")
