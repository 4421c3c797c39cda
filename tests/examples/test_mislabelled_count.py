"""Step (3) of ``find_label_issues``: the count of mislabelled examples the early half's tails
imply, read from the classes the run fits (``estimated_mislabelled``, ``class_fit``)."""

from __future__ import annotations

import numpy as np
import pytest
from _example_records import moved_to_next_class, tiny_record, tracked_mlp

import descend as ds
from descend._checks import InvalidArgument
from descend.examples import (
    FITTED_AT,
    LabelIssues,
    class_fit,
    estimated_mislabelled,
    record_of,
    suggested_labels,
)
from descend.training import ExampleRecord


def test_where_classes_overlap_the_count_from_the_early_tails_cuts_the_list():
    # two 2-D Gaussians 2.5 sd apart (about 10% of the clean examples lie past the Bayes
    # boundary), 5% of the labels flipped: the cut-offs alone flag the overlap too; the count
    # the early half's tails imply cuts the list to fewer examples, more of them flipped
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 400)
    X = (rng.standard_normal((400, 2)) + np.c_[2.5 * y, np.zeros(400)]).astype(np.float32)
    noisy, flipped = moved_to_next_class(y, 20, 2, rng)
    h = tracked_mlp(X, noisy, batch_size=32, epochs=20)
    capped, uncapped = ds.find_label_issues(h), ds.find_label_issues(h, tail=None)
    assert capped.tail == 0.7 and uncapped.tail is None and uncapped.estimated is None
    assert len(capped) == round(capped.estimated) < len(uncapped)
    assert capped.indices.tolist() == uncapped.indices[: len(capped)].tolist()  # the same ranking, cut
    assert abs(capped.estimated - len(flipped)) < abs(len(uncapped) - len(flipped))
    assert np.isin(capped.indices, flipped).mean() > np.isin(uncapped.indices, flipped).mean()
    assert f"at most the {capped.estimated:.0f} mislabelled the early half's tails beyond +-0.7 imply" in repr(capped)
    assert "at most the" not in repr(uncapped)


def test_the_estimated_count_is_the_early_tails_odds():
    # 6 examples, 4 epochs, every epoch's median |margin| is 1: early half (epochs 0, 1) means
    # 1.0, 1.0, 1.0, 0.5, -1.0, -0.2 -> 1 below -0.7, 3 above 0.7: odds 1/3, 6 * 1/4 = 1.5
    early = [1.0, 1.0, 1.0, 0.5, -1.0, -0.2]
    margin = np.array([early, early, [1.0] * 6, [1.0] * 6])
    assert estimated_mislabelled(margin) == pytest.approx(1.5)
    assert estimated_mislabelled(margin, tail=0.4) == pytest.approx(6 * 1 / 5)  # 1 below, 4 above: odds 1/4
    assert estimated_mislabelled(margin, tail=0.1) == pytest.approx(6 * 1 / 3)  # 2 below, 4 above: odds 1/2
    # an example the early half never saw counts in neither tail nor in n
    margin[:2, 0] = np.nan
    assert estimated_mislabelled(margin) == pytest.approx(5 * 1 / 3)  # 1 below, 2 above: odds 1/2
    # a one-epoch run: that epoch is the early half
    assert estimated_mislabelled(np.array([early])) == pytest.approx(1.5)
    # nothing decisively wrong: no example is counted, and the list is empty
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1], epochs=[0, 1], loss=np.ones((2, 2)), p_label=np.full((2, 2), 0.5),
        margin=[[1.0, -0.5], [1.0, -0.5]], predicted=[[0, 0], [0, 0]],
    )  # fmt: skip
    assert estimated_mislabelled(r.margin) == 0.0
    assert len(ds.find_label_issues(r)) == 0 and ds.find_label_issues(r, tail=None).indices.tolist() == [1]


def test_a_class_the_run_does_not_fit_is_left_out_of_the_count():
    # classes 0 and 1 are two Gaussians far apart; class 2 is spread over both (it cannot be
    # fitted: every one of its examples sits among another class's), and 24 labels are swapped
    # between 0 and 1. The whole set's early tails count class 2's clean examples as flips;
    # read from the fitted classes 0 and 1 alone, the count comes near the flips
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], [160, 160, 120])
    centre = np.r_[np.repeat([-2.0, 2.0], 160), np.repeat([-2.0, 2.0], 60)]
    X = (0.5 * rng.standard_normal((440, 2)) + np.c_[centre, np.zeros(440)]).astype(np.float32)
    flipped = np.sort(rng.choice(320, 24, replace=False))  # swapped between classes 0 and 1 only
    noisy = y.copy()
    noisy[flipped] = 1 - y[flipped]
    h = tracked_mlp(X, noisy, batch_size=32, epochs=20)
    record = record_of(h)
    fit = class_fit(record.margin, record.labels)
    assert fit[2] < FITTED_AT <= min(fit[0], fit[1])
    by_fitted, by_all = ds.find_label_issues(h), ds.find_label_issues(h, fitted_at=None)
    assert abs(by_fitted.estimated - len(flipped)) < abs(by_all.estimated - len(flipped))
    assert by_fitted.estimated < by_all.estimated / 2
    cut_sooner = ds.find_label_issues(h, late_recall=None)  # the count's cut, before round 53's recall
    assert cut_sooner.indices.tolist() == by_all.indices[: len(cut_sooner)].tolist()  # the same ranking, cut sooner
    assert by_fitted.indices[: len(cut_sooner)].tolist() == cut_sooner.indices.tolist()  # the recall only appends

    def f1(issues: LabelIssues) -> float:
        return 2 * np.isin(issues.indices, flipped).sum() / (len(issues) + len(flipped))

    assert f1(by_fitted) > f1(by_all)
    # the count itself, from the labels and the suggested labels
    assert by_fitted.estimated == pytest.approx(
        estimated_mislabelled(record.margin, labels=record.labels, suggested=suggested_labels(record))
    )
    assert by_all.estimated == pytest.approx(estimated_mislabelled(record.margin))


