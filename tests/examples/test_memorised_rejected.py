"""Where a run goes on to fit most of what its early half rejected, the early half alone flags
(``descend.examples.memorised_rejected``, step (2c) of ``find_label_issues``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import EARLY_EPOCHS, MEMORISED_ABOVE, early_alone, memorisation_onset, memorised_share
from descend.training import ExampleRecord


def _gradual(hard: int = 2, epochs: int = 10) -> tuple[ExampleRecord, list[int], list[int]]:
    """Two classes: 40 clean examples (margin +2, predicted as labelled throughout); ``hard``
    clean examples never fitted (margin -2, predicted wrong: the training accuracy stays below
    0.98, so no memorisation onset and every epoch is read); 7 flips "A" rejected (margin -2)
    in epochs 0-5 and fitted (+2) from epoch 6; 4 flips "B" rejected in epochs 0-4 and fitted
    with margin +3 from epoch 5.

    Each epoch's median absolute margin is 2, so relative margins are margin / 2. Over 10 epochs:
    A's relative AUM is (-6 + 4) / 10 = -0.2, B's (-5 + 7.5) / 10 = +0.25 (not below 0: step (1)
    misses B); both early halves (epochs 0-4) have clipped mean -1. The early half rejects
    decisively the hard ones and A (relative AUM below 0 too); the last epoch fits A:
    memorised share 7 / (7 + hard). The count: 2 + 7 + 4 rejected beyond -0.7 early against 40
    confirmed, 53 * 13 / 53 = 13 with hard = 2: it caps nothing."""
    n = 40 + hard + 11
    labels = np.r_[np.zeros(20), np.ones(20), np.zeros(hard), np.zeros(7), np.ones(4)].astype(np.int64)
    hard_, a, b = list(range(40, 40 + hard)), list(range(40 + hard, 47 + hard)), list(range(47 + hard, n))
    margin = np.full((epochs, n), 2.0)
    margin[:, hard_] = -2.0
    margin[:, a] = np.where(np.arange(epochs) < 6, -2.0, 2.0)[:, None]
    margin[:, b] = np.where(np.arange(epochs) < 5, -2.0, 3.0)[:, None]
    predicted = np.where(margin > 0, labels, 1 - labels)
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(epochs)), loss=np.ones((epochs, n)),
        p_label=np.full((epochs, n), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip
    return record, hard_ + a, b


def test_the_built_record_memorises_gradually():
    record, _, _ = _gradual()
    assert memorisation_onset(record) is None
    assert memorised_share(record) == pytest.approx(7 / 9)


def test_a_memorising_run_lets_the_early_half_flag_alone():
    record, old, added = _gradual()
    before = ds.find_label_issues(record, memorised_above=None)
    assert sorted(before.indices.tolist()) == old
    after = ds.find_label_issues(record)
    assert sorted(after.indices.tolist()) == sorted(old + added)
    assert after.indices.tolist()[-4:] == added  # relative AUM +0.25: ranked last
    assert after.estimated == pytest.approx(13)


def test_a_run_that_memorised_less_is_left_alone():
    record, old, _ = _gradual(hard=4)  # memorised share 7 / 11 < 0.75
    assert memorised_share(record) < MEMORISED_ABOVE
    assert sorted(ds.find_label_issues(record).indices.tolist()) == old


def test_an_early_half_of_two_epochs_does_not_flag_alone():
    assert not early_alone(0.9, 2 * EARLY_EPOCHS - 1) and early_alone(0.9, 2 * EARLY_EPOCHS)
    assert not early_alone(float("nan"), 20) and not early_alone(0.9, 20, above=None)


@pytest.mark.parametrize("bad", [0, -0.1, 1.5])
def test_bad_levels_raise(bad):
    message = rf"^memorised_above must be a number in \(0, 1\] or None, got {bad}$"
    with pytest.raises(ValueError, match=message):
        early_alone(0.9, 20, above=bad)
    with pytest.raises(ValueError, match=message):
        ds.find_label_issues(_gradual()[0], memorised_above=bad)
