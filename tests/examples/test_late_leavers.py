"""descend.examples.late_leavers: in a full-batch run that fits more of its list than it still gets
wrong, a late learner its late half rejected decisively stays listed (labellate2, session 27)."""

import numpy as np

import descend as ds
from descend.examples.late_leavers import late_leavers
from descend.training import ExampleRecord

SLOW, MEMORISED, UNFITTED = 30, [0, 1], 2


def _nearly_memorised_run():
    """40 examples, 2 classes, 8 epochs, margins growing with the epochs. Examples 0-2 are flips,
    predicted as their true class through epoch 6; the run memorises 0 and 1 at its last epoch
    (margin 0.5) and still gets 2 wrong there. Example 30 is a slow learner: rejected through
    epochs 0-4, right from epoch 5 with a growing margin (as issue 17's digits)."""
    n, epochs = 40, 8
    labels = np.repeat([0, 1], 20)
    margin = np.tile(np.linspace(1.0, 4.0, epochs)[:, None], (1, n))
    predicted = np.tile(labels, (epochs, 1))
    margin[:, SLOW] = [-1.0, -3.0, -4.0, -3.0, -1.5, 1.0, 2.5, 4.0]
    predicted[:5, SLOW] = 0
    flips = [*MEMORISED, UNFITTED]
    margin[:, flips], predicted[:, flips] = -3.0, 1
    margin[-1, MEMORISED], predicted[-1, MEMORISED] = 0.5, 0
    return ExampleRecord.from_arrays(
        task="classification",
        labels=labels,
        epochs=range(epochs),
        loss=np.log1p(np.exp(-margin)),
        p_label=1 / (1 + np.exp(-margin)),
        margin=margin,
        predicted=predicted,
        classes=2,
        updates_per_epoch=1,
    )


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
    wrong_more = ExampleRecord.from_arrays(
        task="classification", labels=run.labels, epochs=run.epochs, loss=run.loss, p_label=run.p_label,
        margin=run.margin, predicted=np.where(correct == 1, run.labels, 1 - np.asarray(run.labels)),
        classes=2, updates_per_epoch=1,
    )  # fmt: skip
    listed = np.array([*MEMORISED, UNFITTED, SLOW])
    assert late_leavers(wrong_more, listed).tolist() == [True, True, False, True]
