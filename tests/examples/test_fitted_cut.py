"""Where a run of three or more classes fits 0.9 of its labels up to ``FITTED_CUT_BELOW`` and its list
is no longer than the last epoch's misfits and at least ``FITTED_CUT_OVER`` times its decisive count,
round 28's decisive cut applies (``descend.examples.fitted_cut``, session 20, rounds 39 and 40);
``fitted_cut=None`` restores round 37."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import DECISIVE_BELOW, DECISIVE_FITS_BELOW, FITTED_CUT_BELOW, FITTED_CUT_OVER, fitted_cuts
from descend.examples.probability_cuts import cut_by_probabilities
from descend.training import ExampleRecord


def _split_run(n: int = 400, classes: int = 4, flips: int = 10):
    """Over 6 level epochs: clean examples fitted (0.9 for the label, 0.05 for the strongest other
    class); ``flips`` flips (0-9) placed decisively in their true class (0.05 for the label, 0.9 for it);
    25 clean examples (the next 25) left split (0.3 for the label, 0.4 for a neighbour: not decisive)."""
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((6, n), 0.9), np.full((6, n), 0.05)
    p[:, :flips], other[:, :flips] = 0.05, 0.9
    p[:, flips : flips + 25], other[:, flips : flips + 25] = 0.3, 0.4
    return p, np.log(p / other), labels, (labels + 1) % classes


def test_a_split_list_within_the_misfits_is_cut_to_its_flips():
    p, m, labels, suggested = _split_run()
    order = np.arange(35)  # 10 of 35 decisive; fits 0.91 of 400: 36 misfits >= 35 listed
    assert FITTED_CUT_BELOW == 0.93 and DECISIVE_FITS_BELOW == 0.9 and 10 < DECISIVE_BELOW * 35
    out, joint, decisive = cut_by_probabilities(order, p, m, labels, suggested, fits=0.91, classes=4)
    assert out.tolist() == list(range(10)) and joint is None and decisive == 10
    old, _, old_decisive = cut_by_probabilities(order, p, m, labels, suggested, fits=0.91, classes=4, fitted_cut=None)
    assert old.tolist() == list(range(35)) and old_decisive is None
    high, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.94, classes=4)  # over the top
    assert high.tolist() == list(range(35))
    long, _, _ = cut_by_probabilities(np.arange(40), p, m, labels, suggested, fits=0.91, classes=4)  # 40 > 36
    assert long.tolist() == list(range(40))
    lower, _, _ = cut_by_probabilities(order, p, m, labels, suggested, fits=0.91, classes=4, fitted_cut=0.905)
    assert lower.tolist() == list(range(35))  # 0.91 over a top of 0.905


def test_a_precise_list_is_kept_whole():
    p, m, labels, suggested = _split_run(flips=20)
    assert FITTED_CUT_OVER == 1.1
    precise, _, decisive = cut_by_probabilities(np.arange(21), p, m, labels, suggested, fits=0.91, classes=4)
    assert precise.tolist() == list(range(21)) and decisive is None  # 21 < 1.1 x 20 decisive: kept whole
    split, _, decisive = cut_by_probabilities(np.arange(23), p, m, labels, suggested, fits=0.91, classes=4)
    assert split.tolist() == list(range(20)) and decisive == 20  # 23 >= 1.1 x 20: cut to the 20 flips
    assert fitted_cuts(20, 21, 0.91, 4, n=400, over=None) and not fitted_cuts(20, 21, 0.91, 4, n=400)
    assert fitted_cuts(20, 30, 0.91, 4, n=400, over=1.5) and not fitted_cuts(20, 29, 0.91, 4, n=400, over=1.5)


def test_the_gates():
    assert fitted_cuts(15, 30, 0.91, 4, n=400)
    assert not fitted_cuts(15, 37, 0.91, 4, n=400)  # 37 > 0.09 x 400
    assert not fitted_cuts(15, 30, 0.93, 4, n=400)  # at the top
    assert not fitted_cuts(15, 30, 0.85, 4, n=400)  # round 28's own band
    assert not fitted_cuts(25, 30, 0.91, 4, n=400)  # mostly decisive
    assert not fitted_cuts(15, 30, 0.91, 2, n=400)  # two classes
    assert not fitted_cuts(0, 0, 0.91, 4, n=400)
    assert not fitted_cuts(0, 30, 0.91, 4, n=400)  # nothing decisive
    assert not fitted_cuts(15, 30, float("nan"), 4, n=400)
    assert not fitted_cuts(15, 30, 0.91, 4, n=400, top=None)
    assert not fitted_cuts(15, 30, 0.91, 4, n=400, below=None)


def test_bad_values():
    p, m, labels, _ = _split_run()
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(6)), loss=-np.log(p),
        p_label=p, margin=m, predicted=np.tile(labels, (6, 1)), classes=4,
    )  # fmt: skip
    for bad in (0, 1.5, float("nan"), "x"):
        with pytest.raises((ValueError, TypeError), match="fitted_cut"):
            ds.find_label_issues(record, fitted_cut=bad)
    for bad in (0.5, float("nan"), "x"):
        with pytest.raises((ValueError, TypeError), match="over"):
            fitted_cuts(20, 30, 0.91, 4, n=400, over=bad)
