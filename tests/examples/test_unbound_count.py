"""Where the run has not fitted its training set and the count does not cut the list, the late half
must argue against a listed example too (``descend.examples.unbound_count``, step (2b) widened
again)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import descend as ds
from descend.examples import UNBOUND_AT, count_unbound, last_accuracy
from descend.training import ExampleRecord

# These records' p_label is a placeholder (0.5 throughout): the confident joint, which reads it, is
# left out (joint_below=None; descend.examples.confident_joint).
_find = functools.partial(ds.find_label_issues, joint_below=None)

FLIPS, UNFITTED, LEARNED = list(range(55, 65)), list(range(65, 95)), list(range(95, 110))


def _level_unfitted() -> ExampleRecord:
    """110 examples over 8 epochs, two classes alternating, margins +-2 (relative +-1):

    - 0-54 clean and confirmed throughout (0-9 only weakly over the early half: +0.8, relative
      +0.4, inside the count's tails);
    - 55-64 flips rejected throughout;
    - 65-94 clean ones in a region the run has not fitted: rejected over the early half, -0.2
      (relative -0.1) over the late half, still predicted otherwise at the end;
    - 95-109 clean ones learned at the half: rejected early, +1 (relative +0.5) late.

    The last epoch fits 70 of the 110 labels, as two epochs before: the run is level.
    """
    labels = (np.arange(110) % 2).astype(np.int64)
    margin = np.full((8, 110), 2.0)
    margin[:4, :10] = 0.8
    margin[:, FLIPS] = -2.0
    margin[:4, UNFITTED] = -2.0
    margin[4:, UNFITTED] = -0.2
    margin[:4, LEARNED] = -2.0
    margin[4:, LEARNED] = 1.0
    predicted = np.where(margin > 0, labels, 1 - labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=np.ones((8, 110)),
        p_label=np.full((8, 110), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


def test_a_level_unfitted_run_whose_count_does_not_cut_asks_the_late_half_too():
    record = _level_unfitted()
    assert last_accuracy(record) == pytest.approx(70 / 110)
    old = _find(record, unbound_count_at=None)
    # level (no rise), and the last epoch fits 15 of the 55 the early half rejected (0.27, not below
    # 0.25): neither (2b) nor the unfitted run's gate applies; the count, 55 rejected against 45
    # confirmed beyond the tails (60.5), does not cut the 55 listed
    assert old.accuracy_rise == pytest.approx(0.0) and not old.unfitted
    assert old.memorised_share == pytest.approx(15 / 55)
    assert old.estimated >= len(old) == 55
    assert sorted(old.indices.tolist()) == FLIPS + UNFITTED + LEARNED
    issues = _find(record)
    # the late half argues against the flips only (-1); the others: -0.1 and +0.5, above -0.15
    assert sorted(issues.indices.tolist()) == FLIPS
    assert issues.unbound and not old.unbound and not issues.unfitted
    assert "in the late half (the run has not fitted its training set, and the count did not cut the list)" in repr(
        issues
    )
    assert "the count did not cut" not in repr(old)
    # a bar of 2: the count (60.5) is below twice the list, and cuts nothing here either: the old list
    assert sorted(_find(record, unbound_count_at=2.0).indices.tolist()) == sorted(old.indices.tolist())
    # 70/110 is not below 0.6: the run counts as fitted
    assert sorted(_find(record, unfitted_below=0.6).indices.tolist()) == sorted(old.indices.tolist())
    assert UNBOUND_AT == 1.0


def test_count_unbound_gates():
    assert count_unbound(60.5, 55, 0.64)
    assert not count_unbound(50.0, 55, 0.64)  # the count cuts the list
    assert not count_unbound(60.5, 55, 0.85)  # the run fits its labels
    assert not count_unbound(60.5, 55, float("nan"))
    assert not count_unbound(None, 55, 0.64)
    assert not count_unbound(60.5, 55, 0.64, at=None) and not count_unbound(60.5, 55, 0.64, below=None)
    assert count_unbound(55.0, 55, 0.64)  # at least the list
    for bad in (0, -1.0, True, "1"):
        with pytest.raises(ValueError, match=r"^unbound_count_at must be"):
            count_unbound(60.5, 55, 0.64, at=bad)
        with pytest.raises(ValueError, match=r"^unbound_count_at must be"):
            _find(_level_unfitted(), unbound_count_at=bad)
