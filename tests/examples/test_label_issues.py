"""``descend.find_label_issues``: flipped labels rank first, the cut-off, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from _example_records import N_FLIPPED, blobs, tiny_record

import descend as ds
from descend.estimators import GDClassifier
from descend.examples import (
    FITTED_AT,
    MARGIN_CLIP,
    MEMORISED_AT,
    LabelIssues,
    class_fit,
    estimated_mislabelled,
    half_clipped_aum,
    half_relative_aum,
    memorisation_onset,
    record_of,
    suggested_labels,
)
from descend.training import ExampleRecord, History


def _tracked_mlp(X, labels, *, batch_size: int, epochs: int):
    """The default MLP trained on ``(X, labels)`` at Adam's lr 0.01 for ``epochs`` whole epochs
    (no stopping rule), every example's record kept."""
    return ds.train(
        "mlp", (X, labels), lr=0.01, batch_size=batch_size, epochs=epochs, tol=None, instruments=False,
        progress=False, track_examples=True, seed=0,
    )  # fmt: skip


def test_flipped_labels_rank_at_the_top_of_a_real_run(noisy_run):
    history, flipped, clean = noisy_run
    issues = ds.find_label_issues(history)
    assert isinstance(issues, LabelIssues)
    top = issues.indices[:N_FLIPPED]
    assert len(set(top) & set(flipped)) >= N_FLIPPED - 1  # at most one clean example among the first 8
    # the cut-off keeps the flipped ones and few others
    found = set(issues.indices) & set(flipped)
    assert len(found) >= N_FLIPPED - 1 and len(issues) <= N_FLIPPED + 2
    # the suggested label is the true one for the flipped examples it found
    suggested = dict(zip(issues.indices.tolist(), issues["suggested"].tolist()))
    assert all(suggested[i] == clean[i] for i in found)
    # ranked: relative AUM never decreases down the list
    assert np.all(np.diff(issues["relative_aum"]) >= 0)


@pytest.mark.parametrize("share", [0.1, 0.2])
def test_the_cut_off_flags_about_as_many_as_were_flipped(share):
    # 300 blobs, 10% or 20% of the labels moved to a random other class: the cut-off (not a
    # count given to it) flags the flipped ones and about as many examples as were flipped
    X, y = blobs(300, seed=3)
    rng = np.random.default_rng(3)
    flipped = np.sort(rng.choice(len(y), round(share * len(y)), replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + rng.integers(1, 3, len(flipped))) % 3
    h = _tracked_mlp(X, noisy, batch_size=16, epochs=12)
    issues = ds.find_label_issues(h)
    found = np.intersect1d(issues.indices, flipped)
    assert len(found) >= 0.9 * len(flipped)
    assert abs(len(issues) - len(flipped)) <= 0.1 * len(flipped)


def test_no_flags_on_clean_separable_data(clean_run):
    issues = ds.find_label_issues(clean_run)
    assert len(issues) == 0 and issues.flagged == 0
    assert "0 of 150 training examples flagged" in repr(issues)
    assert "(no example is below the cut-off)" in repr(issues)


def test_the_threshold_moves_the_cut_off():
    r = tiny_record()
    assert ds.find_label_issues(r).indices.tolist() == [1]
    assert ds.find_label_issues(r, threshold=5.0, tail=None).indices.tolist() == [1, 0, 2]
    assert len(ds.find_label_issues(r, threshold=-5.0)) == 0


def test_a_weak_negative_margin_is_not_flagged_a_decisive_one_is():
    # 5 examples, 4 epochs; every epoch's median |margin| is 1, so relative margins are the margins.
    # 0, 3, 4: clean; 1: slightly wrong throughout (overlap of two classes); 2: wrong early, memorised late.
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 1, 0, 1], epochs=[0, 1, 2, 3],
        loss=np.ones((4, 5)), p_label=np.full((4, 5), 0.5),
        margin=[[1.0, -0.2, -1.0, 1.0, 1.0], [1.0, -0.2, -1.0, 1.0, 1.0],
                [1.0, -0.2, 0.4, 1.0, 1.0], [1.0, -0.2, 0.4, 1.0, 1.0]],
        predicted=[[0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 1, 0, 1], [0, 0, 1, 0, 1]],
    )  # fmt: skip
    issues = ds.find_label_issues(r)
    assert issues.indices.tolist() == [2]  # relative AUM -0.3, early half -1.0 < -0.3
    assert issues["half_clipped_aum"].tolist() == [-1.0]
    assert issues.decisiveness == 0.3 and "< -0.3 in the early or the late half" in repr(issues)
    # decisiveness 0: the sign of the relative AUM alone flags the overlap example too
    assert ds.find_label_issues(r, decisiveness=0, tail=None).indices.tolist() == [2, 1]
    # the count the early half implies (1 decisively wrong, 3 decisively right, classes 0 and 1
    # both fitted: 5 / 4 -> 1) drops it again
    assert ds.find_label_issues(r, decisiveness=0).indices.tolist() == [2]
    assert half_relative_aum(r.margin).tolist() == pytest.approx([1.0, -0.2, -1.0, 1.0, 1.0])
    assert half_clipped_aum(r.margin).tolist() == pytest.approx([1.0, -0.2, -1.0, 1.0, 1.0])


