"""``descend.find_label_issues``: flipped labels rank first, the cut-off, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from _example_records import N_FLIPPED, blobs, tiny_record, tracked_mlp

import descend as ds
from descend.estimators import GDClassifier
from descend.examples import (
    LabelIssues,
    half_clipped_aum,
    half_relative_aum,
    suggested_labels,
)
from descend.report._examples_section import examples_section as report_examples
from descend.training import ExampleRecord, History


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
    h = tracked_mlp(X, noisy, batch_size=16, epochs=12)
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
    r = tiny_record()  # its epoch 0 scores the commonest share: initial_regime would skip it
    assert ds.find_label_issues(r).indices.tolist() == [1]
    assert ds.find_label_issues(r, threshold=5.0, tail=None).indices.tolist() == [1, 0, 2]
    with pytest.raises(ValueError, match=r"^threshold must be a number > -1, got -5.0: a half's clipped mean"):
        ds.find_label_issues(r, threshold=-5.0)  # flagged nothing: a bar no clipped mean is below


@pytest.mark.parametrize(("threshold", "decisiveness", "bar"), [(0.0, 2, "1"), (0.0, 1.0, "1"), (-0.5, 0.5, "0.5")])
def test_a_decisiveness_no_clipped_mean_can_pass_is_one_clear_error(threshold, decisiveness, bar):
    # A half's clipped mean lies in [-1, 1]: below threshold - decisiveness <= -1, nothing is flagged.
    with pytest.raises(ValueError) as err:
        ds.find_label_issues(tiny_record(), threshold=threshold, decisiveness=decisiveness)
    assert str(err.value) == (
        f"decisiveness must be a number >= 0 and < threshold + 1 = {bar}, got {decisiveness!r}: a half's "
        "clipped mean lies in [-1, 1] and must be below threshold - decisiveness to flag an example, so "
        "nothing could be flagged"
    )


def test_the_last_decisiveness_in_range_still_flags():
    assert ds.find_label_issues(tiny_record(), decisiveness=0.99, tail=None).indices.tolist() == [1]


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


def test_top_k_past_the_tables_length_gives_every_row_sorted():
    """The top 10 suspects of a list of 3 are those 3, of an empty list none (as head(10) and
    pandas' nlargest(10) give): it was "k must be an integer in [1, 3], got 10"."""
    t = ds.examples(tiny_record())
    assert t.top(10)["index"].tolist() == t.top(3)["index"].tolist() == [1, 0, 2]
    none_flagged = LabelIssues({"index": [], "relative_aum": []}, epochs=4, threshold=0.0, n_examples=3)
    assert len(none_flagged.top(10)) == 0 and none_flagged.top(10).columns == ["index", "relative_aum"]


def test_k_that_is_not_a_positive_integer_is_one_clear_error():
    t = ds.examples(tiny_record())
    for k in (0, -1, 2.5, "3", True):
        with pytest.raises(ValueError, match=rf"^k must be an integer >= 1, got {k!r}$"):
            t.top(k)
    with pytest.raises(ValueError, match=r"^by must be one of 'index', .*'final_loss', got 'nope'$"):
        t.top(2, by="nope")
    with pytest.raises(ValueError, match=r"^threshold must be a number, got 'low'$"):
        ds.find_label_issues(tiny_record(), threshold="low")
    with pytest.raises(ValueError, match=r"^decisiveness must be a number >= 0, got -0.5$"):
        ds.find_label_issues(tiny_record(), decisiveness=-0.5)


def test_the_rows_held_out_for_early_stopping_are_not_counted_as_training_examples():
    """An early-stopping estimator's record holds its validation rows, never trained on
    ("unseen"): the header counted them among the training examples ("N of 150")."""
    X, y = blobs(150, seed=0)
    clf = GDClassifier(
        track_examples=True, early_stopping=True, validation_fraction=0.2, max_epochs=6, batch_size=16, random_state=0
    ).fit(X, y)
    issues = ds.find_label_issues(clf)
    unseen = int((ds.examples(clf)["region"] == "unseen").sum())
    assert unseen == 30 and (issues.n_examples, issues.unseen) == (150, 30)
    assert f"{issues.flagged} of 120 training examples flagged (not counted: the record's 30 other rows, held out" in (
        repr(issues)
    )


def test_the_header_counts_what_the_steps_after_the_count_added():
    """A resumed iris run (lr 0.1, tracked from epoch 4) flagged 3 under a header saying "at most
    the 2 mislabelled the early half's tails ... imply": the class probabilities extended the list
    past the count, and the header did not say so."""
    columns = {"index": [119, 66, 63], "relative_aum": [-0.73, -0.43, -0.34]}
    extended = LabelIssues(columns, epochs=5, threshold=0.0, n_examples=120, tail=0.7, estimated=1.58)
    assert (
        "at most the 2 mislabelled the early half's tails beyond +-0.7 imply, then 1 more that the run's class "
        "probabilities or its last epochs place in another class); most suspect first"
    ) in repr(extended)
    assert "at most the 2 the early half's tails imply, then 1 more that the run's class probabilities" in (
        report_examples(tiny_record(), extended)
    )  # the report's examples section too
    within = LabelIssues(columns, epochs=5, threshold=0.0, n_examples=120, tail=0.7, estimated=3.2)
    assert "more that" not in repr(within) and "more that" not in report_examples(tiny_record(), within)
