"""Step (2b) of ``find_label_issues``: where the run has not memorised what its early half
rejected, the late half must argue against an example too (``descend.examples.unmemorised``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import UNMEMORISED_BELOW, memorised_share
from descend.training import ExampleRecord

EASY = 20  # examples confirmed in every epoch: each epoch's median absolute margin is 1


def _run(flip: list[float], boundary: list[float], fitted_last: bool) -> ExampleRecord:
    """20 easy examples (margin 1, predicted as labelled) and two the early half rejects
    decisively: a flip and a clean example near a boundary; both predicted as labelled in the
    last epoch only if ``fitted_last``."""
    margin = np.c_[np.ones((4, EASY)), flip, boundary]
    labels = np.zeros(EASY + 2, dtype=np.int64)
    predicted = np.zeros((4, EASY + 2), dtype=np.int64)
    predicted[:, EASY:] = 1
    if fitted_last:
        predicted[-1, EASY:] = 0
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1, 2, 3], loss=np.ones((4, EASY + 2)),
        p_label=np.full((4, EASY + 2), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


def test_the_memorised_share_is_what_the_last_epoch_fits_of_the_early_rejections():
    unmemorised = _run([-2, -2, -1, -1], [-2, -2, -0.1, -0.1], fitted_last=False)
    memorised = _run([-2, -2, -1, 0.5], [-2, -2, -0.1, 0.2], fitted_last=True)
    assert memorised_share(unmemorised) == 0.0
    assert memorised_share(memorised) == 1.0
    clean = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1], epochs=[0, 1], loss=np.ones((2, 2)),
        p_label=np.full((2, 2), 0.9), margin=np.ones((2, 2)), predicted=[[0, 1], [0, 1]],
    )  # fmt: skip
    assert np.isnan(memorised_share(clean))  # nothing rejected: no share


def test_a_run_that_does_not_memorise_drops_what_its_late_half_no_longer_argues_against():
    # the flip: argued against in both halves (clipped means -1, -1); the boundary example: -1
    # early, -0.1 late. Neither is fitted in the last epoch: share 0 < 0.25, so (2b) applies.
    run = _run([-2, -2, -1, -1], [-2, -2, -0.1, -0.1], fitted_last=False)
    issues = ds.find_label_issues(run, tail=None)
    assert issues.indices.tolist() == [EASY]
    assert issues.memorised_share == 0.0 and issues.unmemorised_below == UNMEMORISED_BELOW
    assert "in the late half" in repr(issues)
    # without (2b), the early half alone flags both (the flip first: lower relative AUM)
    assert ds.find_label_issues(run, tail=None, unmemorised_below=None).indices.tolist() == [EASY, EASY + 1]


def test_a_run_that_memorises_keeps_what_its_early_half_rejected():
    # both fitted in the last epoch (share 1): the early half alone decides, as before
    run = _run([-2, -2, -1, 0.5], [-2, -2, -0.1, 0.2], fitted_last=True)
    issues = ds.find_label_issues(run, tail=None)
    assert sorted(issues.indices.tolist()) == [EASY, EASY + 1]
    assert "in the late half" not in repr(issues)


def test_a_bad_level_is_one_clear_error():
    run = _run([-2, -2, -1, -1], [-2, -2, -0.1, -0.1], fitted_last=False)
    with pytest.raises(ValueError, match=r"^unmemorised_below must be a number in \(0, 1\] or None, got 1.5$"):
        ds.find_label_issues(run, unmemorised_below=1.5)
