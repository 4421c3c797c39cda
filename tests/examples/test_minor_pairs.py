"""Where a run of three or more classes fits less than 0.9 of its labels and its list (at least 0.7
of the misfits) reads as class-conditional noise (0.65 of it in each label's top (given, suggested)
pair, the top pairs holding 10 or more suggesting distinct classes), the examples of a label's minor
pairs (at most 0.75 of its top pair, which holds 10 or more) leave the list
(``descend.examples.minor_pairs``, session 22, rounds 48 and 50); ``minor_pairs=None`` restores the
rule before round 48."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    MINOR_BELOW,
    MINOR_CONCENTRATION,
    MINOR_LEAST,
    MINOR_MISFITS,
    MINOR_PAIRS,
    minor_pair_examples,
)
from descend.training import ExampleRecord


def _class_conditional_run(victims: int = 6):
    """300 examples of 3 classes over 6 level epochs: 45 flips (0-44, 15 per label) placed
    decisively in label - 1, as class-conditional noise leaves them; ``victims`` clean examples of
    label 0 (45, 48, ...) argued as decisively towards label 1; the rest fitted."""
    n, classes, epochs = 300, 3, 6
    labels = (np.arange(n) % classes).astype(np.int64)
    p, other = np.full((epochs, n), 0.9), np.full((epochs, n), 0.05)
    predicted = np.tile(labels, (epochs, 1))
    flips, clean = np.arange(45), np.arange(45, 45 + 3 * victims, 3)
    p[:, flips], other[:, flips] = 0.05, 0.9
    p[:, clean], other[:, clean] = 0.05, 0.9
    predicted[:, flips] = (labels[flips] - 1) % classes
    predicted[:, clean] = 1
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(epochs)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_the_minor_pairs_of_a_class_conditional_list_leave_it():
    assert (MINOR_PAIRS, MINOR_CONCENTRATION, MINOR_LEAST, MINOR_BELOW, MINOR_MISFITS) == (0.75, 0.65, 10, 0.9, 0.7)
    record = _class_conditional_run()  # fits 249 / 300 = 0.83; a list of 51 >= 45
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == list(range(45))  # the 6 examples of the pair (0, 1) left
    old = ds.find_label_issues(record, minor_pairs=None)  # the rule before round 48 keeps them
    assert sorted(old.indices.tolist()) == list(range(45)) + [45, 48, 51, 54, 57, 60]
    kept = ds.find_label_issues(record, minor_pairs=0.3)  # 6 > 0.3 x 15: a pair too large to leave
    assert len(kept.indices) == 51


def test_round_50_widens_round_48():
    """Known answers that round 48 (ratio 0.5, fits from 0.7, a list of 0.15 n, no distinct top pairs) gets otherwise."""
    eight = ds.find_label_issues(_class_conditional_run(victims=8))  # 8 <= 0.75 x 15 (round 48: 8 > 7.5, 53 listed)
    assert sorted(eight.indices.tolist()) == list(range(45))
    twelve = ds.find_label_issues(_class_conditional_run(victims=12))  # 12 > 0.75 x 15: the pair stays
    assert len(twelve.indices) == 57


def _suggesting(order, listed):
    """Suggested labels over 240 examples: ``listed`` for the examples ``order``, -1 elsewhere."""
    suggested = np.full(240, -1)
    suggested[order] = listed
    return suggested


def test_the_gates():
    labels = np.repeat([0, 1, 2], 80)
    order = np.r_[0:12, 80:92, 160:172, 12:16]  # 12 listed per label in its top pair, 4 of label 0 in (0, 1)
    listed = np.r_[[2] * 12, [0] * 12, [1] * 12, [1] * 4]

    def leave(listed=listed, order=order, **kw):
        args = dict(fits=0.8, classes=3, n=240) | kw
        return minor_pair_examples(order, labels, _suggesting(order, listed), **args).nonzero()[0].tolist()

    assert leave() == [36, 37, 38, 39]
    assert leave(ratio=None) == [] and leave(ratio=0.3) == []  # 4 > 0.3 x 12
    assert leave(fits=0.9) == [] and leave(fits=float("nan")) == [] and leave(classes=2) == []
    assert leave(fits=0.6, n=90) == [36, 37, 38, 39]  # round 48 asked for fits from 0.7
    assert leave(n=280) == [36, 37, 38, 39]  # 40 >= 0.7 x 0.2 x 280 = 39.2 (round 48: 40 < 0.15 x 280 = 42)
    assert leave(n=300) == []  # 40 < 0.7 x 0.2 x 300 = 42
    few = listed.copy()
    few[3:12] = 1  # label 0: 3 in (0, 2), 13 in (0, 1): its top pair (0, 1) and label 2's (2, 1) share class 1
    assert leave(few) == []  # round 48: (0, 2)'s 3 leave
    few[3:12], few[36:40] = 2, 2  # label 0: 16 in (0, 2), nothing else
    assert leave(few) == []
    small = np.r_[0:9, 80:92, 160:172, 12:16]  # label 0's top pair holds 9 < 10: its pairs stay
    assert leave(np.r_[[2] * 9, [0] * 12, [1] * 12, [1] * 4], small, n=200) == []
    unknown = listed.copy()
    unknown[36:38] = -1  # no suggested label: never leaves, counts outside the top pairs
    assert leave(unknown) == [38, 39]
    diffuse = np.r_[[1, 2] * 6, [0, 2] * 6, [0, 1] * 6, [1] * 4]  # uniform noise: half in each pair
    assert leave(diffuse) == []
    shared = np.r_[[2] * 12, [2] * 12, [1] * 12, [1] * 4]  # labels 0 and 1 both suggest 2 (round 48: 36-39 leave)
    assert leave(shared) == []


@pytest.mark.parametrize("bad", [0, -0.5, 1.5, float("nan"), "0.5"])
def test_bad_ratios_raise(bad):
    with pytest.raises((ValueError, TypeError), match="minor_pairs"):
        ds.find_label_issues(_class_conditional_run(), minor_pairs=bad)
