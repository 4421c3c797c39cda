"""Where step (3)'s count cut flagged examples from the list of a run of three or more classes fitting
0.6-0.9, the cut examples the last three epochs still argue against decisively (clipped relative
margin mean below ``RECALL_BELOW`` = -0.6) join the list's end (``descend.examples.late_recall``,
session 23, round 53); ``late_recall=None`` restores the rule before round 53."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import RECALL_BELOW, RECALL_FROM, RECALL_UNTIL, last_accuracy, last_epochs_means, recalled
from descend.training import ExampleRecord

EARLY, LATE, SPLIT = list(range(60)), list(range(60, 90)), list(range(90, 150))


def _short_count_run(classes: int = 3, n: int = 400) -> ExampleRecord:
    """``n`` examples (labels ``i % classes``) over 8 level epochs:

    - 150 onwards clean and fitted: 0.5 for the label, 0.3 for the strongest other class;
    - 0-59 flips argued against decisively throughout: 0.05 for the label, 0.85 for another class;
    - 60-89 flips argued against only a little over the early half (0.35 against 0.45), then
      decisively (0.05 against 0.85);
    - 90-149 clean examples of an overlap: 0.35 against 0.45 throughout.

    The last epoch fits 250 / 400 (0.625). The early half rejects only the first 60 beyond the
    count's tails against 250 confirmed, so the count (77) stops short of the 90 flips: it keeps the
    60 and 17 of the late flips, and cuts 13 late flips and the 60 overlap examples.
    """
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((8, n), 0.5), np.full((8, n), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, EARLY], other[:, EARLY] = 0.05, 0.85
    p[:4, LATE], other[:4, LATE] = 0.35, 0.45
    p[4:, LATE], other[4:, LATE] = 0.05, 0.85
    p[:, SPLIT], other[:, SPLIT] = 0.35, 0.45
    predicted[:, EARLY + LATE + SPLIT] = (labels[EARLY + LATE + SPLIT] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_the_late_flips_the_count_cut_come_back():
    record = _short_count_run()
    assert last_accuracy(record) == pytest.approx(0.625)
    old = ds.find_label_issues(record, late_recall=None)
    assert round(old.estimated) == 77 and old.indices.tolist() == list(range(77))
    issues = ds.find_label_issues(record)
    assert (RECALL_BELOW, RECALL_FROM, RECALL_UNTIL) == (-0.6, 0.6, 0.9)
    assert issues.indices.tolist() == list(range(90))  # the 13 late flips, after the list; no overlap example
    assert issues["suggested"].tolist() == ((np.arange(90) + 1) % 3).tolist()
    assert ds.find_label_issues(record, late_recall=-0.4).indices.tolist() == list(range(77)) + list(range(77, 150))
    assert ds.find_label_issues(record, count=77).indices.tolist() == list(range(77))  # a cap of the user's own


def test_gates():
    last = last_epochs_means(_short_count_run().margin)
    cut = np.arange(77, 150)
    assert last[LATE] == pytest.approx(-1.0) and last[SPLIT][0] > RECALL_BELOW
    assert recalled(cut, last, fits=0.625, classes=3).tolist() == list(range(77, 90))
    assert recalled(cut, last, fits=0.9, classes=3).tolist() == []
    assert recalled(cut, last, fits=0.59, classes=3).tolist() == []
    assert recalled(cut, last, fits=0.625, classes=2).tolist() == []
    assert recalled(cut, last, fits=float("nan"), classes=3).tolist() == []
    assert recalled(cut, last, fits=0.625, classes=3, below=None).tolist() == []
    assert recalled([], last, fits=0.625, classes=3).tolist() == []


def test_a_binary_run_is_left_alone():
    record = _short_count_run(classes=2)
    new, old = ds.find_label_issues(record), ds.find_label_issues(record, late_recall=None)
    assert new.indices.tolist() == old.indices.tolist()


@pytest.mark.parametrize("bad", [-1.5, 1.5, float("nan")])
def test_bad_bars_raise(bad):
    with pytest.raises((ValueError, TypeError), match="late_recall"):
        ds.find_label_issues(_short_count_run(), late_recall=bad)
