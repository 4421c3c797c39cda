"""Where a run fits most of its labels yet its count is well above the examples it misfits, the
last epochs must argue against a listed example too (``descend.examples.overcounted``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import OVERCOUNT_RATIO, OVERCOUNTED_BELOW, last_accuracy, overcounted
from descend.training import ExampleRecord

FLIPS, HARD, LEARNED = list(range(65, 75)), list(range(75, 80)), list(range(80, 100))


def _overcounted() -> ExampleRecord:
    """100 examples over 8 epochs, two classes alternating, margins +-2 (relative +-1):

    - 0-64 clean and confirmed throughout;
    - 65-74 flips rejected throughout;
    - 75-79 clean hard ones: rejected over the early half, -0.2 (relative -0.1) over the late half,
      still predicted otherwise at the end;
    - 80-99 clean ones learned in the last two epochs.

    The last epoch fits 85 of the 100 labels; the count (35 rejected against 65 confirmed beyond
    the tails: 35) is more than 1.6 times the 15 it misfits.
    """
    labels = (np.arange(100) % 2).astype(np.int64)
    margin = np.full((8, 100), 2.0)
    margin[:, FLIPS] = -2.0
    margin[:4, HARD] = -2.0
    margin[4:, HARD] = -0.2
    margin[:6, LEARNED] = -2.0
    predicted = np.where(margin > 0, labels, 1 - labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=np.ones((8, 100)),
        p_label=np.full((8, 100), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


def test_a_fitted_run_that_overcounts_asks_the_last_epochs_too():
    record = _overcounted()
    assert last_accuracy(record) == pytest.approx(0.85)
    old = ds.find_label_issues(record, overcounted_below=None)
    # fits 0.85: not an unfitted run; the count (35) does not cut the 35 listed
    assert not old.unfitted and not old.unbound
    assert old.estimated == pytest.approx(35.0)
    assert sorted(old.indices.tolist()) == FLIPS + HARD + LEARNED
    issues = ds.find_label_issues(record)
    # the last three epochs argue against the flips only (-1); the others: -0.1 and +0.33
    assert sorted(issues.indices.tolist()) == FLIPS
    # 0.85 is not below 0.84; with the last-epochs test off, nothing asks it
    assert sorted(ds.find_label_issues(record, overcounted_below=0.84).indices.tolist()) == sorted(old.indices.tolist())
    assert sorted(ds.find_label_issues(record, unfitted_last_epochs=None).indices.tolist()) == sorted(
        old.indices.tolist()
    )
    assert OVERCOUNTED_BELOW == 0.87 and OVERCOUNT_RATIO == 1.6


def test_overcounted_gates():
    assert overcounted(0.85, 100, 35.0)
    assert not overcounted(0.85, 100, 23.0)  # below 1.6 times the 15 misfits
    assert not overcounted(0.79, 100, 35.0) and not overcounted(0.87, 100, 35.0)
    assert not overcounted(float("nan"), 100, 35.0) and not overcounted(0.85, 100, None)
    assert not overcounted(0.85, 100, 35.0, below=None)
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match=r"^overcounted_below must be"):
            ds.find_label_issues(_overcounted(), overcounted_below=bad)