def test_the_fitted_classes_count_is_their_odds():
    # one epoch, every |margin| 2 (relative margins +-1): class 0 confirms 2 of its 3, class 1
    # 1 of 2, class 2 1 of 3 (not fitted at 0.5). Rejected with label and suggestion in {0, 1}:
    # examples 2 and 4; confirmed labelled 0 or 1: 0, 1, 3. Odds 2/3: 8 * 2/5 = 3.2
    margin = np.array([[2.0, 2.0, -2.0, 2.0, -2.0, -2.0, -2.0, 2.0]])
    labels, suggested = np.array([0, 0, 0, 1, 1, 2, 2, 2]), np.array([1, 1, 1, 0, 0, 0, 1, 1])
    assert class_fit(margin, labels) == pytest.approx([2 / 3, 1 / 2, 1 / 3])
    assert estimated_mislabelled(margin, labels=labels, suggested=suggested) == pytest.approx(3.2)
    assert estimated_mislabelled(margin) == pytest.approx(4.0)  # the whole set: 4 against 4
    # at 0.6 only class 0 is fitted: fewer than two, the whole set's odds
    assert estimated_mislabelled(margin, labels=labels, suggested=suggested, fitted_at=0.6) == pytest.approx(4.0)
    # no suggestion (-1) or a suggested class no example is labelled with is not a fitted class
    suggested[2] = -1
    assert estimated_mislabelled(margin, labels=labels, suggested=suggested) == pytest.approx(8 * 1 / 4)
    suggested[2] = 5
    assert estimated_mislabelled(margin, labels=labels, suggested=suggested) == pytest.approx(8 * 1 / 4)
    # a class no example of which is placed decisively has no fit
    assert np.isnan(class_fit(np.array([[2.0, 0.1, -2.0]]), np.array([0, 1, 0]))[1])


def test_bad_fitted_class_inputs_are_one_clear_error():
    margin = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"^fitted_at must be a number in \(0, 1\] or None, got 1.5$"):
        ds.find_label_issues(tiny_record(), fitted_at=1.5)
    with pytest.raises(ValueError, match=r"^fitted_at must be a number in \(0, 1\], got 0$"):
        estimated_mislabelled(margin, labels=[0, 1, 1], suggested=[1, 0, 0], fitted_at=0)
    with pytest.raises(ValueError, match=r"^suggested is needed with the other of labels and suggested"):
        estimated_mislabelled(margin, labels=[0, 1, 1])
    with pytest.raises(ValueError, match=r"^labels is needed with the other of labels and suggested"):
        estimated_mislabelled(margin, suggested=[0, 1, 1])
    with pytest.raises(ValueError, match=r"^labels must hold one integer class per example \(3\), got shape \(2,\)"):
        class_fit(margin, [0, 1])
    with pytest.raises(
        ValueError, match=r"^suggested must hold one integer class per example \(3\), got shape \(3,\) of float64$"
    ):
        estimated_mislabelled(margin, labels=[0, 1, 1], suggested=[0.5, 1.0, 0.0])
    with pytest.raises(ValueError, match=r"^labels must be class indices >= 0, got -1$"):
        class_fit(margin, [0, -1, 1])
    with pytest.raises(ValueError, match=r"^suggested must be class indices >= 0 \(or -1: none\), got -2$"):
        estimated_mislabelled(margin, labels=[0, 1, 1], suggested=[0, -2, 1])


def test_a_bad_tail_is_one_clear_error():
    with pytest.raises(ValueError, match=r"^tail must be a number > 0 or None, got 0$"):
        ds.find_label_issues(tiny_record(), tail=0)
    with pytest.raises(ValueError, match=r"^tail must be a number > 0, got None$"):
        estimated_mislabelled(np.ones((2, 2)), tail=None)


def test_a_tail_above_1_counts_only_the_examples_beyond_it():
    """``tail`` bounds the early relative AUM, which is not clipped to +-1 (the halves of step
    (2) are): ``tail=2`` is meaningful, not a value beyond a clipped range. One epoch whose
    median |margin| is 1: 3 rejected against 5 confirmed beyond 0.7 (9 * 3/8), 1 against 2
    beyond 2 (9 * 1/3), none beyond 5; 0 and below are refused, naming the value."""
    margin = np.array([[3.0, 3.0, 1.0, 1.0, 1.0, -3.0, -1.0, -1.0, 0.5]])
    counts = [estimated_mislabelled(margin, tail=t) for t in (0.7, 2, 5)]
    assert np.allclose(counts, [9 * 3 / 8, 3.0, 0.0])
    with pytest.raises(InvalidArgument, match=r"^tail must be a number > 0 or None, got -1$"):
        ds.find_label_issues(tiny_record(), tail=-1)
