"""Where a run memorises its labels early, the count of ``find_label_issues`` does not cap the
list (``descend.examples.early_memorised``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import MEMORISED_EARLY, capped_count, memorisation_onset, memorised_early
from descend.training import ExampleRecord


def _memorised_at(onset: int, epochs: int = 10) -> tuple[ExampleRecord, list[int]]:
    """44 examples, two classes: 20 clean of each (margin +2, predicted as labelled throughout);
    flips 40-41 (labelled 0, truly 1) rejected with margin -2 before ``onset``; flips 42-43
    (labelled 1, truly 0) argued against with margin -1 only. From
    ``onset`` on every flip is fitted (margin +2, predicted as labelled): the run memorises there.

    Relative margins (each epoch over its median absolute margin, 2): clean +1; flips 40-41 -1;
    flips 42-43 -0.5. Read up to the onset (``onset + 1`` epochs), the count's early half sees 2
    rejected (below -0.7) against 40 confirmed (above 0.7): 44 * (2/40) / (1 + 2/40) = 2.1, while
    the cut-offs list all 4 flips (early clipped mean -0.5 or -1, below -0.3; relative AUM over
    the window below 0)."""
    labels = np.r_[np.zeros(20), np.ones(20), 0, 0, 1, 1].astype(np.int64)
    margin = np.full((epochs, 44), 2.0)
    margin[:onset, 40:44] = -2.0
    margin[:onset, 42:44] = -1.0
    predicted = np.tile(labels, (epochs, 1))
    predicted[:onset, 40:44] = 1 - labels[40:44]
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(epochs)), loss=np.ones((epochs, 44)),
        p_label=np.full((epochs, 44), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip
    return record, [40, 41, 42, 43]


def test_the_built_record_memorises_where_it_was_built_to():
    assert memorisation_onset(_memorised_at(4)[0]) == 4
    assert memorisation_onset(_memorised_at(8)[0]) == 8


def test_an_early_onset_lifts_the_cap_and_lists_every_flip():
    record, flips = _memorised_at(4)  # the window holds 5 of 10 epochs: 0.5 <= 0.8
    new = ds.find_label_issues(record)
    assert sorted(new.indices.tolist()) == flips
    assert new.estimated is None
    old = ds.find_label_issues(record, memorised_early=None)
    assert old.estimated == pytest.approx(44 * 0.05 / 1.05)
    assert len(old) == 2


def test_a_late_onset_keeps_the_cap():
    record, _ = _memorised_at(8)  # the window holds 9 of 10 epochs: 0.9 > 0.8
    issues = ds.find_label_issues(record)
    assert issues.estimated == pytest.approx(44 * 0.05 / 1.05)
    assert issues.indices.tolist() == ds.find_label_issues(record, memorised_early=None).indices.tolist()
    assert len(issues) == 2


def test_the_levels_and_the_helpers():
    assert MEMORISED_EARLY == 0.8
    assert memorised_early(16, 20) and not memorised_early(17, 20)
    assert not memorised_early(1, 20, early=None)
    assert capped_count(5.0, 3, 4, 20) is None
    assert capped_count(5.0, None, 20, 20) == 5.0  # no onset: the whole run is read, the cap stays
    assert capped_count(None, 3, 4, 20) is None
    with pytest.raises(ValueError, match="memorised_early"):
        capped_count(5.0, None, 20, 20, early=1.5)
    with pytest.raises(ValueError, match="memorised_early"):
        ds.find_label_issues(_memorised_at(4)[0], memorised_early=0)
