"""A run that fitted every given label, flips included, by the first epoch ``find_label_issues``
reads (L-BFGS on 600 digits, 30 labels flipped: training accuracy 0.013, then 0.998, then 1.0)
printed "0 of 600 training examples flagged" with no note: nothing said the record holds no
evidence against any label. Now a note says so and what to do; the list is unchanged."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits

import descend as ds
from descend import GDClassifier
from descend.examples import memorised_at_start
from descend.training import ExampleRecord


def _record(predicted: list[list[int]]) -> ExampleRecord:
    labels = [0, 1, 1, 0]
    margin = np.where(np.array(predicted) == labels, 1.0, -1.0)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(len(predicted))), loss=np.ones(margin.shape),
        p_label=np.full(margin.shape, 0.5), margin=margin, predicted=predicted,
    )  # fmt: skip


def test_a_record_fitted_from_its_first_epoch_read_is_noted():
    fitted = _record([[0, 1, 1, 0], [0, 1, 1, 0]])
    assert memorised_at_start(fitted) == (1, 1.0)
    issues = ds.find_label_issues(fitted)
    assert issues.memorised_start == (1, 1.0)
    assert issues.note.startswith("Note: the run's training accuracy on the given labels was already 1.000 in epoch 1")
    assert "the record holds no evidence against any label" in issues.note and "optimizer='adam'" in issues.note
    assert "the record holds no evidence against any label" in repr(issues)


def test_a_record_that_learns_in_the_epochs_read_gets_no_such_note():
    learning = _record([[1, 1, 0, 0], [0, 1, 1, 0]])  # half right first: the epochs read can argue
    assert memorised_at_start(learning) is None
    issues = ds.find_label_issues(learning)
    assert issues.memorised_start is None and (issues.note is None or "no evidence" not in issues.note)


def test_the_level_is_the_rules_memorised_at():
    three_of_four = _record([[0, 1, 1, 1], [0, 1, 1, 0]])
    assert memorised_at_start(three_of_four) is None
    assert memorised_at_start(three_of_four, 0.75) == (1, 0.75)
    assert ds.find_label_issues(three_of_four, memorised_at=0.75).memorised_start == (1, 0.75)


@pytest.mark.parametrize("hidden", [(64,), ()])
def test_lbfgs_on_a_small_set_fits_its_flips_at_once_and_says_so(hidden):
    X, y = load_digits(return_X_y=True)
    X, y = X[:600], y[:600].copy()
    rng = np.random.default_rng(1)
    flipped = rng.choice(600, 30, replace=False)
    y[flipped] = (y[flipped] + rng.integers(1, 10, 30)) % 10
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tol=0: the fit runs its epochs out
        clf = GDClassifier(
            hidden_layer_sizes=hidden, optimizer="lbfgs", max_epochs=5, tol=0, track_examples=True, random_state=0
        ).fit(X, y)
    issues = ds.find_label_issues(clf)
    epoch, accuracy = issues.memorised_start
    assert epoch == 2 and accuracy >= 0.98  # epoch 1, the initial weights', is not read
    assert "the record holds no evidence against any label" in issues.note