def test_one_extreme_epoch_does_not_make_an_example_decisively_wrong():
    # 4 examples, 6 epochs, every epoch's median |margin| 1. Example 1 is argued against once,
    # in the first epoch (-9: a network near its initialisation), then weakly confirmed (0.2):
    # the plain mean of its early half is -2.87, clipped to +-1 -0.2. Example 2 is argued
    # against in every early epoch and memorised in the last two. Example 3 is clean, argued
    # against in two of the three early epochs and confirmed after.
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 1, 0], epochs=list(range(6)),
        loss=np.ones((6, 4)), p_label=np.full((6, 4), 0.5),
        margin=[[1.0, -9.0, -1.0, -1.0], [1.0, 0.2, -1.0, -1.0], [1.0, 0.2, -1.0, 1.0],
                [1.0, 0.2, -1.0, 1.0], [1.0, 0.2, 1.0, 1.0], [1.0, 0.2, 1.0, 1.0]],
        predicted=[[0, 0, 0, 1], [0, 1, 0, 1], [0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0]],
    )  # fmt: skip
    assert MARGIN_CLIP == 1.0
    assert half_relative_aum(r.margin).tolist() == pytest.approx([1.0, -8.6 / 3, -1.0, -1 / 3])
    assert half_clipped_aum(r.margin).tolist() == pytest.approx([1.0, -0.6 / 3, -1.0, -1 / 3])
    issues = ds.find_label_issues(r, tail=None, memorised_at=None)  # all six epochs read
    # 1 (relative AUM -1.33 < 0) is not flagged: no half argues against it through more than one
    # epoch; 3 is not either (relative AUM 0.33: the model confirms it over the run); 2 is (-0.33, -1)
    assert issues.indices.tolist() == [2]
    assert issues["half_clipped_aum"].tolist() == [-1.0]
    # a wider clip lets the first epoch decide again
    assert half_clipped_aum(r.margin, clip=9.0)[1] == pytest.approx(-8.6 / 3)


def test_the_clipped_halves_skip_unseen_epochs_and_halves():
    nan = np.nan
    margin = np.array([[1.0, nan, nan], [1.0, -1.0, nan], [-1.0, nan, nan], [-1.0, 1.0, nan]])
    # example 0: means 1 and -1; 1: each half saw it once (-1 early, 1 late); 2: never seen
    out = half_clipped_aum(margin)
    assert out[:2].tolist() == [-1.0, -1.0] and np.isnan(out[2])
    assert half_clipped_aum(np.ones((1, 2))).tolist() == [1.0, 1.0]  # one epoch: the late half alone


@pytest.mark.parametrize("clip", [0, -1.0])
def test_a_bad_clip_is_one_clear_error(clip):
    with pytest.raises(ValueError, match=r"^clip must be a number > 0, got "):
        half_clipped_aum(np.ones((2, 2)), clip=clip)


def test_suggested_label_prefers_the_later_epochs():
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 0], epochs=[0, 1, 2, 3],
        loss=np.ones((4, 2)), p_label=np.full((4, 2), 0.3), margin=-np.ones((4, 2)),
        predicted=[[1, 0], [1, 0], [2, 0], [2, 0]],
    )  # fmt: skip
    # example 0: 1 early, 2 in the later half -> 2; example 1: never another class -> -1
    assert suggested_labels(r).tolist() == [2, -1]


def test_head_keeps_the_ranking_and_the_count():
    issues = ds.find_label_issues(tiny_record(), threshold=5.0, tail=None)
    part = issues.head(2)
    assert isinstance(part, LabelIssues) and part.indices.tolist() == [1, 0]
    assert repr(part).startswith("LabelIssues: 3 of 3 training examples flagged (relative AUM < 5")


