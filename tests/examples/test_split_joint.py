"""Where a run of three or more classes fits 0.7-0.8 of its labels, under 0.7 of its list (but at
least the 0.35 ``decisive_share`` cuts below) is placed decisively in another class, and the
confident joint counts under 0.75 times those, the list keeps as many as the joint counts
(``descend.examples.split_joint``); a binary run, or one outside the band, is left alone."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend._checks import InvalidArgument
from descend.examples import (
    SPLIT_JOINT_BELOW,
    SPLIT_JOINT_ODDS,
    decisive_listed,
    joint_count,
    last_accuracy,
    split_joint_cut,
    suggested_labels,
)
from descend.training import ExampleRecord

FLIPS, NEAR, SPLIT = list(range(10)), list(range(10, 18)), list(range(18, 50))


def _partly_split(classes: int = 3) -> ExampleRecord:
    """200 examples (labels ``i % classes``) over 8 level epochs:

    - 50-199 clean and fitted: probability 0.5 for the label, 0.3 for the strongest other class;
    - 0-9 flips, fitted as their true class: 0.05 for the label, 0.85 for it (decisive, and above
      every class's mean self-confidence, about 0.41: the confident joint counts them);
    - 10-17 clean ones near a boundary drawn in the wrong place: 0.1 for the label, 0.36 for a
      neighbour (3.6 times: decisive, but under the neighbour's mean self-confidence);
    - 18-49 clean ones on a boundary the run has not drawn: 0.2 for the label, 0.35 for a
      neighbour (1.75 times: split).

    The 50 rejected ones are predicted as the neighbour; the last epoch fits 150 of 200 (0.75).
    The list holds the 50, 18 of them decisive (0.36); the joint counts the 10 flips.
    """
    labels = (np.arange(200) % classes).astype(np.int64)
    p, other = np.full((8, 200), 0.5), np.full((8, 200), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, FLIPS], other[:, FLIPS] = 0.05, 0.85
    p[:, NEAR], other[:, NEAR] = 0.1, 0.36
    p[:, SPLIT], other[:, SPLIT] = 0.2, 0.35
    predicted[:, FLIPS + NEAR + SPLIT] = (labels[FLIPS + NEAR + SPLIT] + 1) % classes
    if classes == 2:  # the one other class holds the rest
        other = 1.0 - p
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_a_partly_split_list_keeps_the_joints_count():
    record = _partly_split()
    assert last_accuracy(record) == pytest.approx(150 / 200)
    old = ds.find_label_issues(record, split_joint_below=None)
    assert sorted(old.indices.tolist()) == FLIPS + NEAR + SPLIT and old.decisive is None
    assert decisive_listed(record.p_label, record.margin, old.indices) == 18  # 0.36 of 50
    assert joint_count(record.p_label, record.margin, record.labels, suggested_labels(record)) == 10
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS and issues.split_joint == 10
    assert "the 10 the run's confident joint counts (it has not fitted" in issues._header()
    assert old.split_joint is None and "confident joint" not in old._header()


def test_outside_the_rule_the_list_is_left_alone():
    binary = _partly_split(classes=2)
    assert ds.find_label_issues(binary).split_joint is None
    assert ds.find_label_issues(_partly_split(), tail=None).split_joint is None


def test_the_cut():
    assert (SPLIT_JOINT_BELOW, SPLIT_JOINT_ODDS) == (0.7, 0.75)
    assert split_joint_cut(10, 18, 50, 0.75, 3)
    assert not split_joint_cut(14, 18, 50, 0.75, 3)  # 14 >= 0.75 * 18
    assert not split_joint_cut(10, 35, 50, 0.75, 3)  # 0.7 of the list decisive
    assert not split_joint_cut(10, 18, 50, 0.8, 3) and split_joint_cut(10, 18, 50, 0.7, 3)
    assert not split_joint_cut(10, 18, 50, 0.69, 3) and not split_joint_cut(10, 18, 50, float("nan"), 3)
    assert not split_joint_cut(10, 18, 50, 0.75, 2) and not split_joint_cut(0, 0, 0, 0.75, 3)
    assert not split_joint_cut(10, 18, 50, 0.75, 3, below=None)
    for bad in (0, 1.5, -0.1, "x"):
        with pytest.raises(InvalidArgument):
            split_joint_cut(10, 18, 50, 0.75, 3, below=bad)
        with pytest.raises(InvalidArgument):
            ds.find_label_issues(_partly_split(), split_joint_below=bad)
