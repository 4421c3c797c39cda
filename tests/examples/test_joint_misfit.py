"""Where the confident joint counts nearly every example the last epoch misfits (at least
``JOINT_MISFIT_AT`` = 0.77 of them), it no longer tells flips from the clean examples of regions the
run placed confidently in another class, and does not cut the list
(``descend.examples.confident_joint``, session 19, label9); ``joint_misfit_at=None`` restores round 20."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import JOINT_MISFIT_AT, joint_count, joint_cut, last_accuracy, suggested_labels
from descend.training import ExampleRecord

FLIPS, CONFIDENT, SPLIT = list(range(100, 112)), list(range(112, 152)), list(range(152, 160))


def _misplaced_regions() -> ExampleRecord:
    """160 examples of four classes (labels ``i % 4``) over 8 level epochs:

    - 0-99 clean and fitted: 0.9 for the label, 0.05 for the strongest other class;
    - 100-111 flips, fitted as their true class (label + 2): 0.05 for the label, 0.9 for it;
    - 112-151 clean ones in regions the run placed confidently in another class (label + 1): 0.05
      for the label, 0.9 for it, as the flips (a plaid the network drew the wrong way);
    - 152-159 clean ones in regions it left split: 0.04 for the label, 0.32 for each other class.

    The last epoch misfits 60 of the 160 labels (fits 0.625); the list holds all 60; the joint
    counts the 52 placed confidently (bars near 0.58), 52 < 0.9 x 60, so round 20 cuts to 52; but
    52 is 0.87 of the 60 misfits, at least 0.77.
    """
    labels = (np.arange(160) % 4).astype(np.int64)
    p, other = np.full((8, 160), 0.9), np.full((8, 160), 0.05)
    predicted = np.tile(labels, (8, 1))
    p[:, FLIPS + CONFIDENT], other[:, FLIPS + CONFIDENT] = 0.05, 0.9
    predicted[:, FLIPS] = (labels[FLIPS] + 2) % 4
    predicted[:, CONFIDENT] = (labels[CONFIDENT] + 1) % 4
    p[:, SPLIT], other[:, SPLIT] = 0.04, 0.32
    predicted[:, SPLIT] = (labels[SPLIT] + 1) % 4
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=4,
    )  # fmt: skip


def test_a_joint_counting_nearly_every_misfit_does_not_cut():
    record = _misplaced_regions()
    assert last_accuracy(record) == pytest.approx(100 / 160)
    assert joint_count(record.p_label, record.margin, record.labels, suggested_labels(record)) == 52
    old = ds.find_label_issues(record, joint_misfit_at=None)
    assert len(old.indices) == 52 and old.joint == 52
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS + CONFIDENT + SPLIT and issues.joint is None
    assert len(ds.find_label_issues(record, joint_misfit_at=0.9).indices) == 52  # 52 < 0.9 x 60
    assert JOINT_MISFIT_AT == 0.77


def test_guard_edges():
    assert joint_cut(46, 60, 0.625, 4, misfits=60) and not joint_cut(47, 60, 0.625, 4, misfits=60)
    assert joint_cut(47, 60, 0.625, 4, misfits=60, misfit_at=None) and joint_cut(47, 60, 0.625, 4)
    assert not joint_cut(46, 60, 0.75, 4, misfits=60)


@pytest.mark.parametrize("bad", [0.0, -0.5, float("nan")])
def test_bad_shares_raise(bad):
    with pytest.raises(ValueError):
        ds.find_label_issues(_misplaced_regions(), joint_misfit_at=bad)
