"""Where the examples the count of ``find_label_issues`` would cut are ones the run fitted later,
the count does not cap the list (``descend.examples.memorised_cut``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import MEMORISED_CUT_ABOVE, MISFIT_CUT_ABOVE, cut_memorised
from descend.examples.half_clipped import half_clipped_means
from descend.training import ExampleRecord


def _memorised_late() -> tuple[ExampleRecord, list[int], list[int]]:
    """100 examples over 6 epochs, two classes of 50: 40 clean of each (margin +2), 5 flips of each
    argued against throughout (-2) and 5 of each argued against weakly in the first three epochs
    (-1, a relative margin of -0.5) and fitted in the last three (+0.8, relative +0.4)."""
    labels = np.repeat([0, 1], 50).astype(np.int64)
    hard, late_fitted = [*range(40, 45), *range(90, 95)], [*range(45, 50), *range(95, 100)]
    margin = np.full((6, 100), 2.0)
    margin[:, hard] = -2.0
    margin[:3, late_fitted] = -1.0
    margin[3:, late_fitted] = 0.8
    predicted = np.tile(labels, (6, 1))
    predicted[:, hard] = 1 - labels[hard]
    predicted[:3, late_fitted] = 1 - labels[late_fitted]
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(6)), loss=np.ones((6, 100)),
        p_label=np.full((6, 100), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip
    return record, hard, late_fitted


def test_a_count_that_cuts_flips_fitted_later_does_not_cap_the_list():
    record, hard, late_fitted = _memorised_late()
    # the cut-offs list all 20 flips (relative AUM -1 and -0.05; an early half of -1 and -0.5);
    # the count reads the early half's tails: 10 rejected beyond -0.7 against 80 confirmed, 11.1:
    # it would keep the 10 rejected throughout and one more, and cut 9 whose late half is +0.4
    old = ds.find_label_issues(record, memorised_cut_above=None)
    assert old.estimated == pytest.approx(100 * 10 / 90)
    assert len(old) == 11
    issues = ds.find_label_issues(record)
    assert issues.estimated is None
    assert sorted(issues.indices.tolist()) == sorted(hard + late_fitted)
    assert issues.indices[:10].tolist() == sorted(hard)  # the most suspect first, as before
    # 0.4 is not above 0.5; the last epoch misfits 10, no more than the count, so the lower bar
    # (misfit_cut_above, 0) would lift the cap: switched off here
    assert len(ds.find_label_issues(record, memorised_cut_above=0.5, misfit_cut_above=None)) == 11
    assert len(ds.find_label_issues(record, memorised_cut_above=0.5)) == 20
    assert MEMORISED_CUT_ABOVE == 0.3


def test_cut_memorised_reads_only_what_the_count_cuts():
    record, hard, late_fitted = _memorised_late()
    _, late = half_clipped_means(record.margin)
    assert late[late_fitted].round(6).tolist() == [0.4] * 10
    order = np.array(hard + late_fitted)
    assert cut_memorised(late, order, 11.1)
    assert not cut_memorised(late, order, 20.0)  # cuts nothing
    assert not cut_memorised(late, order, None)
    assert not cut_memorised(late, order, 5.0)  # cuts 5 argued against throughout (-1) and the 10 (+0.4): -0.07
    assert not cut_memorised(np.full(20, np.nan), np.arange(20), 5.0)
    assert not cut_memorised(late, order, 11.1, above=None)


def _fitted_weakly(misfit_clean: int = 0) -> tuple[ExampleRecord, list[int], list[int]]:
    """As ``_memorised_late``, but the run fits the ten late flips weakly in its last three epochs
    (+0.2, a relative margin of +0.1), and predicts ``misfit_clean`` clean examples wrongly in its
    last epoch."""
    record, hard, late_fitted = _memorised_late()
    margin = record.margin.copy()
    margin[3:, late_fitted] = 0.2
    predicted = record.predicted.copy()
    predicted[-1, :misfit_clean] = 1 - record.labels[:misfit_clean]
    weak = ExampleRecord.from_arrays(
        task="classification", labels=record.labels, epochs=list(range(6)), loss=np.ones((6, 100)),
        p_label=np.full((6, 100), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip
    return weak, hard, late_fitted


def test_a_count_at_least_what_the_last_epoch_misfits_has_a_lower_bar():
    record, hard, late_fitted = _fitted_weakly()
    _, late = half_clipped_means(record.margin)
    assert late[late_fitted].round(6).tolist() == [0.1] * 10  # not above 0.3
    # the last epoch misfits the 10 flips rejected throughout: 10 <= the count, 11.1
    old = ds.find_label_issues(record, misfit_cut_above=None)
    assert old.estimated == pytest.approx(100 * 10 / 90) and len(old) == 11
    issues = ds.find_label_issues(record)
    assert issues.estimated is None
    assert sorted(issues.indices.tolist()) == sorted(hard + late_fitted)
    assert issues.indices[:10].tolist() == sorted(hard)
    assert len(ds.find_label_issues(record, misfit_cut_above=0.2)) == 11  # 0.1 is not above 0.2
    assert len(ds.find_label_issues(record, memorised_cut_above=None)) == 11  # memorised_cut off: off too
    assert MISFIT_CUT_ABOVE == 0.0


def test_a_run_that_misfits_more_than_the_count_keeps_the_bar():
    # five clean examples predicted wrongly at the end: 15 misfit > 11.1
    record, _, _ = _fitted_weakly(misfit_clean=5)
    assert ds.find_label_issues(record).estimated == pytest.approx(100 * 10 / 90)
    assert len(ds.find_label_issues(record)) == 11
    with pytest.raises(ValueError, match=r"^misfit_cut_above must be"):
        ds.find_label_issues(record, misfit_cut_above="low")
