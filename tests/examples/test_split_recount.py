"""Where a run of three or more classes fits 0.7-0.9 of its labels, less than ``RECOUNT_BELOW`` of
its list is decisive and its decisive examples are fewer than ``RECOUNT_MISFITS`` of the examples
the last epoch misfits, the list keeps as many examples as the confident joint counts
(``descend.examples.split_recount``, session 20, round 31; the share gate 0.6 since round 34);
``recount_below=0.5`` restores round 33 and ``recount_below=None`` round 28 (each with
``split_over_joint=None``: round 36 cuts what the gate leaves whole)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    DECISIVE_BELOW,
    DECISIVE_FEW,
    RECOUNT_BELOW,
    RECOUNT_MISFITS,
    RECOUNT_PER_CLASS,
    decisive_listed,
    joint_count,
    joint_recounts,
    last_accuracy,
    suggested_labels,
)
from descend.training import ExampleRecord

FLIPS, SPLIT = list(range(30)), list(range(30, 70))


def _split_boundaries(
    classes: int = 4, n: int = 400, flips: list[int] = FLIPS, split: list[int] = SPLIT
) -> ExampleRecord:
    """``n`` examples (labels ``i % classes``) over 8 level epochs:

    - 70 onwards clean and fitted: 0.5 for the label, 0.3 for the strongest other class;
    - 0-29 flips fitted as their true class: 0.05 for the label, 0.85 for it (decisive);
    - 30-69 clean boundary examples the run left split: 0.2 for the label, 0.38 for a neighbour.

    The last epoch misfits the 70 flips and split examples (fits 330 / 400 = 0.825); the list holds
    all 70, 30 of them decisive (0.43: above round 23's share gate, below 0.5), and 30 is at least
    round 27's floor (0.06 x 400 = 24) but below 0.6 x 70 = 42. The class bars sit near 0.44, which
    the flips' 0.85 passes and the split examples' 0.38 does not: the joint counts the 30 flips.
    """
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((8, n), 0.5), np.full((8, n), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, flips], other[:, flips] = 0.05, 0.85
    p[:, split], other[:, split] = 0.2, 0.38
    predicted[:, flips + split] = (labels[flips + split] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_the_joint_recounts_a_list_of_split_boundaries():
    record = _split_boundaries()
    assert last_accuracy(record) == pytest.approx(0.825)
    old = ds.find_label_issues(record, recount_below=None, split_over_joint=None, overrun_cut=None)
    assert sorted(old.indices.tolist()) == FLIPS + SPLIT and old.joint is None and old.decisive is None
    decisive = decisive_listed(record.p_label, record.margin, old.indices)
    assert decisive == 30 and DECISIVE_BELOW * 70 <= decisive < RECOUNT_BELOW * 70
    assert DECISIVE_FEW * record.n <= decisive < RECOUNT_MISFITS * (1 - 0.825) * record.n
    assert joint_count(record.p_label, record.margin, record.labels, suggested_labels(record)) == 30
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS and issues.joint == 30
    lower = ds.find_label_issues(record, recount_below=0.4, split_over_joint=None, overrun_cut=None)  # 0.43 decisive
    assert sorted(lower.indices.tolist()) == FLIPS + SPLIT


def test_a_list_over_half_decisive_is_recounted_under_the_refitted_gate():
    """Round 34: 40 flips and 30 split examples (fits 330 / 400 = 0.825). The list holds all 70, 40 of
    them decisive (0.57: over round 31's 0.5, under 0.6) and 40 < 0.6 x 70 = 42; the joint counts the
    40 flips, and the list is cut to them. At round 31's 0.5 it is left whole."""
    flips, split = list(range(40)), list(range(40, 70))
    record = _split_boundaries(flips=flips, split=split)
    assert last_accuracy(record) == pytest.approx(0.825) and RECOUNT_BELOW == 0.6
    old = ds.find_label_issues(record, recount_below=0.5, split_over_joint=None, overrun_cut=None)
    assert sorted(old.indices.tolist()) == flips + split and old.joint is None and old.decisive is None
    decisive = decisive_listed(record.p_label, record.margin, old.indices)
    assert decisive == 40 and 0.5 * 70 <= decisive < RECOUNT_BELOW * 70
    assert decisive < RECOUNT_MISFITS * (1 - 0.825) * record.n
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == flips and issues.joint == 40


def test_gates():
    assert joint_recounts(30, 70, 0.825, 4, n=400) and RECOUNT_PER_CLASS == 100
    assert not joint_recounts(30, 70, 0.825, 4, n=399)  # fewer than 100 examples a class
    assert not joint_recounts(30, 70, 0.825, 4, n=400, misfit_share=0.4)  # 30 >= 0.4 x 70
    assert joint_recounts(35, 70, 0.825, 4, n=400) and joint_recounts(41, 70, 0.825, 4, n=400, misfit_share=1)
    assert not joint_recounts(42, 70, 0.825, 4, n=400, misfit_share=1)  # 0.6 of the list decisive
    assert not joint_recounts(35, 70, 0.825, 4, n=400, below=0.5)  # round 31's gate: half the list decisive
    assert not joint_recounts(30, 70, 0.92, 4, n=400) and not joint_recounts(30, 70, 0.65, 4, n=400)
    assert not joint_recounts(30, 70, 0.825, 2, n=400) and not joint_recounts(30, 70, 0.825, 4, n=400, below=None)
    assert not joint_recounts(0, 0, 0.825, 4, n=400) and not joint_recounts(30, 70, float("nan"), 4, n=400)


def test_a_binary_run_is_left_alone():
    record = _split_boundaries(classes=2)
    assert ds.find_label_issues(record).joint is None


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, float("nan")])
def test_bad_shares_raise(bad):
    with pytest.raises((ValueError, TypeError), match="recount_below"):
        ds.find_label_issues(_split_boundaries(), recount_below=bad)
