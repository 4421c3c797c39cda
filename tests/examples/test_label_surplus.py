"""The count of ``find_label_issues`` takes a class flooded by flips (labelled more often than
predicted) as fitted (``descend.examples.label_surplus``)."""

from __future__ import annotations

import functools

import pytest
from _example_records import flips_from_class_0

import descend as ds
from descend.examples import SURPLUS_BELOW, class_fit, predicted_over_labelled
from descend.training import ExampleRecord

# These records' p_label is a placeholder (0.5 throughout): the decisive share of the list, which reads
# it, is left out (decisive_below=None; descend.examples.decisive_share).
_find = functools.partial(ds.find_label_issues, decisive_below=None)


def _flooded() -> tuple[ExampleRecord, list[int]]:
    """72 examples over 4 epochs: 40 of class 0, 20 of class 1 plus 2 flips from class 0, 4 of
    class 2 plus 6 flips from class 0. Clean examples have margin +2 and are predicted as
    labelled; flips have margin -2 and are predicted 0. Class 2: 4 of its 10 decisively placed
    examples confirmed (not fitted by :func:`class_fit`), predicted 4 times for 10 labels."""
    flips = [*range(60, 62), *range(66, 72)]
    return flips_from_class_0([40, 22, 10], flips), flips


def test_predicted_over_labelled_reads_the_late_half():
    record, _ = _flooded()
    assert predicted_over_labelled(record).round(3).tolist() == [1.2, round(20 / 22, 3), 0.4]


def test_a_class_flooded_by_flips_counts_as_fitted():
    record, flips = _flooded()
    assert class_fit(record.margin, record.labels).round(2).tolist() == [1.0, 0.91, 0.4]
    issues = _find(record)
    assert issues.estimated == pytest.approx(8.0)  # 8 rejected against 64 confirmed: 72 * 8 / 72
    assert sorted(issues.indices.tolist()) == flips
    # without either: class 2 is left out, the odds are 2 flips 0 -> 1 against 60, the list stops at 2 of 8
    before = dict(surplus_below=None, left_out_below=None, out_of_fitted_below=None)
    old = _find(record, **before, late_recall=None)
    assert old.estimated == pytest.approx(72 * 2 / 62)
    assert len(old) == 2
    # round 53 alone (descend.examples.late_recall): the 6 flips the count cut, argued against
    # decisively to the end in a run fitting 0.89, come back
    assert sorted(_find(record, **before).indices.tolist()) == flips
    # class 2 (10 of 72 labels, predicted 0.4 times as often) is left out there, and 2.3 < 0.5 * 8:
    # the flips 0 -> 2, still rejected in the late half, count as flips out of a fitted class
    # (descend.examples.out_of_fitted): 8 against 60
    also = _find(record, surplus_below=None, left_out_below=None)
    assert also.estimated == pytest.approx(72 * 8 / 68)
    assert sorted(also.indices.tolist()) == flips
    assert SURPLUS_BELOW == 0.75


def test_a_bad_level_is_one_clear_error():
    record, _ = _flooded()
    with pytest.raises(ValueError, match=r"^surplus_below must be a number > 0 or None, got -1$"):
        _find(record, surplus_below=-1)
