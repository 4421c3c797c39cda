"""The count of ``find_label_issues`` reads the whole set's odds where the classes it leaves out
hold few labels and it stops well short of the cut-offs' list (``descend.examples.left_out``)."""

from __future__ import annotations

import numpy as np
import pytest
from _example_records import flips_from_class_0

import descend as ds
from descend.examples import (
    LEFT_OUT_BELOW,
    SHORT_BELOW,
    class_fit,
    estimated_mislabelled,
    fitted_classes,
    left_out_share,
    suggested_labels,
    whole_where_short,
)
from descend.training import ExampleRecord


def _small_class_left_out() -> tuple[ExampleRecord, list[int]]:
    """101 examples over 4 epochs: 50 of class 0; 40 of class 1 plus 4 flips from class 0; 1 of
    class 2 plus 6 flips from class 0. Clean examples have margin +2 and are predicted as
    labelled; flips have margin -2 and are predicted 0. Class 2 confirms 1 of its 7 labels (not
    fitted, and under the flooded floor of 0.2): 7 of 101 labels left out of the count."""
    flips = [*range(90, 94), *range(95, 101)]
    return flips_from_class_0([50, 44, 7], flips), flips


def test_left_out_share_counts_labels_of_classes_not_fitted():
    assert left_out_share(np.array([True, False]), np.array([0, 1, 1, 0])) == 0.5
    assert left_out_share(np.array([True]), np.array([0, 1])) == 0.5  # past the end: left out
    assert left_out_share(np.array([True]), np.array([], dtype=np.int64)) == 0.0


def test_few_labels_left_out_and_a_short_count_read_the_whole_set():
    record, flips = _small_class_left_out()
    assert class_fit(record.margin, record.labels).round(3).tolist() == [1.0, round(40 / 44, 3), round(1 / 7, 3)]
    fitted = fitted_classes(record.margin, record.labels, suggested_labels(record))
    assert fitted.tolist() == [True, True, False, False]
    assert left_out_share(fitted, record.labels) == pytest.approx(7 / 101)
    # the cut-offs alone list the 10 flips; the fitted classes' count, 4 flips 0 -> 1 against 90
    # confirmed, is 101 * 4 / 94 = 4.3 < 0.6 * 10: the whole set, 10 rejected against 91, gives 10
    issues = ds.find_label_issues(record)
    assert issues.estimated == pytest.approx(10.0)
    assert sorted(issues.indices.tolist()) == flips
    for old in (
        ds.find_label_issues(record, left_out_below=None),
        ds.find_label_issues(record, short_below=None),
        ds.find_label_issues(record, left_out_below=0.05),  # 7 of 101 left out is not below 0.05
        ds.find_label_issues(record, short_below=0.4),  # 4.3 is not below 0.4 * 10
    ):
        assert old.estimated == pytest.approx(101 * 4 / 94)
        assert len(old) == 4
    assert (LEFT_OUT_BELOW, SHORT_BELOW) == (0.2, 0.6)


def test_whole_where_short_swaps_only_below_both_levels():
    record, _ = _small_class_left_out()
    kwargs = dict(labels=record.labels, suggested=suggested_labels(record))
    assert whole_where_short(record.margin, 10, **kwargs) == pytest.approx(10.0)
    assert whole_where_short(record.margin, 7, **kwargs) == pytest.approx(101 * 4 / 94)  # 4.3 >= 0.6 * 7
    assert whole_where_short(record.margin, 10, fitted_at=None, **kwargs) == pytest.approx(10.0)
    assert estimated_mislabelled(record.margin, **kwargs) == pytest.approx(101 * 4 / 94)


def test_a_bad_level_is_one_clear_error():
    record, _ = _small_class_left_out()
    with pytest.raises(ValueError, match=r"^left_out_below must be"):
        ds.find_label_issues(record, left_out_below=1.5)
    with pytest.raises(ValueError, match=r"^short_below must be"):
        ds.find_label_issues(record, short_below=-1)
