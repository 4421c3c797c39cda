"""Step (4) of ``find_label_issues``: a list the cut-offs left shorter than a trusted count is
filled up to it from the ranking (``count_is_trusted``, ``filled_to_count``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import FILL_AT, count_is_trusted, filled_to_count
from descend.training import ExampleRecord

# 20 examples, 2 classes, 4 epochs: 16 clean examples at margin 2 throughout; 4 flips (20%):
# 0 and 10 argued against in every epoch, 5 and 15 argued against in the early half (relative
# margin -0.8) and fitted in the late one (+1), so their relative AUM is +0.1 and cut-off (1)
# misses them. The early half's tails: 4 below -0.7 against 16 above 0.7, odds 1/4, count 4.
FLIPS = [0, 5, 10, 15]
PARTLY_FITTED = [5, 15]


def _record(labels=None, partly=(-1.6, -1.6, 2.0, 2.0)) -> ExampleRecord:
    labels = np.repeat([0, 1], 10) if labels is None else np.asarray(labels)
    margin = np.full((4, 20), 2.0)
    margin[:, [0, 10]] = -2.0
    margin[:, PARTLY_FITTED] = np.array(partly)[:, None]
    classes = int(labels.max()) + 1
    predicted = np.where(margin > 0, labels[None, :], (labels[None, :] + 1) % classes)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1, 2, 3], loss=np.log1p(np.exp(-margin)),
        p_label=1 / (1 + np.exp(-margin)), margin=margin, predicted=predicted, classes=classes,
    )  # fmt: skip


def test_a_trusted_count_fills_the_list_with_the_flips_the_cut_offs_missed():
    record = _record()
    plain = ds.find_label_issues(record, fill_at=None)
    assert sorted(plain.indices.tolist()) == [0, 10] and plain.estimated == pytest.approx(4.0)
    assert not plain.filled
    issues = ds.find_label_issues(record)
    assert issues.filled and FILL_AT <= 4 / 20
    assert issues.indices[:2].tolist() == plain.indices.tolist()  # the cut-offs' list first, in its order
    assert sorted(issues.indices.tolist()) == FLIPS  # then the two flips fitted late, exactly
    assert (issues["relative_aum"][2:] == pytest.approx(0.1)) and "filled up to the 4" in repr(issues)


def test_no_fill_at_a_low_noise_rate_or_where_a_class_is_not_fitted():
    record = _record()
    assert not ds.find_label_issues(record, fill_at=0.25).filled  # the count implies 20%: below 25%
    # class 2 (examples 16-19) is argued against in every epoch: not fitted, so the count is not trusted
    labels = np.repeat([0, 1], 10)
    labels[16:] = 2
    record = _record(labels)
    record.margin[:, 16:] = -2.0
    assert not ds.find_label_issues(record).filled


def test_filled_to_count_keeps_the_order_and_skips_the_flagged():
    assert filled_to_count(np.array([3]), np.array([3, 1, 2]), 3).tolist() == [3, 1, 2]
    assert filled_to_count(np.array([], dtype=int), np.array([1, 0]), 5).tolist() == [1, 0]  # the ranking runs out
    assert filled_to_count(np.array([2, 1]), np.array([0]), 0).tolist() == []


def test_count_is_trusted_needs_every_class_fitted_and_the_rate():
    margin = np.array([[2.0] * 8 + [-2.0, -2.0]])
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 1])
    assert count_is_trusted(margin, labels, 2.0)  # 20%, both classes 4 of 5 confirmed
    assert not count_is_trusted(margin, labels, 0.9)  # 9%: below FILL_AT
    assert count_is_trusted(margin, labels, 0.9, fill_at=0.05)
    assert not count_is_trusted(margin, labels, 2.0, fitted_at=0.9)  # 0.8 < 0.9
    with pytest.raises(ValueError, match="fill_at"):
        count_is_trusted(margin, labels, 2.0, fill_at=0)
