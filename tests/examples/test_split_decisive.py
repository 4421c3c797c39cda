"""Where a run of three or more classes fits 0.7-0.9 of its labels, its decisive examples are under
``RECOUNT_MISFITS`` of the examples the last epoch misfits and its list holds at least
``SPLIT_OVER_JOINT`` times the confident joint's count, the list keeps its decisive count
(``descend.examples.split_decisive``, session 20, round 36); ``split_over_joint=None`` restores
round 34."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    RECOUNT_BELOW,
    RECOUNT_MISFITS,
    SPLIT_OVER_JOINT,
    decisive_listed,
    decisive_recuts,
    joint_count,
    last_accuracy,
    suggested_labels,
)
from descend.training import ExampleRecord

STRONG, WEAK, SPLIT, MISFIT = list(range(25)), list(range(25, 40)), list(range(40, 60)), list(range(60, 70))


def _weak_flips(classes: int = 4, n: int = 400) -> ExampleRecord:
    """``n`` examples (labels ``i % classes``) over 8 level epochs:

    - 70 onwards clean and fitted: 0.5 for the label, 0.3 for the strongest other class;
    - 0-24 flips fitted as their true class: 0.05 for the label, 0.85 for it (decisive, over the
      joint's class bars near 0.45);
    - 25-39 flips held weakly in their true class: 0.1 for the label, 0.4 for it (decisive: 0.4 >
      2 x 0.1; under the bars, so the joint leaves them out);
    - 40-59 clean boundary examples the run left split: 0.2 for the label, 0.38 for a neighbour;
    - 60-69 clean examples the last epoch misfits, fitted as the others before it.

    The last epoch misfits 70 (fits 330 / 400 = 0.825); the list holds the 60 examples 0-59, 40 of
    them decisive (0.67: over round 34's share gate, so round 31 does not recount it) and 40 < 0.6 x
    70 = 42. The joint counts the 25 strong flips, and 60 >= 1.7 x 25 = 42.5.
    """
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((8, n), 0.5), np.full((8, n), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, STRONG], other[:, STRONG] = 0.05, 0.85
    p[:, WEAK], other[:, WEAK] = 0.1, 0.4
    p[:, SPLIT], other[:, SPLIT] = 0.2, 0.38
    listed = STRONG + WEAK + SPLIT
    predicted[:, listed] = (labels[listed] + 1) % classes
    predicted[-1, MISFIT] = (labels[MISFIT] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_a_list_over_the_joint_is_cut_to_its_decisive_count():
    record = _weak_flips()
    assert last_accuracy(record) == pytest.approx(0.825) and SPLIT_OVER_JOINT == 1.7
    old = ds.find_label_issues(record, split_over_joint=None, overrun_cut=None)  # round 41 off too
    assert sorted(old.indices.tolist()) == STRONG + WEAK + SPLIT and old.joint is None and old.decisive is None
    decisive = decisive_listed(record.p_label, record.margin, old.indices)
    assert decisive == 40 and RECOUNT_BELOW * 60 <= decisive < RECOUNT_MISFITS * 70
    joint = joint_count(record.p_label, record.margin, record.labels, suggested_labels(record))
    assert joint == 25 and 60 >= SPLIT_OVER_JOINT * joint
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == STRONG + WEAK and issues.decisive == 40 and issues.joint is None
    assert (
        sorted(ds.find_label_issues(record, split_over_joint=2.5, overrun_cut=None).indices.tolist())
        == STRONG + WEAK + SPLIT
    )


def test_the_gates():
    assert decisive_recuts(40, 60, 0.825, 4, n=400, joint=25)
    assert not decisive_recuts(40, 60, 0.825, 4, n=400, joint=36)  # 60 < 1.7 x 36
    assert not decisive_recuts(43, 60, 0.825, 4, n=400, joint=25)  # 43 >= 0.6 x 70
    assert not decisive_recuts(40, 60, 0.65, 4, n=400, joint=25)  # below the band of fits
    assert not decisive_recuts(40, 60, 0.9, 4, n=400, joint=25)  # memorising
    assert not decisive_recuts(40, 60, 0.825, 2, n=400, joint=25)  # two classes
    assert not decisive_recuts(40, 60, 0.825, 4, n=399, joint=25)  # under 100 a class
    assert not decisive_recuts(60, 60, 0.825, 4, n=1000, joint=25)  # all decisive: nothing to cut
    assert not decisive_recuts(0, 0, 0.825, 4, n=400)
    assert not decisive_recuts(40, 60, float("nan"), 4, n=400, joint=25)
    assert not decisive_recuts(40, 60, 0.825, 4, n=400, joint=25, over=None)


def test_bad_values():
    record = _weak_flips()
    for bad in (0, -1.0, float("nan"), "x"):
        with pytest.raises((ValueError, TypeError), match="split_over_joint"):
            ds.find_label_issues(record, split_over_joint=bad)