def test_a_run_with_no_record_is_one_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"^this History has no per-example record: train with track_examples=True"):
        ds.find_label_issues(History())
    with pytest.raises(
        ValueError, match=rf"^the run folder {tmp_path} has no examples.npz: it has no per-example record"
    ):
        ds.examples(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"^no run folder or examples file at .*nowhere"):
        ds.examples(tmp_path / "nowhere")
    with pytest.raises(TypeError, match=r"^run must be a History, an ExampleRecord, a run folder .* got list"):
        ds.examples([1, 2])
    with pytest.raises(ValueError, match=r"^this GDClassifier is not fitted yet: call fit first"):
        ds.examples(GDClassifier())


@pytest.mark.filterwarnings("ignore::UserWarning")  # a few epochs: not converged, as meant
def test_a_fitted_estimator_gives_its_table():
    X, y = blobs()
    clf = GDClassifier(track_examples=True, max_epochs=8, random_state=0).fit(X, y)
    assert len(ds.examples(clf)) == len(y)
    with pytest.raises(
        ValueError, match=r"^this GDClassifier has no per-example record: fit it with track_examples=True"
    ):
        ds.examples(GDClassifier(max_epochs=2).fit(X, y))


def test_a_regression_run_asked_for_label_issues_is_one_clear_error():
    r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"^find_label_issues needs a classification run .*got a regression record"):
        ds.find_label_issues(r)


def test_k_out_of_range_is_one_clear_error():
    t = ds.examples(tiny_record())
    with pytest.raises(ValueError, match=r"^k must be an integer in \[1, 3\], got 4$"):
        t.top(4)
    with pytest.raises(ValueError, match=r"^k must be an integer in \[1, 3\], got 0$"):
        t.top(0)
    with pytest.raises(ValueError, match=r"^by must be one of 'index', .*'final_loss', got 'nope'$"):
        t.top(2, by="nope")
    with pytest.raises(ValueError, match=r"^threshold must be a number, got 'low'$"):
        ds.find_label_issues(tiny_record(), threshold="low")
    with pytest.raises(ValueError, match=r"^decisiveness must be a number >= 0, got -0.5$"):
        ds.find_label_issues(tiny_record(), decisiveness=-0.5)


def test_where_classes_overlap_the_count_from_the_early_tails_cuts_the_list():
    # two 2-D Gaussians 2.5 sd apart (about 10% of the clean examples lie past the Bayes
    # boundary), 5% of the labels flipped: the cut-offs alone flag the overlap too; the count
    # the early half's tails imply cuts the list to fewer examples, more of them flipped
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 400)
    X = (rng.standard_normal((400, 2)) + np.c_[2.5 * y, np.zeros(400)]).astype(np.float32)
    flipped = np.sort(rng.choice(400, 20, replace=False))
    noisy = y.copy()
    noisy[flipped] = 1 - y[flipped]
    h = _tracked_mlp(X, noisy, batch_size=32, epochs=20)
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
    flipped = np.sort(rng.choice(320, 24, replace=False))
    noisy = y.copy()
    noisy[flipped] = 1 - y[flipped]
    h = _tracked_mlp(X, noisy, batch_size=32, epochs=20)
    record = record_of(h)
    fit = class_fit(record.margin, record.labels)
    assert fit[2] < FITTED_AT <= min(fit[0], fit[1])
    by_fitted, by_all = ds.find_label_issues(h), ds.find_label_issues(h, fitted_at=None)
    assert abs(by_fitted.estimated - len(flipped)) < abs(by_all.estimated - len(flipped))
    assert by_fitted.estimated < by_all.estimated / 2
    assert by_fitted.indices.tolist() == by_all.indices[: len(by_fitted)].tolist()  # the same ranking, cut sooner

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


