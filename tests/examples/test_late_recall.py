"""Where step (3)'s count cut flagged examples from the list of a run of three or more classes fitting
0.6-0.9, the cut examples the last three epochs still argue against decisively (clipped relative
margin mean below ``RECALL_BELOW`` = -0.6) join the list's end (``descend.examples.late_recall``,
session 23, round 53); then, fitting 0.7 or more, the examples the class-probability cuts removed
that the run places decisively in another class by both readings (round 54), the probability ratio
read over the last three epochs (round 56); ``late_recall=None`` restores the rule before round 53."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    HEAVY_BELOW,
    HEAVY_SHARE,
    RECALL_BELOW,
    RECALL_FROM,
    RECALL_HEAVY_FROM,
    RECALL_REMOVED_BELOW,
    RECALL_REMOVED_FROM,
    RECALL_SHORT,
    RECALL_UNTIL,
    decisive_late_share,
    last_accuracy,
    last_epochs_means,
    late_odds,
    recalled,
    removed_recalled,
)
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


SWINGING, DECISIVE, BOUNDARY = list(range(10)), list(range(10, 20)), list(range(20, 45))


def _decisive_cut_run(classes: int = 4, n: int = 200) -> ExampleRecord:
    """``n`` examples (labels ``i % classes``) over 8 epochs:

    - 45 onwards clean and fitted: 0.5 for the label, 0.3 for the strongest other class;
    - 0-9 clean examples the run swings on: 0.01 against 0.5 in six epochs, 0.9 against 0.05 in
      epochs 3 and 7 (relative AUM about -4.3, first in the ranking; mean probabilities 0.23 against
      0.39: not decisive);
    - 10-19 flips, 0.1 against 0.7 throughout (decisive: 7 times);
    - 20-44 clean examples split on a boundary: 0.25 against 0.45 (1.8 times: not decisive).

    The count lists all 45; the last epoch fits 165 of 200 (0.825), and 10 of the 45 (0.22) are
    decisive, so the decisive cut (``descend.examples.decisive_share``) keeps the 10 best-ranked:
    the swinging clean ones, not the flips.
    """
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((8, n), 0.5), np.full((8, n), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, DECISIVE], other[:, DECISIVE] = 0.1, 0.7
    p[:, BOUNDARY], other[:, BOUNDARY] = 0.25, 0.45
    bad = [0, 1, 2, 4, 5, 6]
    for e in range(8):
        p[e, SWINGING], other[e, SWINGING] = (0.01, 0.5) if e in bad else (0.9, 0.05)
    predicted[:, DECISIVE + BOUNDARY] = (labels[DECISIVE + BOUNDARY] + 1) % classes
    predicted[np.ix_(bad, SWINGING)] = (labels[SWINGING] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_the_decisive_flips_a_probability_cut_removed_come_back():
    record = _decisive_cut_run()
    assert last_accuracy(record) == pytest.approx(0.825)
    old = ds.find_label_issues(record, late_recall=None)
    assert round(old.estimated) == 45 and old.decisive == 10 and old.indices.tolist() == SWINGING
    issues = ds.find_label_issues(record)
    assert (RECALL_REMOVED_BELOW, RECALL_REMOVED_FROM) == (-0.6, 0.7)
    assert issues.indices.tolist() == SWINGING + DECISIVE  # the split examples stay out: not decisive
    assert ds.find_label_issues(record, count=45).indices.tolist() == SWINGING  # a cap of the user's own


def test_the_removed_examples_gates():
    record = _decisive_cut_run()
    last = last_epochs_means(record.margin)
    removed = np.array(DECISIVE + BOUNDARY)
    kw = dict(p_label=record.p_label, margin=record.margin)
    assert removed_recalled(removed, last, **kw, fits=0.825, classes=4).tolist() == DECISIVE
    assert removed_recalled(removed, last, **kw, fits=0.99, classes=4).tolist() == DECISIVE  # no upper bar
    assert removed_recalled(removed, last, **kw, fits=0.69, classes=4).tolist() == []
    assert removed_recalled(removed, last, **kw, fits=0.825, classes=2).tolist() == []
    assert removed_recalled(removed, last, **kw, fits=0.825, classes=4, odds=1.5).tolist() == DECISIVE + BOUNDARY
    assert removed_recalled([], last, **kw, fits=0.825, classes=4).tolist() == []


LATE_FLIPS, WIDE_BOUNDARY = list(range(20, 25)), list(range(25, 50))


def _late_decisive_run(classes: int = 4, n: int = 200) -> ExampleRecord:
    """``_decisive_cut_run`` with 5 more flips, 20-24, that the run fits a little over the first 5 of
    8 epochs (0.4 against 0.35) and places decisively in another class over the last 3 (0.1 against
    0.7): over all 8 epochs their strongest other class's mean probability is 1.67 times the label's
    (under ``DECISIVE_ODDS`` = 2), over the last 3 it is 7 times. The split boundary examples are
    25-49 (1.8 times at every epoch). The decisive cut keeps the 10 swinging clean examples.
    """
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((8, n), 0.5), np.full((8, n), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, DECISIVE], other[:, DECISIVE] = 0.1, 0.7
    p[:5, LATE_FLIPS], other[:5, LATE_FLIPS] = 0.4, 0.35
    p[5:, LATE_FLIPS], other[5:, LATE_FLIPS] = 0.1, 0.7
    p[:, WIDE_BOUNDARY], other[:, WIDE_BOUNDARY] = 0.25, 0.45
    bad = [0, 1, 2, 4, 5, 6]
    for e in range(8):
        p[e, SWINGING], other[e, SWINGING] = (0.01, 0.5) if e in bad else (0.9, 0.05)
    predicted[:, DECISIVE + WIDE_BOUNDARY] = (labels[DECISIVE + WIDE_BOUNDARY] + 1) % classes
    predicted[5:, LATE_FLIPS] = (labels[LATE_FLIPS] + 1) % classes
    predicted[np.ix_(bad, SWINGING)] = (labels[SWINGING] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_flips_decisive_only_late_come_back_by_the_last_epochs_odds():
    record = _late_decisive_run()
    assert last_accuracy(record) == pytest.approx(0.8)
    odds = late_odds(record.p_label, record.margin)
    assert odds[LATE_FLIPS] == pytest.approx(7.0) and odds[WIDE_BOUNDARY] == pytest.approx(1.8)
    old = ds.find_label_issues(record, late_recall=None)
    assert old.decisive == 10 and old.indices.tolist() == SWINGING
    issues = ds.find_label_issues(record).indices.tolist()
    assert set(LATE_FLIPS + DECISIVE) <= set(issues)  # round 54 read all 8 epochs: 1.67 < 2, left 20-24 out
    assert not set(range(25, 46)) & set(issues)  # the split boundary examples the cuts removed stay out


def test_a_run_read_heavy_with_a_short_list_recalls_what_the_cuts_removed_from_a_lower_fit():
    """Round 58: ``_decisive_cut_run``'s 10 flips and 25 split boundary examples all sit below -0.9 on the
    last 3 epochs' clipped relative margins (35 of 200, 0.175: read heavy), and its list before the
    recalls (the 10 swinging examples) is short of 0.8 of its count of 45, so what the probability cuts
    removed comes back from a fit of 0.65, not 0.7; the flips only (the boundary's odds are 1.8). A list
    of 36 (not under 36) is not short; with 200 more fitted examples (35 of 400, under 0.1) the run
    reads light. Either way the bar stays 0.7. Without ``listed`` and ``count`` (the rule before round
    58) the first list is empty."""
    assert (HEAVY_SHARE, HEAVY_BELOW, RECALL_HEAVY_FROM, RECALL_SHORT) == (0.1, -0.9, 0.65, 0.8)
    removed = np.array(DECISIVE + BOUNDARY)
    heavy, light = _decisive_cut_run(), _decisive_cut_run(n=400)
    assert decisive_late_share(heavy.margin) == pytest.approx(0.175)
    assert decisive_late_share(light.margin) == pytest.approx(0.0875)
    assert round(ds.find_label_issues(heavy, late_recall=None).estimated) == 45
    for record, listed, at_069 in ((heavy, 10, DECISIVE), (heavy, 36, []), (light, 10, [])):
        last, kw = last_epochs_means(record.margin), dict(p_label=record.p_label, margin=record.margin)
        kw.update(listed=listed, count=45)
        assert removed_recalled(removed, last, **kw, fits=0.69, classes=4).tolist() == at_069
        assert removed_recalled(removed, last, **kw, fits=0.64, classes=4).tolist() == []
        assert removed_recalled(removed, last, **kw, fits=0.75, classes=4).tolist() == DECISIVE
    last, kw = last_epochs_means(heavy.margin), dict(p_label=heavy.p_label, margin=heavy.margin)
    assert removed_recalled(removed, last, **kw, fits=0.69, classes=4).tolist() == []
    assert removed_recalled(removed, last, **kw, fits=0.69, classes=4, listed=10, count=None).tolist() == []


def test_the_decisive_late_share_skips_unseen_epochs_and_examples():
    margin = np.array([[-3.0, 1.0, np.nan, 1.0], [-3.0, 1.0, np.nan, 1.0], [np.nan, 1.0, np.nan, 1.0]])
    assert decisive_late_share(margin) == pytest.approx(0.25)  # the first: 2 seen epochs; the third: never seen
    assert np.isnan(decisive_late_share(np.zeros((3, 0))))
