"""Where the split examples of a list ``decisive_share`` would cut span every pair of classes, in a
run of four classes or more (classes that overlap as wholes, not a boundary drawn in the wrong
place), the list is left as it was (``descend.examples.decisive_share.split_spans_pairs``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import OVERLAP_CLASSES, split_spans_pairs
from descend.training import ExampleRecord

FLIPS, SPLIT = list(range(10)), list(range(10, 35))


def _split(offsets: np.ndarray, classes: int = 4) -> ExampleRecord:
    """The record of ``tests/examples/test_decisive_share.py`` (10 decisive flips, 25 split clean
    examples at 0.25 / 0.45, 165 fitted clean ones; the last epoch fits 0.825), with the split
    example ``i`` predicted as class ``(label + offsets[i - 10]) % classes``."""
    labels = (np.arange(200) % classes).astype(np.int64)
    p, other = np.full((8, 200), 0.5), np.full((8, 200), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, FLIPS], other[:, FLIPS] = 0.1, 0.7
    p[:, SPLIT], other[:, SPLIT] = 0.25, 0.45
    predicted[:, FLIPS] = (labels[FLIPS] + 1) % classes
    predicted[:, SPLIT] = (labels[SPLIT] + offsets) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_split_examples_over_every_pair_leave_the_list():
    # offsets 1, 2, 3 in turn: the 25 split examples pair each label with each other class
    record = _split(1 + np.arange(25) % 3)
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS + SPLIT and issues.decisive is None
    assert "decisively in another class" not in issues._header()
    # the old rule (and a floor of 5 classes, above these 4) cuts the list to its 10 decisive examples
    for kwargs in ({"overlap_classes": None}, {"overlap_classes": 5}):
        cut = ds.find_label_issues(record, **kwargs)
        assert sorted(cut.indices.tolist()) == FLIPS and cut.decisive == 10
    assert OVERLAP_CLASSES == 4


def test_split_examples_on_neighbouring_pairs_are_cut():
    # offset 1 everywhere: pairs (0, 1), (1, 2), (2, 3), (0, 3), four of the six
    record = _split(np.ones(25, dtype=np.int64))
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS and issues.decisive == 10
    # with three classes every pair can border: the pairs are not read
    three = _split(1 + np.arange(25) % 2, classes=3)
    assert ds.find_label_issues(three).decisive is not None


def test_spans_edges():
    p, m = np.full((2, 5), 0.3), np.zeros((2, 5))
    p[:, 0], m[:, 0] = 0.1, np.log(0.1 / 0.8)  # example 0 is decisive, the rest split
    y = [0, 0, 1, 1, 0]
    assert split_spans_pairs(p, m, y, [1, 2, 2, 0, -1], range(5), 3, at=3)
    # the decisive example's pair (0, 1) does not count, nor a suggested label of -1
    assert not split_spans_pairs(p, m, y, [1, 2, 2, -1, -1], range(5), 3, at=3)
    assert not split_spans_pairs(p, m, y, [1, 2, 2, 0, -1], [], 3, at=3)
    assert not split_spans_pairs(p, m, y, [1, 2, 2, 0, -1], range(5), 3)  # 3 classes: below the floor of 4
    with pytest.raises(ValueError, match=r"^overlap_classes must be"):
        split_spans_pairs(p, m, y, [1, 2, 2, 0, -1], range(5), 3, at=2)
    with pytest.raises(ValueError, match=r"^overlap_classes must be"):
        ds.find_label_issues(_split(np.ones(25, dtype=np.int64)), overlap_classes=1.5)
