"""descend.examples.learnt_late: on a full-batch run that still misses a label at its end, a listed
example it predicts as labelled there leaves the list (labelslow, session 27, issue 17)."""

import numpy as np
import pytest

import descend as ds
from descend.examples.learnt_late import learnt_late
from descend.training import ExampleRecord

SLOW, FLIPS = 30, [0, 1]


def _slow_learner_run(updates_per_epoch=1, memorised=False):
    """40 examples, 2 classes, 8 epochs, margins growing with the epochs. Example 30 is a slow
    learner: rejected through epochs 0-4 (margin down to -4), right from epoch 5 with a growing
    margin (1, 2.5, 4), like the six digits of issue 17. Examples 0 and 1 are flips, predicted as
    their true class throughout, or (``memorised``) fitted from epoch 5 as the run memorises."""
    n, epochs = 40, 8
    labels = np.repeat([0, 1], 20)
    margin = np.tile(np.linspace(1.0, 4.0, epochs)[:, None], (1, n))
    predicted = np.tile(labels, (epochs, 1))
    margin[:, SLOW] = [-1.0, -3.0, -4.0, -3.0, -1.5, 1.0, 2.5, 4.0]
    predicted[:5, SLOW] = 0
    margin[:, FLIPS], predicted[:, FLIPS] = -3.0, 1
    if memorised:
        margin[5:, FLIPS], predicted[5:, FLIPS] = np.array([[0.5], [1.5], [3.0]]), 0
    return ExampleRecord.from_arrays(
        task="classification",
        labels=labels,
        epochs=range(epochs),
        loss=np.log1p(np.exp(-margin)),
        p_label=1 / (1 + np.exp(-margin)),
        margin=margin,
        predicted=predicted,
        classes=2,
        updates_per_epoch=updates_per_epoch,
    )


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