def test_a_run_that_memorises_early_is_read_before_it_does():
    # four classes in 60-D that differ in 6 dimensions, 240 examples, 10% of the labels moved to
    # the next class: the MLP fits every given label, flips included, within a few epochs of 20;
    # the epochs before that argue against the flips, the whole run does not
    rng = np.random.default_rng(4)
    y = rng.integers(0, 4, 240)
    means = np.zeros((4, 60))
    means[:, :6] = 1.5 * rng.standard_normal((4, 6))
    X = (means[y] + rng.standard_normal((240, 60))).astype(np.float32)
    flipped = np.sort(rng.choice(240, 24, replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + 1) % 4
    h = _tracked_mlp(X, noisy, batch_size=16, epochs=20)
    record = record_of(h)
    onset = memorisation_onset(h)
    accuracy = np.nanmean(record.correct, axis=1)
    assert onset is not None and onset < 10  # early, and where the accuracy first reaches 0.98
    assert accuracy[onset] >= MEMORISED_AT and np.all(accuracy[:onset] < MEMORISED_AT)
    windowed, whole = ds.find_label_issues(h), ds.find_label_issues(h, memorised_at=None)
    assert windowed.onset == onset and windowed.epochs == max(onset + 1, 2) and windowed.recorded_epochs == 20
    assert whole.onset is None and whole.epochs == 20
    found_windowed, found_whole = np.isin(flipped, windowed.indices).sum(), np.isin(flipped, whole.indices).sum()
    assert found_windowed >= 0.7 * len(flipped) and found_windowed > 2 * found_whole
    assert np.isin(windowed.indices, flipped).mean() >= 0.7  # mostly flips, not clean examples
    # the window is the record cut before the onset: the same list as a run stopped there
    cut = ExampleRecord.from_arrays(
        task="classification", labels=record.labels, epochs=record.epochs[: windowed.epochs],
        **{name: getattr(record, name)[: windowed.epochs] for name in ("loss", "p_label", "margin", "predicted")},
    )  # fmt: skip
    assert ds.find_label_issues(cut, memorised_at=None).indices.tolist() == windowed.indices.tolist()
    assert (
        f"over the first {windowed.epochs} of 20 epochs (the training accuracy on the given labels reached 0.98 in epoch {onset + 1}"
        in repr(windowed)
    )


def test_a_run_that_never_memorises_is_read_whole(noisy_run):
    # 8 of 150 labels flipped and not memorised in 12 epochs: no epoch fits 98% of the labels
    history, _, _ = noisy_run
    issues = ds.find_label_issues(history)
    assert memorisation_onset(history) is None and issues.onset is None and issues.epochs == 12
    assert issues.indices.tolist() == ds.find_label_issues(history, memorised_at=None).indices.tolist()
    assert "the first" not in repr(issues).splitlines()[0]


def test_the_memorisation_onset_is_the_first_epoch_at_the_level_that_fits_a_rejected_label():
    # every epoch's median |margin| is 1, so relative margins are the margins; example 0 is
    # argued against (-2) in epochs 0 and 1 and fitted in epoch 2, example 3 (-1) fitted in 1
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 2, 0], epochs=[0, 1, 2, 3], loss=np.ones((4, 4)),
        p_label=np.full((4, 4), 0.5),
        margin=[[-2, 1, 1, -1], [-2, 1, 1, 1], [1, 1, 1, np.nan], [1, 1, 1, 1]],
        predicted=[[1, 1, 2, 1], [1, 1, 2, 0], [0, 1, 2, -1], [0, 1, 2, 0]],
    )  # fmt: skip
    # accuracies 0.5, 0.75, 1.0 (the unseen example left out), 1.0
    assert memorisation_onset(r) == 2  # fits example 0, whose relative AUM before is -2 < -0.7
    assert memorisation_onset(r, accuracy=0.7) == 1  # fits example 3 (-1 before)
    assert memorisation_onset(r, tail=1.5) == 2
    # no example fitted at the level was argued against that decisively: not memorising
    assert memorisation_onset(r, tail=2.5) is None
    issues = ds.find_label_issues(r)
    assert issues.onset == 2 and issues.epochs == 3 and issues.recorded_epochs == 4
    assert ds.find_label_issues(r, memorised_at=0.7).epochs == 2
    # clean labels fitted at the level, after the first epoch saw every example right: whole
    clean = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1], epochs=[0, 1], loss=np.ones((2, 2)), p_label=np.full((2, 2), 0.5),
        margin=np.ones((2, 2)), predicted=[[0, 1], [0, 1]],
    )  # fmt: skip
    assert memorisation_onset(clean) is None and ds.find_label_issues(clean).epochs == 2


def test_a_bad_memorisation_level_is_one_clear_error():
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match=rf"^memorised_at must be a number in \(0, 1\] or None, got {bad}$"):
            ds.find_label_issues(tiny_record(), memorised_at=bad)
    with pytest.raises(ValueError, match=r"^accuracy must be a number in \(0, 1\], got None$"):
        memorisation_onset(tiny_record(), accuracy=None)
    with pytest.raises(ValueError, match=r"^tail must be a number > 0, got -1$"):
        memorisation_onset(tiny_record(), tail=-1)
    regression = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]])
    with pytest.raises(
        ValueError, match=r"^memorisation_onset needs a classification record \(given labels\), got a regression one$"
    ):
        memorisation_onset(regression)
