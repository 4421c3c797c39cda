"""Step (0) of ``find_label_issues``: an epoch at the level is the memorisation onset only where
the labels rejected before it outnumber the examples it still gets wrong
(``descend.examples.rejected_outnumber``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import memorisation_onset, rejected_outnumber_wrong
from descend.training import ExampleRecord

EASY = 100  # examples confirmed in every epoch: each epoch's median absolute margin is 1


def _run(*columns: list[float]) -> ExampleRecord:
    """``EASY`` examples (margin 1, predicted as labelled), then one example per column of margins
    (predicted as labelled where its margin is positive)."""
    epochs = len(columns[0])
    margin = np.c_[np.ones((epochs, EASY)), np.transpose(columns)]
    n = margin.shape[1]
    predicted = np.where(margin > 0, 0, 1).astype(np.int64)
    return ExampleRecord.from_arrays(
        task="classification", labels=np.zeros(n, dtype=np.int64), epochs=list(range(epochs)),
        loss=np.ones((epochs, n)), p_label=np.full((epochs, n), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


SLOW = [-1, -1, -1, 1, 1, 1, 1, 1]  # rejected by epochs 0-2, fitted from epoch 3
HARD = [-0.2, -0.2, -0.2, -0.2, -0.2, 1, 1, 1]  # wrong until epoch 5, never rejected decisively


def test_a_clean_run_still_learning_at_the_level_is_read_whole():
    # epoch 3: 101 of 103 right (0.98) and it fits SLOW, rejected before (-1): the old onset. But one
    # label was rejected and two examples are still wrong, so it is no onset; at epoch 4 likewise (1 vs 2);
    # from epoch 5 nothing it fits was rejected before (SLOW's mean rose to -0.2)
    run = _run(SLOW, HARD, HARD)
    assert memorisation_onset(run, outnumber=False) == 3
    assert memorisation_onset(run) is None
    old = ds.find_label_issues(run, rejected_outnumber=False)
    assert (old.onset, old.epochs, old.indices.tolist()) == (3, 4, [EASY])  # SLOW listed from 4 epochs
    new = ds.find_label_issues(run)
    assert (new.onset, new.epochs, new.indices.tolist()) == (None, 8, [])  # read whole: SLOW's AUM is +0.25


def test_a_run_that_fits_more_rejected_labels_than_it_misses_memorises():
    # three labels rejected by epochs 0-2 and fitted at epoch 3, two still wrong: 3 > 2, the onset stays
    run = _run(SLOW, SLOW, SLOW, HARD, HARD)
    assert memorisation_onset(run) == memorisation_onset(run, outnumber=False) == 3
    assert ds.find_label_issues(run).onset == 3


def test_the_count_and_bad_input():
    before = np.array([1.0, -1.0, -0.5, -0.3])
    assert rejected_outnumber_wrong(before, np.array([1.0, 1.0, 0.0, np.nan]), tail=0.4)  # 2 > 1
    assert not rejected_outnumber_wrong(before, np.array([0.0, 1.0, 1.0, 0.0]), tail=0.4)  # 2 > 2 fails
    assert not rejected_outnumber_wrong(before, np.ones(4), tail=1.0)  # none rejected below -1
    with pytest.raises(
        ValueError, match=r"^before and row must have one value per example, got shapes \(4,\) and \(3,\)$"
    ):
        rejected_outnumber_wrong(before, np.ones(3), tail=0.4)
    with pytest.raises(ValueError, match=r"^tail must be"):
        rejected_outnumber_wrong(before, np.ones(4), tail=0)
    with pytest.raises(ValueError, match=r"^outnumber must be True or False, got 1$"):
        memorisation_onset(_run(SLOW), outnumber=1)
    with pytest.raises(ValueError, match=r"^rejected_outnumber must be True or False, got 'no'$"):
        ds.find_label_issues(_run(SLOW), rejected_outnumber="no")
