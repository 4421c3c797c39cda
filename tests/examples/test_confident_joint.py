"""Where a run of three or more classes has left regions unfitted, the list is cut at the off-diagonal
count of a confident joint read from the run's own probabilities (``descend.examples.confident_joint``);
a binary run is left alone."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    JOINT_BELOW,
    JOINT_CAP_CLASSES,
    JOINT_CAP_COUNT,
    JOINT_CAP_FITS,
    JOINT_CAP_OVER,
    JOINT_CLASSES,
    JOINT_SHORTER,
    joint_caps,
    joint_count,
    joint_cut,
    last_accuracy,
    suggested_labels,
)
from descend.training import ExampleRecord

CLEAN, FLIPS, UNFITTED = list(range(100)), list(range(100, 112)), list(range(112, 160))


def _unfitted_regions() -> ExampleRecord:
    """160 examples of four classes (labels ``i % 4``) over 8 level epochs:

    - 0-99 clean and fitted: probability 0.9 for the label, 0.05 for the strongest other class;
    - 100-111 flips, fitted as their true class (label + 2): 0.05 for the label, 0.9 for it;
    - 112-159 clean ones in regions the run has not fitted: 0.04 for the label, 0.32 for each of
      the three others (predicted as label + 1): rejected as decisively as the flips.

    Margins are ``log(p_label / p_other)``: log 18 = 2.89 (clean, and the flips' -2.89) and
    log(1/8) = -2.08; the median |margin| is 2.89, so relative margins -1 and -0.72, both beyond
    the count's tail (0.7). The last epoch fits 100 of the 160 labels (0.625).
    """
    labels = (np.arange(160) % 4).astype(np.int64)
    p = np.full((8, 160), 0.9)
    other = np.full((8, 160), 0.05)
    predicted = np.tile(labels, (8, 1))
    p[:, FLIPS], other[:, FLIPS] = 0.05, 0.9
    predicted[:, FLIPS] = (labels[FLIPS] + 2) % 4
    p[:, UNFITTED], other[:, UNFITTED] = 0.04, 0.32
    predicted[:, UNFITTED] = (labels[UNFITTED] + 1) % 4
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=4,
    )  # fmt: skip


def test_an_unfitted_run_is_cut_at_its_confident_joint():
    record = _unfitted_regions()
    assert last_accuracy(record) == pytest.approx(100 / 160)
    # minor_pairs=None: here the unfitted-region examples fill each label's top pair (12 to label + 1)
    # and the flips (3 to label + 2) would leave as minor pairs (session 22, round 50)
    old = ds.find_label_issues(record, joint_below=None, minor_pairs=None)
    # the early half's tails count 60 rejected against 100 confirmed: 160 * 0.6 / 1.6 = 60, the
    # whole list of flips and unfitted-region examples
    assert old.estimated == pytest.approx(60.0)
    assert sorted(old.indices.tolist()) == FLIPS + UNFITTED
    assert old.joint is None
    # each class's bar: (25 * 0.9 + 3 * 0.05 + 12 * 0.04) / 40 = 0.578; a flip's true class is at
    # 0.9, above it; an unfitted-region example's strongest other class at 0.32, below: 12 counted
    assert joint_count(record.p_label, record.margin, record.labels, suggested_labels(record)) == 12
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS
    assert issues.joint == 12 and issues.estimated == pytest.approx(60.0)
    assert "and the 12 the run's confident joint counts (it has not fitted its training set)" in issues._header()
    assert "confident joint" not in repr(old)
    # 0.625 is not below 0.6: the run counts as fitted, and the list is the old one
    fitted = ds.find_label_issues(record, joint_below=0.6, minor_pairs=None)
    assert sorted(fitted.indices.tolist()) == FLIPS + UNFITTED
    assert (JOINT_BELOW, JOINT_SHORTER, JOINT_CLASSES) == (0.7, 0.9, 3)


def test_joint_count_and_cut_edges():
    # binary: the strongest other class is the only other one; NaN epochs are skipped
    p = np.array([[0.9, 0.2, np.nan], [0.7, 0.4, 0.6]])
    m = np.log(p / (1 - p))
    assert joint_count(p, m, [0, 0, 1], [1, 1, 0]) == 1  # bars 0.55 and 0.6: example 1 (0.7 for class 1)
    # a suggested class nobody is labelled with has no bar, and counts nothing
    assert joint_count([[0.1, 0.9]], np.log([[1 / 9, 9.0]]), [0, 0], [2, 2]) == 0
    # an example never seen counts nothing
    assert joint_count(np.full((2, 2), np.nan), np.full((2, 2), np.nan), [0, 1], [1, 0]) == 0
    assert joint_cut(53, 60, 0.6, 3) and not joint_cut(54, 60, 0.6, 3)  # below 0.9 times the list
    assert not joint_cut(12, 60, 0.7, 4) and joint_cut(12, 60, 0.69, 4)
    assert not joint_cut(12, 60, float("nan"), 3) and not joint_cut(12, 60, 0.5, 3, below=None)
    assert not joint_cut(0, 0, 0.5, 3)
    assert not joint_cut(12, 60, 0.5, 2) and joint_cut(12, 60, 0.5, 10)  # two classes: never
    for bad in (0, -0.5, 1.5, True, "0.7"):
        with pytest.raises(ValueError, match=r"^joint_below must be"):
            joint_cut(12, 60, 0.5, 3, below=bad)
        with pytest.raises(ValueError, match=r"^joint_below must be"):
            joint_cut(12, 60, 0.5, 2, below=bad)
        with pytest.raises(ValueError, match=r"^joint_below must be"):
            ds.find_label_issues(_unfitted_regions(), joint_below=bad)


def test_a_binary_run_is_left_alone():
    """Two classes, 80 each, over 8 level epochs: class 0 fitted (probability 0.95 for the label);
    of class 1, 20 fitted, 12 flips from class 0 (0.02 for the label, so 0.98 for their true class)
    and 48 clean ones in a region the run has not fitted (0.1 for the label). The last epoch fits
    100 of 160 (0.625). The bars are 0.95 and (19 + 0.24 + 4.8) / 80 = 0.30: the flips' other class
    (0.98) is above class 0's bar, the unfitted examples' (0.9) is not, so the joint counts the 12
    flips, below 0.9 times the list of 60; but with two classes the other class's probability is
    ``1 - p_label``, and which side of a bar it falls on says nothing about a spread over classes
    (label2's fresh-41: a binary checkerboard's lists cut at random): the list stays as it was."""
    labels = np.r_[np.zeros(80), np.ones(80)].astype(np.int64)
    flips, unfitted = list(range(100, 112)), list(range(112, 160))
    p = np.full((8, 160), 0.95)
    predicted = np.tile(labels, (8, 1))
    p[:, flips], p[:, unfitted] = 0.02, 0.1
    predicted[:, flips + unfitted] = 0
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / (1 - p)), predicted=predicted, classes=2,
    )  # fmt: skip
    fits = last_accuracy(record)
    assert fits == pytest.approx(0.625)
    old = ds.find_label_issues(record, joint_below=None)
    assert sorted(old.indices.tolist()) == flips + unfitted
    count = joint_count(record.p_label, record.margin, record.labels, suggested_labels(record))
    assert count == 12 and count < JOINT_SHORTER * len(old)
    assert joint_cut(count, len(old), fits, 3) and not joint_cut(count, len(old), fits, 2)
    issues = ds.find_label_issues(record)
    assert issues.joint is None
    assert issues.indices.tolist() == old.indices.tolist()
    assert repr(issues) == repr(old)


def _fitted_with_unfitted_regions(clean: int = 212) -> tuple[ExampleRecord, list[int], list[int]]:
    """``_unfitted_regions``' construct with more fitted clean examples (``clean`` of them, then 12
    flips and 48 unfitted-region examples): the last epoch fits clean / (clean + 60), 0.779 at 212."""
    n = clean + 60
    flips, unfitted = list(range(clean, clean + 12)), list(range(clean + 12, n))
    labels = (np.arange(n) % 4).astype(np.int64)
    p, other, predicted = np.full((8, n), 0.9), np.full((8, n), 0.05), np.tile(labels, (8, 1))
    p[:, flips], other[:, flips] = 0.05, 0.9
    predicted[:, flips] = (labels[flips] + 2) % 4
    p[:, unfitted], other[:, unfitted] = 0.04, 0.32
    predicted[:, unfitted] = (labels[unfitted] + 1) % 4
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=4,
    )  # fmt: skip
    return record, flips, unfitted


def test_a_long_list_of_a_run_fitting_075_to_08_is_capped_by_the_joint_no_cut_read():
    record, flips, unfitted = _fitted_with_unfitted_regions()
    assert last_accuracy(record) == pytest.approx(212 / 272)  # 0.779: the joint (under 0.7) is not read
    assert joint_count(record.p_label, record.margin, record.labels, suggested_labels(record)) == 12
    old = ds.find_label_issues(record, joint_below=None, minor_pairs=None)
    assert old.estimated == pytest.approx(60.0) and sorted(old.indices.tolist()) == flips + unfitted
    # count 60 >= 2 x 12 and the list 60 > 1.2 x 12: it keeps its first round(14.4) = 14, the 12 flips
    # (ranked first: decisive at -2.89 against -2.08) and 2 unfitted-region examples
    issues = ds.find_label_issues(record, minor_pairs=None)
    assert issues.joint is None and issues.indices.tolist() == flips + unfitted[:2]
    assert (JOINT_CAP_FITS, JOINT_CAP_OVER, JOINT_CAP_COUNT, JOINT_CAP_CLASSES) == ((0.75, 0.8), 1.2, 2.0, 5)
    # the fit gates: 170 / 230 = 0.739 and 250 / 310 = 0.806 are left alone, 180 / 240 = 0.75 is capped
    for clean, kept in ((170, 60), (250, 60), (180, 14)):
        record, _, _ = _fitted_with_unfitted_regions(clean)
        assert len(ds.find_label_issues(record, minor_pairs=None).indices) == kept


def test_joint_caps_gates():
    assert joint_caps(80, 132, 193.0, 0.79, 3) == 96  # fresh-78 trefoil3 s0 u10's figures
    assert joint_caps(80, 97, 193.0, 0.79, 3) == 96 and joint_caps(80, 96, 193.0, 0.79, 3) is None
    assert joint_caps(80, 132, 160.0, 0.79, 5) == 96 and joint_caps(80, 132, 159.0, 0.79, 3) is None
    assert joint_caps(80, 132, 193.0, 0.749, 3) is None and joint_caps(80, 132, 193.0, 0.8, 3) is None
    assert joint_caps(80, 132, 193.0, 0.79, 2) is None and joint_caps(80, 132, 193.0, 0.79, 6) is None
    assert joint_caps(80, 132, None, 0.79, 3) is None and joint_caps(0, 132, 193.0, 0.79, 3) is None
    assert joint_caps(80, 132, 193.0, float("nan"), 3) is None
