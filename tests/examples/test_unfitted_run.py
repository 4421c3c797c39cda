"""Where the run has not fitted its training set and is still fitting it, the late half must argue
against a flagged example too (``descend.examples.unfitted_run``, step (2b) widened)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import descend as ds
from descend.examples import UNFITTED_BELOW, UNFITTED_LAST, UNFITTED_RISING, last_accuracy, last_epochs_means
from descend.training import ExampleRecord

# These records' p_label is a placeholder (0.5 throughout): the confident joint, which reads it, is
# left out (joint_below=None; descend.examples.confident_joint).
_find = functools.partial(ds.find_label_issues, joint_below=None)

FLIPS, LEARNING, LATE = list(range(58, 68)), list(range(68, 88)), list(range(88, 100))


def _still_fitting() -> ExampleRecord:
    """100 examples over 8 epochs, two classes alternating, margins +-2 (relative +-1):

    - 0-57 clean and confirmed throughout;
    - 58-67 flips rejected throughout;
    - 68-87 clean ones the run is still learning: rejected over the early half, -0.2 (relative
      -0.1) over the late half;
    - 88-99 clean ones learned in the last two epochs.

    The last epoch fits 70 of the 100 labels, 12 more than two epochs before.
    """
    labels = (np.arange(100) % 2).astype(np.int64)
    margin = np.full((8, 100), 2.0)
    margin[:, FLIPS] = -2.0
    margin[:4, LEARNING] = -2.0
    margin[4:, LEARNING] = -0.2
    margin[:6, LATE] = -2.0
    predicted = np.where(margin > 0, labels, 1 - labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=np.ones((8, 100)),
        p_label=np.full((8, 100), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


def test_a_run_still_fitting_its_training_set_asks_the_late_half_too():
    record = _still_fitting()
    assert last_accuracy(record) == pytest.approx(0.7)
    old = _find(record, unfitted_below=None)
    # the early half rejects all 42 decisively; the last epoch fits 12 of them (0.29, not below 0.25):
    # (2b) does not apply, and the count (42 rejected against 58 confirmed beyond the tails) is 42
    assert old.memorised_share == pytest.approx(12 / 42)
    assert old.accuracy_rise == pytest.approx(0.12)
    assert sorted(old.indices.tolist()) == FLIPS + LEARNING + LATE
    issues = _find(record)
    # the late half argues against the flips only (-1); the others: -0.1 and 0, above -0.15
    assert sorted(issues.indices.tolist()) == FLIPS
    assert issues.accuracy_rise == old.accuracy_rise
    assert issues.unfitted and not old.unfitted
    assert "in the late half (the run has not fitted its training set and is still fitting it)" in repr(issues)
    assert "still fitting it" not in repr(old)
    # 0.7 is not below 0.6: the run counts as fitted
    assert sorted(_find(record, unfitted_below=0.6).indices.tolist()) == sorted(old.indices.tolist())
    assert UNFITTED_BELOW == 0.8 and UNFITTED_RISING == 0.03


def test_a_level_run_is_read_as_before():
    # the same record without its last two epochs: 58% fitted, but the accuracy no longer rises
    record = _still_fitting()
    level = ExampleRecord.from_arrays(
        task="classification", labels=record.labels, epochs=list(range(6)), loss=np.ones((6, 100)),
        p_label=np.full((6, 100), 0.5), margin=record.margin[:6], predicted=record.predicted[:6], classes=2,
    )  # fmt: skip
    assert last_accuracy(level) == pytest.approx(0.58)
    assert _find(level).accuracy_rise == pytest.approx(0.0)
    assert _find(level).indices.tolist() == _find(level, unfitted_below=None).indices.tolist()


def test_last_accuracy_edges_and_bad_values():
    empty = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1], epochs=[0], loss=np.ones((1, 2)), p_label=np.full((1, 2), 0.5),
        margin=np.full((1, 2), np.nan), predicted=[[0, 1]],
    )  # fmt: skip
    assert last_accuracy(empty) == 1.0
    for bad in (0, 1.5, -0.1, True):
        with pytest.raises(ValueError, match=r"^unfitted_below must be"):
            _find(_still_fitting(), unfitted_below=bad)


CLEAN, REJECTED, JUST, UNLEARNED = list(range(60)), list(range(60, 70)), list(range(70, 80)), list(range(80, 100))


def _learned_at_the_end() -> ExampleRecord:
    """100 examples over 12 epochs, two classes alternating, margins +-2 (relative +-1):

    - 0-59 clean and confirmed throughout;
    - 60-69 flips rejected throughout;
    - 70-79 clean ones rejected until epoch 9 and fitted in the last two (late half -0.33, last
      three epochs +0.33);
    - 80-99 clean ones the run is still learning: rejected over the early half, -0.2 (relative
      -0.1) over the late half.

    The last epoch fits 70 of the 100 labels, 10 more than three epochs before.
    """
    labels = (np.arange(100) % 2).astype(np.int64)
    margin = np.full((12, 100), 2.0)
    margin[:, REJECTED] = -2.0
    margin[:10, JUST] = -2.0
    margin[:6, UNLEARNED] = -2.0
    margin[6:, UNLEARNED] = -0.2
    predicted = np.where(margin > 0, labels, 1 - labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(12)), loss=np.ones((12, 100)),
        p_label=np.full((12, 100), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


def test_in_a_run_still_fitting_the_last_epochs_must_argue_against_it_too():
    record = _learned_at_the_end()
    assert last_accuracy(record) == pytest.approx(0.7)
    old = _find(record, unfitted_last_epochs=None)
    assert old.unfitted and old.accuracy_rise == pytest.approx(0.1)
    # the late half argues against the flips (-1) and the ten learned at the end (-0.33 < -0.15)
    assert sorted(old.indices.tolist()) == REJECTED + JUST
    last = last_epochs_means(record.margin)
    assert last[JUST].round(2).tolist() == [0.33] * 10 and last[REJECTED].tolist() == [-1.0] * 10
    issues = _find(record)
    # the last three epochs fit those ten: only the flips stay
    assert sorted(issues.indices.tolist()) == REJECTED
    # with the last two epochs alone the same; with the last five (-0.2 for them) the old list
    assert sorted(_find(record, unfitted_last_epochs=2).indices.tolist()) == REJECTED
    assert sorted(_find(record, unfitted_last_epochs=5).indices.tolist()) == REJECTED + JUST
    # where the gate does not apply, the last epochs are not asked
    assert sorted(_find(record, unfitted_below=None).indices.tolist()) == sorted(
        _find(record, unfitted_below=None, unfitted_last_epochs=None).indices.tolist()
    )
    assert UNFITTED_LAST == 3


def test_last_epochs_means_edges_and_bad_values():
    margin = np.array([[-2.0, 2.0], [2.0, 2.0]])
    assert last_epochs_means(margin, 5).tolist() == [0.0, 1.0]  # fewer epochs than asked: all of them
    assert last_epochs_means(margin, 1).tolist() == [1.0, 1.0]
    assert np.isnan(last_epochs_means(np.array([[np.nan, 2.0]]), 1)[0])
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match=r"^unfitted_last_epochs must be"):
            _find(_learned_at_the_end(), unfitted_last_epochs=bad)
        with pytest.raises(ValueError, match=r"^unfitted_last_epochs must be"):
            last_epochs_means(margin, bad)
