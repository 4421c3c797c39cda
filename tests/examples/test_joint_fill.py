"""Where a run of three or more classes fits 0.55-0.8 of its labels, at least ``FILL_DECISIVE`` of its
list is decisive and the confident joint counts more than it lists, the list takes in the run's other
decisive examples up to the joint's count (``descend.examples.joint_fill``, session 20, round 35);
``joint_fill=None`` restores round 34."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    FILL_DECISIVE,
    FILL_FITS_BELOW,
    FILL_FITS_FROM,
    decisive_listed,
    joint_count,
    joint_filled,
    joint_fills,
)
from descend.training import ExampleRecord

FLIPS = list(range(60))


def _short_list(n: int = 300, classes: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``n`` examples (labels ``i % classes``, suggested the next class) over 6 epochs: 0-59 flips the
    run places decisively in their true class (0.05 for the label, 0.85 for it); 60-89 clean examples
    it leaves split (0.4 for the label, 0.45 for a neighbour: not decisive); the rest fitted (0.8 and
    0.15). The count stopped short: the list holds flips 0-39 only."""
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((6, n), 0.8), np.full((6, n), 0.15)
    p[:, FLIPS], other[:, FLIPS] = 0.05, 0.85
    p[:, 60:90], other[:, 60:90] = 0.4, 0.45
    return p, np.log(p / other), labels, (labels + 1) % classes


def test_a_short_decisive_list_takes_in_the_other_decisive_examples_up_to_the_joint():
    p, m, labels, suggested = _short_list()
    order = np.arange(40)
    assert decisive_listed(p, m, order) == 40 and joint_count(p, m, labels, suggested) == 60
    filled = joint_filled(order, p, m, labels, suggested, fits=0.7, classes=3)
    assert filled[:40].tolist() == list(range(40)) and sorted(filled.tolist()) == FLIPS  # the 20 flips left out
    assert joint_filled(order, p, m, labels, suggested, fits=0.7, classes=3, at=None).tolist() == order.tolist()


def test_the_gates():
    p, m, labels, suggested = _short_list()
    order = np.arange(40)
    for fits in (FILL_FITS_FROM - 0.01, FILL_FITS_BELOW, float("nan")):  # unfitted regions; memorising
        assert joint_filled(order, p, m, labels, suggested, fits=fits, classes=3).tolist() == order.tolist()
    mixed = np.r_[np.arange(30), np.arange(60, 70)]  # 30 of 40 decisive: 0.75 < 0.8
    assert joint_filled(mixed, p, m, labels, suggested, fits=0.7, classes=3).tolist() == mixed.tolist()
    assert joint_filled(np.arange(60), p, m, labels, suggested, fits=0.7, classes=3).tolist() == FLIPS  # joint = list
    assert joint_fills(40, 40, 60, 0.7, 2) == 0 and joint_fills(0, 0, 60, 0.7, 3) == 0
    assert joint_fills(32, 40, 60, 0.7, 3) == 20 and FILL_DECISIVE == 0.8
    assert joint_fills(31, 40, 60, 0.7, 3) == 0


def _record() -> ExampleRecord:
    p, m, labels, _ = _short_list()
    predicted = np.where(p < 0.5, (labels + 1) % 3, labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(6)), loss=-np.log(p),
        p_label=p, margin=m, predicted=predicted, classes=3,
    )  # fmt: skip


def test_the_keyword():
    record = _record()
    assert (
        ds.find_label_issues(record, joint_fill=None).indices.tolist()
        == ds.find_label_issues(record, joint_fill=None, count=None).indices.tolist()
    )
    capped = ds.find_label_issues(record, count=40)  # a held-out count caps the list: no filling
    assert len(capped.indices) <= 40


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, float("nan")])
def test_bad_shares_raise(bad):
    with pytest.raises((ValueError, TypeError), match="joint_fill"):
        ds.find_label_issues(_record(), joint_fill=bad)
