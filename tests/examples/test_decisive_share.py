"""Where a run of three or more classes fits 0.7-0.9 of its labels and most of its list is split
between classes, the list keeps as many examples as it places decisively in another class
(``descend.examples.decisive_share``); a binary run, or one outside the band, is left alone."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    DECISIVE_BELOW,
    DECISIVE_FITS_BELOW,
    DECISIVE_ODDS,
    decisive_cut,
    decisive_listed,
    last_accuracy,
)
from descend.training import ExampleRecord

FLIPS, SPLIT, CLEAN = list(range(10)), list(range(10, 35)), list(range(35, 200))


def _split_boundaries(classes: int = 4) -> ExampleRecord:
    """200 examples (labels ``i % classes``) over 8 level epochs:

    - 35-199 clean and fitted: probability 0.5 for the label, 0.3 for the strongest other class;
    - 0-9 flips, fitted as their true class: 0.1 for the label, 0.7 for it (7 times: decisive);
    - 10-34 clean ones on a boundary the run has not drawn: 0.25 for the label, 0.45 for a
      neighbour (1.8 times: split, not decisive), predicted as the neighbour.

    Margins are ``log(p_label / p_other)``: 0.51 (clean), -1.95 (flips), -0.59 (split); the median
    |margin| is 0.51, so relative margins -3.8 and -1.15, both beyond the count's tail (0.7): the
    count is the 35 rejected against the 165 confirmed, and the list holds the flips and the split
    examples. The last epoch fits 165 of the 200 labels (0.825).
    """
    labels = (np.arange(200) % classes).astype(np.int64)
    p, other = np.full((8, 200), 0.5), np.full((8, 200), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, FLIPS], other[:, FLIPS] = 0.1, 0.7
    p[:, SPLIT], other[:, SPLIT] = 0.25, 0.45
    predicted[:, FLIPS + SPLIT] = (labels[FLIPS + SPLIT] + 1) % classes
    if classes == 2:  # the one other class holds the rest
        other = 1.0 - p
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_a_split_list_keeps_its_decisive_examples():
    record = _split_boundaries()
    assert last_accuracy(record) == pytest.approx(165 / 200)
    old = ds.find_label_issues(record, decisive_below=None)
    assert old.estimated == pytest.approx(35.0)
    assert sorted(old.indices.tolist()) == FLIPS + SPLIT and old.decisive is None
    # 10 of the 35 listed (0.29 < 0.35) have the other class above twice the label: the flips
    assert decisive_listed(record.p_label, record.margin, old.indices) == 10
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS  # ranked first: the ranking is unchanged
    assert issues.decisive == 10 and issues.joint is None
    assert "and the 10 it places decisively in another class (the rest of the list is split" in issues._header()
    assert "decisively in another class" not in repr(old)
    # a bar of 0.25: 10 of 35 is not below it, and the list is the old one (round 41's cut of a list
    # within the misfits, 35 here, that overruns its decisive count would cut it: off)
    kept = ds.find_label_issues(record, decisive_below=0.25, decisive_few=None, overrun_cut=None)
    assert sorted(kept.indices.tolist()) == FLIPS + SPLIT
    assert sorted(ds.find_label_issues(record, decisive_below=0.25, decisive_few=None).indices.tolist()) == FLIPS
    assert (DECISIVE_ODDS, DECISIVE_BELOW, DECISIVE_FITS_BELOW) == (2.0, 0.35, 0.9)


def test_a_binary_run_is_left_alone():
    record = _split_boundaries(classes=2)
    issues = ds.find_label_issues(record)
    assert issues.decisive is None
    assert issues.indices.tolist() == ds.find_label_issues(record, decisive_below=None).indices.tolist()


def test_decisive_edges():
    # NaN epochs are skipped; an example never seen is not decisive; an empty list counts nothing
    p = np.array([[0.1, np.nan, np.nan], [0.3, 0.2, np.nan]])
    m = np.log(p / np.array([[0.8, 0.5, 0.5], [0.6, 0.7, 0.5]]))
    assert decisive_listed(p, m, [0, 1, 2]) == 2 and decisive_listed(p, m, []) == 0
    assert decisive_listed(p, m, [0], odds=5.0) == 0  # 0.7 against 0.2
    # the band: [0.7, 0.9), NaN never binds, an empty list is never cut
    assert decisive_cut(10, 100, 0.7, 3) and not decisive_cut(10, 100, 0.9, 3)
    assert not decisive_cut(10, 100, 0.69, 3) and not decisive_cut(10, 100, float("nan"), 3)
    assert not decisive_cut(0, 0, 0.8, 3)
    assert decisive_cut(10, 100, 0.92, 3, fits_below=0.95)
    with pytest.raises(ValueError, match=r"^decisive_below must be"):
        decisive_cut(10, 100, 0.8, 3, below=1.5)
    with pytest.raises(ValueError, match=r"^decisive_below must be"):
        ds.find_label_issues(_split_boundaries(), decisive_below=0)
