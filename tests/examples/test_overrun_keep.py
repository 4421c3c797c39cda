"""Where the overrun cut's gate holds but a list is under 1.2 times its decisive count, the list keeps
its decisive examples, wherever its split examples rank (``descend.examples.overrun_keep``, session 21,
round 43); ``overrun_keep=None`` restores the rule before it."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import OVERRUN_KEEP, OVERRUN_OVER, decisive_kept, overrun_keeps
from descend.examples.probability_cuts import cut_by_probabilities


def _keep_run(n: int = 400, classes: int = 4):
    """Over 6 level epochs: 40 flips (0-39) placed decisively in another class (0.05 for the label,
    0.9 for it), 10 clean boundary examples (40-49) split between their label and a neighbour (0.45
    each), the other 350 fitted (0.9 for the label, 0.05 for the strongest other class)."""
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((6, n), 0.9), np.full((6, n), 0.05)
    p[:, :40], other[:, :40] = 0.05, 0.9
    p[:, 40:50], other[:, 40:50] = 0.45, 0.45
    return p, np.log(p / other), labels, (labels + 1) % classes


FLIPS = list(range(40))


def test_a_list_under_the_cut_ratio_keeps_its_decisive_examples():
    p, m, labels, suggested = _keep_run()
    order = np.r_[np.arange(30), np.arange(40, 45), np.arange(30, 40)]  # 5 split examples ranked above 10 flips
    assert (OVERRUN_KEEP, OVERRUN_OVER) == (1.0, 1.2)  # 45 listed, 40 decisive, fits 0.85: 60 misfits
    out, joint, decisive = cut_by_probabilities(order, p, m, labels, suggested, fits=0.85, classes=4)
    assert out.tolist() == FLIPS and joint is None and decisive == 40
    old, _, old_decisive = cut_by_probabilities(order, p, m, labels, suggested, fits=0.85, classes=4, overrun_keep=None)
    assert old.tolist() == order.tolist() and old_decisive is None  # the rule before it keeps the list whole
    cut, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.85, classes=4, overrun_cut=1.1)
    assert cut.tolist() == order[:40].tolist()  # round 41's ratio cuts first: the first 40, 5 flips lost
    for fits in (0.78, 0.94):  # outside the band of fits
        kept, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=fits, classes=4)
        assert kept.tolist() == order.tolist()
    longer = np.r_[order, np.arange(50, 66)]  # 61 listed: more than the 60 misfits (a memorising run)
    kept, _, _ = cut_by_probabilities(longer, p, m, labels, suggested, fits=0.85, classes=4)
    assert kept.tolist() == longer.tolist()
    wider = np.r_[order, np.arange(45, 50)]  # 50 >= 1.2 x 40: round 42's cut, the first 40
    kept, _, _ = cut_by_probabilities(wider, p, m, labels, suggested, fits=0.85, classes=4)
    assert kept.tolist() == order[:40].tolist()
    kept, _, _ = cut_by_probabilities(wider, p, m, labels, suggested, fits=0.85, classes=4, overrun_cut=None)
    assert kept.tolist() == FLIPS  # without round 42, the keep takes any overrun
    kept, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.85, classes=4, overrun_keep=1.2)
    assert kept.tolist() == order.tolist()  # 45 <= 1.2 x 40


def test_the_gates_and_the_kept_examples():
    assert overrun_keeps(60, 61, 0.88, 4, n=800) and not overrun_keeps(60, 60, 0.88, 4, n=800)
    assert not overrun_keeps(60, 100, 0.88, 4, n=800)  # 100 > 96 misfits
    assert not overrun_keeps(70, 80, 0.88, 4, n=800)  # 70 > 0.7 x 96 decisive
    assert not overrun_keeps(60, 70, 0.79, 4, n=800) and not overrun_keeps(40, 50, 0.93, 4, n=800)
    assert not overrun_keeps(60, 70, 0.88, 2, n=800) and not overrun_keeps(0, 10, 0.88, 4, n=800)
    assert not overrun_keeps(60, 70, float("nan"), 4, n=800) and not overrun_keeps(60, 70, 0.88, 4, n=800, over=None)
    p, m, _, _ = _keep_run()
    assert decisive_kept(p, m, [45, 3, 41, 0]).tolist() == [3, 0] and decisive_kept(p, m, []).tolist() == []


@pytest.mark.parametrize("bad", [0.5, -1, float("nan"), "1.1"])
def test_bad_ratios_raise(bad):
    p, m, labels, _ = _keep_run()
    record = ds.training.ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(6)), loss=-np.log(p),
        p_label=p, margin=m, predicted=np.tile(labels, (6, 1)), classes=4,
    )  # fmt: skip
    with pytest.raises((ValueError, TypeError), match="overrun_keep"):
        ds.find_label_issues(record, overrun_keep=bad)
