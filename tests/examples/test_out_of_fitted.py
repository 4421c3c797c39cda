"""Where the count of ``find_label_issues`` stops below half the cut-offs' list, it also counts the
flips out of a fitted class labelled with a class it leaves out (``descend.examples.out_of_fitted``)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    OUT_OF_FITTED_BELOW,
    OUT_OF_FITTED_FEW_BELOW,
    STILL_REJECTED,
    fitted_classes,
    left_out_share,
    out_of_fitted_count,
    predicted_over_labelled,
    suggested_labels,
    whole_where_short,
)
from descend.examples.half_clipped import half_clipped_means
from descend.training import ExampleRecord

# These records' p_label is a placeholder (0.5 throughout): the decisive share of the list, which reads
# it, is left out (decisive_below=None; descend.examples.decisive_share).
_find = functools.partial(ds.find_label_issues, decisive_below=None)


def _flooded_class_left_out(extra: int = 0) -> tuple[ExampleRecord, list[int]]:
    """126 examples over 4 epochs: 50 of class 0; 40 of class 1 plus 2 flips from class 0; 14 of
    class 2 plus 20 flips from class 0. Flips have margin -2 in every epoch (rejected at the clip
    in both halves) and are predicted 0; the clean examples margin +2, except ten of class 2 it has
    not decided (margin +0.3), and are predicted as labelled. Class 2 confirms 4 of its 24
    decisively placed labels (not fitted, and under the flooded floor of 0.2) and is predicted 14
    times for its 34 labels (a region of its own); 34 of 126 labels are left out of the count.
    ``extra`` more clean examples of class 0 come first (the indices above move by it)."""
    counts = [50 + extra, 42, 34]
    flips = [extra + i for i in (90, 91, *range(106, 126))]
    n = sum(counts)
    labels = np.repeat(np.arange(3), counts).astype(np.int64)
    margin = np.full(n, 2.0)
    margin[flips] = -2.0
    margin[extra + 96 : extra + 106] = 0.3
    predicted = labels.copy()
    predicted[flips] = 0
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1, 2, 3], loss=np.ones((4, n)),
        p_label=np.full((4, n), 0.5), margin=np.tile(margin, (4, 1)), predicted=np.tile(predicted, (4, 1)), classes=3,
    )  # fmt: skip
    return record, flips


def test_flips_into_a_class_left_out_count_where_the_count_is_far_short():
    record, flips = _flooded_class_left_out()
    fitted = fitted_classes(record.margin, record.labels, suggested_labels(record))
    assert fitted.tolist() == [True, True, False, False]
    assert left_out_share(fitted, record.labels) == pytest.approx(34 / 126)  # not below 0.2: no swap
    assert predicted_over_labelled(record).round(2).tolist() == [
        round(72 / 50, 2),
        round(40 / 42, 2),
        round(14 / 34, 2),
    ]
    # the cut-offs list the 22 flips; the fitted classes' count, 2 flips 0 -> 1 against 90 confirmed,
    # is 126 * 2 / 92 = 2.7 < 0.5 * 22; the 20 flips 0 -> 2 are rejected at the clip in the late
    # half too and count: 22 against 90, 126 * 22 / 112 = 24.75
    issues = _find(record)
    assert issues.estimated == pytest.approx(126 * 22 / 112)
    assert sorted(issues.indices.tolist()) == flips
    old = _find(record, out_of_fitted_below=None, late_recall=None)
    assert old.estimated == pytest.approx(126 * 2 / 92)
    assert len(old) == 3
    # round 53 alone (descend.examples.late_recall): the 19 flips the count cut come back
    assert sorted(_find(record, out_of_fitted_below=None).indices.tolist()) == flips
    assert (OUT_OF_FITTED_BELOW, STILL_REJECTED) == (0.5, 0.85)


def test_only_below_the_level_and_only_what_the_late_half_still_rejects():
    record, _ = _flooded_class_left_out()
    suggested = suggested_labels(record)
    _, late = half_clipped_means(record.margin)
    kwargs = dict(labels=record.labels, suggested=suggested, late=late)
    assert whole_where_short(record.margin, 5, **kwargs) == pytest.approx(126 * 2 / 92)  # 2.7 >= 0.5 * 5
    assert whole_where_short(record.margin, 6, **kwargs) == pytest.approx(126 * 22 / 112)  # 2.7 < 0.5 * 6
    no_late = whole_where_short(record.margin, 6, labels=record.labels, suggested=suggested)
    assert no_late == pytest.approx(126 * 2 / 92)  # no late half given: never
    fitted = fitted_classes(record.margin, record.labels, suggested)
    count_kwargs = dict(labels=record.labels, suggested=suggested, fitted=fitted, tail=0.7)
    learned = late.copy()
    learned[106:116] = -0.5  # ten of the flips into class 2 argued for in a late epoch: not counted
    assert out_of_fitted_count(record.margin, learned, **count_kwargs) == pytest.approx(126 * 12 / 102)
    loose = out_of_fitted_count(record.margin, learned, still_rejected=0.4, **count_kwargs)
    assert loose == pytest.approx(126 * 22 / 112)
    # a class predicted less than 0.25 times as often as it is labelled has no region of its own
    surplus = predicted_over_labelled(record)
    assert out_of_fitted_count(record.margin, late, surplus=surplus, **count_kwargs) == pytest.approx(126 * 22 / 112)
    given_up = surplus.copy()
    given_up[2] = 0.1
    assert out_of_fitted_count(record.margin, late, surplus=given_up, **count_kwargs) == pytest.approx(126 * 2 / 92)


def test_never_below_the_count_the_whole_set_swap_gives():
    # 100 more examples of class 0: 34 of 226 labels are left out, below 0.2, and the fitted
    # classes' count, 226 * 2 / 192 = 2.4, is below 0.6 * 22: the swap reads the whole set, 22
    # rejected against 194, 23.0. With ten of the flips into class 2 argued for in a late epoch,
    # the flips out of fitted classes are 12 against 190, 13.4: the count stays 23.0
    record, flips = _flooded_class_left_out(extra=100)
    suggested = suggested_labels(record)
    _, late = half_clipped_means(record.margin)
    learned = late.copy()
    learned[206:216] = -0.5
    kwargs = dict(labels=record.labels, suggested=suggested)
    assert whole_where_short(record.margin, 22, late=learned, **kwargs) == pytest.approx(226 * 22 / 216)
    assert whole_where_short(record.margin, 22, **kwargs) == pytest.approx(226 * 22 / 216)
    # every flip still rejected at the clip: 22 against 190, 23.45, above the swap's 23.0
    assert whole_where_short(record.margin, 22, late=late, **kwargs) == pytest.approx(226 * 22 / 212)
    assert sorted(_find(record).indices.tolist()) == flips


def _small_class_left_out() -> tuple[ExampleRecord, list[int]]:
    """205 examples over 4 epochs: 100 of class 0; 80 of class 1 plus 10 flips from class 0; 10 of
    class 2 (one confirmed, nine not decided: margin +0.3) plus 5 flips from class 0. Class 2
    confirms 1 of its 6 decisive labels (not fitted, under the flooded floor) and is predicted 10
    times for its 15 labels; 15 of 205 labels, below 0.2, are left out of the count."""
    counts, flips = [100, 90, 15], [*range(180, 190), *range(200, 205)]
    labels = np.repeat(np.arange(3), counts).astype(np.int64)
    margin = np.full(205, 2.0)
    margin[flips] = -2.0
    margin[191:200] = 0.3
    predicted = labels.copy()
    predicted[flips] = 0
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1, 2, 3], loss=np.ones((4, 205)),
        p_label=np.full((4, 205), 0.5), margin=np.tile(margin, (4, 1)), predicted=np.tile(predicted, (4, 1)), classes=3,
    )  # fmt: skip
    return record, flips


def test_where_few_labels_are_left_out_a_count_short_of_the_list_counts_them_too():
    record, flips = _small_class_left_out()
    fitted = fitted_classes(record.margin, record.labels, suggested_labels(record))
    assert fitted.tolist() == [True, True, False, False]
    assert left_out_share(fitted, record.labels) == pytest.approx(15 / 205)
    # the cut-offs list the 15 flips; the fitted classes' count, 10 flips 0 -> 1 against 180, is
    # 205 * 10 / 190 = 10.8: 0.72 of the list, not below 0.6 (no swap) nor 0.5, but below 0.75
    # with few labels left out: the 5 flips 0 -> 2 count too, 15 against 180, 15.8
    issues = _find(record)
    assert issues.estimated == pytest.approx(205 * 15 / 195)
    assert sorted(issues.indices.tolist()) == flips
    old = _find(record, out_of_fitted_few_below=None)
    assert old.estimated == pytest.approx(205 * 10 / 190)
    assert len(old) == 11
    assert _find(record, out_of_fitted_few_below=0.7).estimated == pytest.approx(205 * 10 / 190)
    assert _find(record, left_out_below=None).estimated == pytest.approx(205 * 10 / 190)
    assert OUT_OF_FITTED_FEW_BELOW == 0.75


def test_a_bad_value_is_one_clear_error():
    record, _ = _flooded_class_left_out()
    with pytest.raises(ValueError, match=r"^out_of_fitted_below must be"):
        _find(record, out_of_fitted_below=0)
    with pytest.raises(ValueError, match=r"^out_of_fitted_few_below must be"):
        _find(record, out_of_fitted_few_below=-1)
    suggested = suggested_labels(record)
    fitted = fitted_classes(record.margin, record.labels, suggested)
    with pytest.raises(ValueError, match=r"^late must hold one value per example"):
        out_of_fitted_count(
            record.margin, np.zeros(3), labels=record.labels, suggested=suggested, fitted=fitted, tail=0.7
        )
    with pytest.raises(ValueError, match=r"^still_rejected must be"):
        out_of_fitted_count(
            record.margin,
            np.zeros(126),
            labels=record.labels,
            suggested=suggested,
            fitted=fitted,
            tail=0.7,
            still_rejected=-1,
        )
