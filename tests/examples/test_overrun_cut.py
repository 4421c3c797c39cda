"""Where a run of three or more classes fits 0.8-0.93 of its labels and its list, no longer than the
examples it misfits, holds 1.2 times its decisive count or more (with at most 0.7 of the misfits
decisive), the list is cut to that count (``descend.examples.overrun_cut``, session 21, round 42: round 41 with a ratio of 1.2);
``overrun_cut=None`` restores the rule before it."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    OVERRUN_BELOW,
    OVERRUN_DECISIVE,
    OVERRUN_FROM,
    OVERRUN_OVER,
    overrun_cuts,
)
from descend.examples.probability_cuts import cut_by_probabilities


def _overrun_run(n: int = 400, classes: int = 4):
    """Over 6 level epochs: 40 flips (0-39) placed decisively in another class (0.05 for the label,
    0.9 for it), 10 clean boundary examples (40-49) split between their label and a neighbour (0.45
    each), the other 350 fitted (0.9 for the label, 0.05 for the strongest other class)."""
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((6, n), 0.9), np.full((6, n), 0.05)
    p[:, :40], other[:, :40] = 0.05, 0.9
    p[:, 40:50], other[:, 40:50] = 0.45, 0.45
    return p, np.log(p / other), labels, (labels + 1) % classes


def test_a_list_within_the_misfits_that_overruns_its_decisive_count_is_cut_to_it():
    p, m, labels, suggested = _overrun_run()
    order = np.arange(50)  # 40 flips and 10 split examples; fits 0.85: 60 misfits
    assert (OVERRUN_OVER, OVERRUN_DECISIVE, OVERRUN_FROM, OVERRUN_BELOW) == (1.2, 0.7, 0.8, 0.93)
    out, joint, decisive = cut_by_probabilities(order, p, m, labels, suggested, fits=0.85, classes=4)
    assert out.tolist() == list(range(40)) and joint is None and decisive == 40
    old, _, old_decisive = cut_by_probabilities(
        order, p, m, labels, suggested, fits=0.85, classes=4, overrun_cut=None
    )  # fmt: skip
    assert old.tolist() == list(range(50)) and old_decisive is None  # the rule before it keeps the list whole
    for fits in (0.78, 0.94):  # outside the band of fits
        kept, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=fits, classes=4)
        assert kept.tolist() == list(range(50))
    longer = np.r_[order, np.arange(50, 61)]  # 61 listed: more than the 60 misfits (a memorising run)
    kept, _, _ = cut_by_probabilities(longer, p, m, labels, suggested, fits=0.85, classes=4)
    assert kept.tolist() == longer.tolist()
    short = np.r_[np.arange(40), np.arange(40, 47)]  # 47 < 1.2 x 40 (round 41's 1.1 cut it): left whole
    kept, _, _ = cut_by_probabilities(short, p, m, labels, suggested, fits=0.85, classes=4)
    assert kept.tolist() == short.tolist()
    cut, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.85, classes=4, overrun_cut=1.3)
    assert cut.tolist() == list(range(50))  # 50 < 1.3 x 40
    cut, _, _ = cut_by_probabilities(short, p, m, labels, suggested, fits=0.85, classes=4, overrun_cut=1.1)
    assert cut.tolist() == list(range(40))  # round 41's ratio: 47 >= 1.1 x 40


def test_the_gates():
    assert overrun_cuts(60, 80, 0.88, 4, n=800) and overrun_cuts(60, 72, 0.8, 3, n=800)
    assert not overrun_cuts(60, 71, 0.88, 4, n=800)  # 71 < 1.2 x 60
    assert overrun_cuts(60, 71, 0.88, 4, n=800, over=1.1)  # round 41's ratio
    assert not overrun_cuts(60, 100, 0.88, 4, n=800)  # 100 > 96 misfits
    assert not overrun_cuts(70, 80, 0.88, 4, n=800)  # 70 > 0.7 x 96 decisive
    assert not overrun_cuts(60, 80, 0.79, 4, n=800) and not overrun_cuts(40, 50, 0.93, 4, n=800)
    assert not overrun_cuts(60, 80, 0.88, 2, n=800) and not overrun_cuts(0, 10, 0.88, 4, n=800)
    assert not overrun_cuts(60, 80, float("nan"), 4, n=800) and not overrun_cuts(60, 80, 0.88, 4, n=800, over=None)


@pytest.mark.parametrize("bad", [0.5, -1, float("nan"), "1.1"])
def test_bad_ratios_raise(bad):
    p, m, labels, _ = _overrun_run()
    record = ds.training.ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(6)), loss=-np.log(p),
        p_label=p, margin=m, predicted=np.tile(labels, (6, 1)), classes=4,
    )  # fmt: skip
    with pytest.raises((ValueError, TypeError), match="overrun_cut"):
        ds.find_label_issues(record, overrun_cut=bad)
