"""Where a run of three or more classes fits 0.9 of its labels or more and every listed example is
decisive, the list takes in the run's other decisive examples (``descend.examples.fitted_extend``,
session 20, round 37: round 28's extension above its band of fits); ``fitted_extend=None`` restores
round 36."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    DECISIVE_FITS_BELOW,
    FITTED_EXTEND,
    fitted_extends,
)
from descend.examples.probability_cuts import cut_by_probabilities


def _fitted_run(n: int = 400, classes: int = 4):
    """Over 6 level epochs: 380 clean examples fitted (0.9 for the label, 0.05 for the strongest
    other class); 20 flips (0-19) placed in their true class, decisively (0.05 for the label, 0.9
    for it), the flip 19 most so (0.02), then 18, and so on. The run fits 380 / 400 = 0.95."""
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((6, n), 0.9), np.full((6, n), 0.05)
    p[:, :20] = 0.05
    p[:, 15:20] = np.linspace(0.04, 0.02, 5)  # 19 the most decisive of the five left out
    other[:, :20] = 0.9
    return p, np.log(p / other), labels, (labels + 1) % classes


def test_a_precise_short_list_takes_in_the_flips_it_left_out():
    p, m, labels, suggested = _fitted_run()
    order = np.arange(15)  # the count stopped the list 5 short of the flips
    assert FITTED_EXTEND == 1.0 and DECISIVE_FITS_BELOW == 0.9
    out, joint, decisive = cut_by_probabilities(order, p, m, labels, suggested, fits=0.95, classes=4)
    assert out.tolist() == list(range(15)) + [19, 18, 17, 16, 15] and joint is None and decisive is None
    old, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.95, classes=4, fitted_extend=None)
    assert old.tolist() == list(range(15))
    capped, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.95, classes=4, extend=False)
    assert capped.tolist() == list(range(15))  # a held-out count caps the list: no extension
    clean = np.r_[order[:14], 30]  # one listed example the run fits: not all decisive
    kept, _, _ = cut_by_probabilities(clean, p, m, labels, suggested, fits=0.95, classes=4)
    assert kept.tolist() == clean.tolist()


def test_the_gates():
    assert fitted_extends(38, 38, 0.95, 4) and fitted_extends(38, 38, 0.9, 4) and fitted_extends(38, 38, 1.0, 3)
    assert not fitted_extends(37, 38, 0.95, 4)  # one listed example not decisive
    assert fitted_extends(37, 38, 0.95, 4, at=0.95)
    assert not fitted_extends(38, 38, 0.89, 4)  # round 28's band
    assert not fitted_extends(38, 38, 0.95, 2) and not fitted_extends(0, 0, 0.95, 4)
    assert not fitted_extends(38, 38, float("nan"), 4) and not fitted_extends(38, 38, 0.95, 4, at=None)


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, float("nan")])
def test_bad_shares_raise(bad):
    p, m, labels, _ = _fitted_run()
    record = ds.training.ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(6)), loss=-np.log(p),
        p_label=p, margin=m, predicted=np.tile(labels, (6, 1)), classes=4,
    )  # fmt: skip
    with pytest.raises((ValueError, TypeError), match="fitted_extend"):
        ds.find_label_issues(record, fitted_extend=bad)
