"""Where a run of three or more classes fits 0.7-0.9 of its labels and every listed example is
placed decisively in another class, the list takes in the training set's other decisive examples
after its own (``descend.examples.decisive_share``, round 28); ``decisive_extend=None`` restores
round 27."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import DECISIVE_EXTEND, decisive_examples, decisive_extends, decisive_listed, last_accuracy
from descend.training import ExampleRecord

STRONG, WEAK, SPLIT = list(range(20)), list(range(20, 40)), list(range(40, 56))


def _stopped_early(classes: int = 3, fitted_split: bool = False) -> ExampleRecord:
    """200 examples (labels ``i % classes``) over 8 level epochs:

    - 56-199 clean and fitted: 0.9 for the label, 0.05 for the strongest other class (so the
      epochs' median |margin| is large);
    - 0-19 flips placed strongly in their true class: 0.02 for the label, 0.95 for it (listed);
    - 20-39 flips placed less strongly: 0.3 for the label, 0.62 for it (decisive, 0.62 > 2 x 0.3,
      but their relative margin is above the threshold: not listed);
    - 40-55 clean, unfitted and split: 0.45 for the label, 0.5 for a neighbour (neither).

    The list holds the 20 strong flips, all decisive; the last epoch fits 144 of the 200 labels
    (0.72); ``fitted_split`` fits the split ones too (0.8 -> 0.92, out of the band).
    """
    labels = (np.arange(200) % classes).astype(np.int64)
    p, other = np.full((8, 200), 0.9), np.full((8, 200), 0.05)
    predicted = np.tile(labels, (8, 1))
    p[:, STRONG], other[:, STRONG] = 0.02, 0.95
    p[:, WEAK], other[:, WEAK] = 0.3, 0.62
    p[:, SPLIT], other[:, SPLIT] = 0.45, 0.5
    wrong = STRONG + WEAK + ([] if fitted_split else SPLIT)
    predicted[:, wrong] = (labels[wrong] + 1) % classes
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=-np.log(p),
        p_label=p, margin=np.log(p / other), predicted=predicted, classes=classes,
    )  # fmt: skip


def test_an_all_decisive_list_takes_in_the_other_decisive_examples():
    record = _stopped_early()
    assert last_accuracy(record) == pytest.approx(0.72)
    old = ds.find_label_issues(record, decisive_extend=None)
    assert sorted(old.indices.tolist()) == STRONG
    assert decisive_listed(record.p_label, record.margin, old.indices) == 20 >= DECISIVE_EXTEND * 20
    assert sorted(decisive_examples(record.p_label, record.margin).tolist()) == STRONG + WEAK
    issues = ds.find_label_issues(record)
    assert sorted(issues.indices[:20].tolist()) == STRONG and sorted(issues.indices[20:].tolist()) == WEAK
    assert issues.decisive is None and sorted(issues["suggested"].tolist()) == sorted(((np.arange(40) % 3) + 1) % 3)


def test_it_serves_only_the_band_and_three_classes():
    fitted = _stopped_early(fitted_split=True)
    assert last_accuracy(fitted) == pytest.approx(0.8)
    assert len(ds.find_label_issues(fitted).indices) == 40  # 0.8: in the band
    assert not decisive_extends(20, 20, 0.92, 3) and not decisive_extends(20, 20, 0.65, 3)
    assert not decisive_extends(20, 20, 0.8, 2) and not decisive_extends(19, 20, 0.8, 3)
    assert decisive_extends(19, 20, 0.8, 3, at=0.95) and not decisive_extends(20, 20, 0.8, 3, at=None)
    assert not decisive_extends(0, 0, 0.8, 3) and not decisive_extends(20, 20, float("nan"), 3)


@pytest.mark.parametrize("bad", [0.0, -0.5, 1.5, float("nan")])
def test_bad_shares_raise(bad):
    with pytest.raises(ValueError):
        ds.find_label_issues(_stopped_early(), decisive_extend=bad)
