"""The last step of ``find_label_issues``: where the window read is so short that its early half is
one epoch, the epochs after the first and before the onset must argue against a listed example too
(``descend.examples.one_epoch_half``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import before_onset_means, single_epoch_half, still_rejected
from descend.training import ExampleRecord

EASY = 20  # examples confirmed in every epoch: each epoch's median absolute margin is 1


def _run(slow: list[float], flip: list[float], easy: int = EASY) -> ExampleRecord:
    """``easy`` examples (margin 1, predicted as labelled), a clean example the run learns late
    (``slow``: predicted as labelled where its margin is positive) and a flip (``flip``, never)."""
    epochs = len(slow)
    margin = np.c_[np.ones((epochs, easy)), slow, flip]
    labels = np.zeros(easy + 2, dtype=np.int64)
    predicted = np.zeros((epochs, easy + 2), dtype=np.int64)
    predicted[:, easy] = np.where(np.asarray(slow) > 0, 0, 1)
    predicted[:, easy + 1] = np.where(np.asarray(flip) > 0, 0, 1)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(epochs)), loss=np.ones((epochs, easy + 2)),
        p_label=np.full((epochs, easy + 2), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


@pytest.mark.parametrize("tail", [None, 0.7])
def test_a_clean_example_only_the_first_epoch_rejected_leaves_a_three_epoch_list(tail):
    # epoch 0 rejects both (relative margins -3 and -2, clipped -1: an early half of one epoch);
    # epochs 1-2 (the late half) fit the slow example (+0.5) and still reject the flip (-2)
    run = _run(slow=[-3, 0.5, 0.5], flip=[-2, -2, -2])
    assert sorted(ds.find_label_issues(run, tail=tail, one_epoch_half=False).indices.tolist()) == [EASY, EASY + 1]
    assert ds.find_label_issues(run, tail=tail).indices.tolist() == [EASY + 1]


def test_a_flip_fitted_at_the_onset_stays_where_the_epochs_before_it_reject_it():
    # 40 easy examples: epoch 1 fits 41 of 42 (0.976), epoch 2 all, among them the flip its epochs 0-1 rejected,
    # so the run memorises there (onset 2) and the window is epochs 0-2; epoch 1 fits the slow one
    run = _run(slow=[-3, 0.5, 0.5, 1, 1, 1], flip=[-2, -2, 0.5, 1, 1, 1], easy=40)
    issues = ds.find_label_issues(run, tail=None)
    assert (issues.onset, issues.epochs) == (2, 3)
    assert sorted(ds.find_label_issues(run, tail=None, one_epoch_half=False).indices.tolist()) == [40, 41]
    assert issues.indices.tolist() == [41]


def test_an_early_half_of_two_epochs_still_flags_alone():
    # four epochs: the early half (epochs 0-1) rejects the slow example through two epochs
    run = _run(slow=[-3, -3, 0.5, 0.5], flip=[-2, -2, -2, -2])
    assert sorted(ds.find_label_issues(run, tail=None).indices.tolist()) == [EASY, EASY + 1]


def test_the_window_the_epochs_read_and_the_bar():
    assert [single_epoch_half(e) for e in (1, 2, 3, 4, 5)] == [True, True, True, False, False]
    margin = np.array([[1.0, 1.0, -4.0], [1.0, 1.0, -0.5], [1.0, 1.0, 2.0]])  # relative, clipped to +-1
    assert before_onset_means(margin, 2).tolist() == [1.0, 1.0, -0.5]  # epoch 1
    assert before_onset_means(margin, None).tolist() == [1.0, 1.0, 0.25]  # epochs 1-2
    assert before_onset_means(margin, 1).tolist() == before_onset_means(margin, 0).tolist() == [1.0, 1.0, 0.25]
    assert np.isnan(before_onset_means(margin[:1], None)).all()  # one epoch: nothing after the first
    means = np.array([-0.2, 0.0, 0.1, np.nan])  # the bar: threshold = 0; NaN stays
    assert still_rejected(np.array([3, 2, 1, 0]), means, threshold=0.0).tolist() == [3, 0]


def test_bad_input_names_the_value():
    run = _run(slow=[-3, 0.5, 0.5], flip=[-2, -2, -2])
    with pytest.raises(ValueError, match="one_epoch_half must be True or False, got 1"):
        ds.find_label_issues(run, one_epoch_half=1)
    with pytest.raises(ValueError, match="epochs"):
        single_epoch_half(0)
