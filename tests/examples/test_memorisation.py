"""The epochs before a run memorises its labels (``memorisation_onset``): what
``find_label_issues`` reads on a run that fits its flips early."""

from __future__ import annotations

import numpy as np
import pytest
from _example_records import first_epochs_of, memorised_blobs, tiny_record, tracked_mlp

import descend as ds
from descend.examples import (
    MEMORISED_AT,
    NOISE_TAIL,
    ONSET_TAIL,
    memorisation_onset,
    record_of,
)
from descend.training import ExampleRecord


def test_a_run_that_memorises_early_is_read_before_it_does():
    # the MLP fits every given label, flips included, within a few epochs of 20; the epochs
    # before that argue against the flips, the whole run does not
    X, noisy, flipped = memorised_blobs()
    h = tracked_mlp(X, noisy, batch_size=16, epochs=20)
    record = record_of(h)
    onset = memorisation_onset(h)
    accuracy = np.nanmean(record.correct, axis=1)
    assert onset is not None and onset < 10  # early, and where the accuracy first reaches 0.98
    assert accuracy[onset] >= MEMORISED_AT and np.all(accuracy[:onset] < MEMORISED_AT)
    windowed, whole = ds.find_label_issues(h), ds.find_label_issues(h, memorised_at=None)
    assert windowed.onset == onset and windowed.epochs == max(onset + 1, 2) and windowed.recorded_epochs == 20
    assert whole.onset is None and whole.epochs == 20
    found_windowed, found_whole = np.isin(flipped, windowed.indices).sum(), np.isin(flipped, whole.indices).sum()
    assert found_windowed >= 0.7 * len(flipped) and found_windowed > 2 * found_whole
    assert np.isin(windowed.indices, flipped).mean() >= 0.7  # mostly flips, not clean examples
    # the window is the record cut before the onset: the same list as a run stopped there
    cut = first_epochs_of(record, windowed.epochs)
    assert ds.find_label_issues(cut, memorised_at=None).indices.tolist() == windowed.indices.tolist()
    assert (
        f"over the first {windowed.epochs} of 20 epochs (the training accuracy on the given labels reached 0.98 in epoch {onset + 1}"
        in repr(windowed)
    )


def test_a_run_that_never_memorises_is_read_whole(noisy_run):
    # 8 of 150 labels flipped and not memorised in 12 epochs: no epoch fits 98% of the labels
    history, _, _ = noisy_run
    issues = ds.find_label_issues(history)
    assert memorisation_onset(history) is None and issues.onset is None and issues.epochs == 12
    assert issues.indices.tolist() == ds.find_label_issues(history, memorised_at=None).indices.tolist()
    assert "the first" not in repr(issues).splitlines()[0]


def test_the_memorisation_onset_is_the_first_epoch_at_the_level_that_fits_a_rejected_label():
    # every epoch's median |margin| is 1, so relative margins are the margins; example 0 is
    # argued against (-2) in epochs 0 and 1 and fitted in epoch 2, example 3 (-1) fitted in 1
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 2, 0], epochs=[0, 1, 2, 3], loss=np.ones((4, 4)),
        p_label=np.full((4, 4), 0.5),
        margin=[[-2, 1, 1, -1], [-2, 1, 1, 1], [1, 1, 1, np.nan], [1, 1, 1, 1]],
        predicted=[[1, 1, 2, 1], [1, 1, 2, 0], [0, 1, 2, -1], [0, 1, 2, 0]],
    )  # fmt: skip
    # accuracies 0.5, 0.75, 1.0 (the unseen example left out), 1.0
    assert memorisation_onset(r) == 2  # fits example 0, whose relative AUM before is -2 < -0.7
    assert memorisation_onset(r, accuracy=0.7) == 1  # fits example 3 (-1 before)
    assert memorisation_onset(r, tail=1.5) == 2
    # no example fitted at the level was argued against that decisively: not memorising
    assert memorisation_onset(r, tail=2.5) is None
    issues = ds.find_label_issues(r)  # its epoch 0 (0.5) is the commonest share
    assert issues.onset == 2 and issues.epochs == 3 and issues.recorded_epochs == 4
    assert ds.find_label_issues(r, memorised_at=0.7).epochs == 2
    # clean labels fitted at the level, after the first epoch saw every example right: whole
    clean = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1], epochs=[0, 1], loss=np.ones((2, 2)), p_label=np.full((2, 2), 0.5),
        margin=np.ones((2, 2)), predicted=[[0, 1], [0, 1]],
    )  # fmt: skip
    assert memorisation_onset(clean) is None and ds.find_label_issues(clean).epochs == 2


def _rejected_then_fitted(rejection: float) -> ExampleRecord:
    # every epoch's median |margin| is 1, so relative margins are the margins: example 0 is
    # rejected at ``rejection`` in epochs 0 and 1 and fitted in epoch 2, the rest fitted throughout
    return ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 2, 0], epochs=[0, 1, 2, 3], loss=np.ones((4, 4)),
        p_label=np.full((4, 4), 0.5),
        margin=[[rejection, 1, 1, 1], [rejection, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]],
        predicted=[[1, 1, 2, 0], [1, 1, 2, 0], [0, 1, 2, 0], [0, 1, 2, 0]],
    )  # fmt: skip


def test_the_onset_counts_a_weak_rejection_the_counts_tail_would_not():
    # accuracies 0.75, 0.75, 1.0, 1.0: epoch 2 reaches 0.98 fitting example 0, whose relative AUM
    # before it is -0.5: rejected at the onset's level (-0.4), not at the count's tail (-0.7)
    assert ONSET_TAIL == 0.4 and NOISE_TAIL == 0.7
    weak = _rejected_then_fitted(-0.5)
    assert memorisation_onset(weak) == 2 and memorisation_onset(weak, tail=NOISE_TAIL) is None
    issues, strict = ds.find_label_issues(weak), ds.find_label_issues(weak, onset_tail=NOISE_TAIL)
    assert issues.onset == 2 and issues.epochs == 3 and issues.recorded_epochs == 4
    assert strict.onset is None and strict.epochs == 4
    # the count's tail does not move the onset any more: only ``onset_tail`` does
    assert ds.find_label_issues(weak, tail=None).onset == 2 and ds.find_label_issues(weak, tail=0.3).onset == 2
    # a label the earlier epochs only leaned against (-0.3) is one the run was still learning
    assert memorisation_onset(_rejected_then_fitted(-0.3)) is None
    assert ds.find_label_issues(_rejected_then_fitted(-0.3)).onset is None


def test_a_bad_memorisation_level_is_one_clear_error():
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match=rf"^memorised_at must be a number in \(0, 1\] or None, got {bad}$"):
            ds.find_label_issues(tiny_record(), memorised_at=bad)
    with pytest.raises(ValueError, match=r"^accuracy must be a number in \(0, 1\], got None$"):
        memorisation_onset(tiny_record(), accuracy=None)
    with pytest.raises(ValueError, match=r"^tail must be a number > 0, got -1$"):
        memorisation_onset(tiny_record(), tail=-1)
    with pytest.raises(ValueError, match=r"^onset_tail must be a number > 0, got 0$"):
        ds.find_label_issues(tiny_record(), onset_tail=0)
    regression = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]])
    with pytest.raises(
        ValueError, match=r"^memorisation_onset needs a classification record \(given labels\), got a regression one$"
    ):
        memorisation_onset(regression)
