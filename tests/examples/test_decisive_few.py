"""Where a run of three or more classes fits 0.7-0.9 of its labels and its decisive examples are
fewer than ``DECISIVE_FEW`` of the training set, the list keeps as many examples as it places
decisively in another class even where more than ``DECISIVE_BELOW`` of it is decisive
(``descend.examples.decisive_share``, round 27); ``decisive_few=None`` restores the share alone."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import DECISIVE_BELOW, DECISIVE_FEW, decisive_cut, decisive_listed, last_accuracy
from descend.training import ExampleRecord

FLIPS, SPLIT, NEAR = list(range(10)), list(range(10, 25)), list(range(25, 50))


def _partly_split(classes: int = 4) -> ExampleRecord:
    """200 examples (labels ``i % classes``) over 8 level epochs:

    - 50-199 clean and fitted: 0.5 for the label, 0.3 for the strongest other class;
    - 0-9 flips fitted as their true class: 0.1 for the label, 0.7 for it (decisive);
    - 10-24 split boundary examples: 0.25 for the label, 0.45 for a neighbour (not decisive);
    - 25-49 clean ones barely on the wrong side: 0.4 for the label, 0.42 for a neighbour (not
      listed: relative margin -0.1).

    The list holds the 25 flips and split examples, 10 of them decisive (0.4, above the share
    gate); the last epoch fits 150 of the 200 labels (0.75).
    """
    labels = (np.arange(200) % classes).astype(np.int64)
    p, other = np.full((8, 200), 0.5), np.full((8, 200), 0.3)
    predicted = np.tile(labels, (8, 1))
    p[:, FLIPS], other[:, FLIPS] = 0.1, 0.7
    p[:, SPLIT], other[:, SPLIT] = 0.25, 0.45
    p[:, NEAR], other[:, NEAR] = 0.4, 0.42
    predicted[:, FLIPS + SPLIT + NEAR] = (labels[FLIPS + SPLIT + NEAR] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_few_decisive_examples_cut_a_partly_split_list():
    record = _partly_split()
    assert last_accuracy(record) == pytest.approx(0.75)
    old = ds.find_label_issues(record, decisive_few=None)
    assert sorted(old.indices.tolist()) == FLIPS + SPLIT and old.decisive is None
    decisive = decisive_listed(record.p_label, record.margin, old.indices)
    assert decisive == 10 and decisive >= DECISIVE_BELOW * len(old.indices)  # the share gate does not cut
    assert decisive < DECISIVE_FEW * record.n  # 10 < 0.06 * 200 = 12
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices.tolist()) == FLIPS and issues.decisive == 10
    assert sorted(ds.find_label_issues(record, decisive_below=None).indices.tolist()) == FLIPS + SPLIT


def test_the_floor_is_a_share_of_the_training_set():
    record = _partly_split()
    assert sorted(ds.find_label_issues(record, decisive_few=0.05).indices.tolist()) == FLIPS + SPLIT  # 10 = 10
    assert sorted(ds.find_label_issues(record, decisive_few=0.051).indices.tolist()) == FLIPS
    assert decisive_cut(10, 25, 0.75, 4, n=200) and not decisive_cut(10, 25, 0.75, 4, n=150)
    assert not decisive_cut(10, 25, 0.75, 4, n=200, few=None)
    assert not decisive_cut(10, 25, 0.95, 4, n=2000) and not decisive_cut(10, 25, 0.65, 4, n=2000)
    assert not decisive_cut(10, 25, 0.75, 2, n=2000) and not decisive_cut(10, 25, 0.75, 4, n=2000, below=None)


def test_a_binary_run_is_left_alone():
    record = _partly_split(classes=2)
    assert ds.find_label_issues(record).decisive is None


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, float("nan")])
def test_bad_floors_raise(bad):
    with pytest.raises((ValueError, TypeError), match="decisive_few"):
        ds.find_label_issues(_partly_split(), decisive_few=bad)
