"""A run whose last epoch predicts no better than a constant prediction has learnt nothing to
argue against a label with: its list (148 of 150 iris examples on one GDClassifier fit) came with
no word of caution. The note says so; the list itself is unchanged."""

import numpy as np

import descend as ds
from descend.examples.initial_regime import unlearnt
from descend.training import ExampleRecord


def _record(predicted, labels=(0, 0, 1, 1, 2, 2)):
    """Three epochs, every one predicting ``predicted``; margins against every label."""
    n = len(labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=list(labels), epochs=[0, 1, 2], loss=np.full((3, n), 1.2),
        p_label=np.full((3, n), 0.3), margin=np.full((3, n), -0.5), predicted=[predicted] * 3, classes=3,
    )  # fmt: skip


def test_a_run_at_a_constant_predictions_accuracy_is_noted():
    issues = ds.find_label_issues(_record([0, 0, 0, 0, 0, 0]))  # 2 of 6 right: the commonest share
    assert issues.note is not None
    assert issues.note.startswith(
        "Note: the run's last epoch predicts the given labels no better than a constant prediction (training "
        "accuracy 0.333; the commonest label everywhere scores 0.333): a run that has not learnt the classes"
    )
    assert issues.note in repr(issues)


def test_a_run_below_a_constant_prediction_is_noted_and_one_above_is_not():
    below = _record([1, 1, 2, 2, 0, 0])  # every one wrong
    assert unlearnt(below) == (0.0, 1 / 3)
    assert "no better than a constant prediction" in ds.find_label_issues(below).note
    above = _record([0, 0, 1, 1, 0, 0])  # 4 of 6 right
    assert unlearnt(above) is None
    note = ds.find_label_issues(above).note
    assert note is None or "constant prediction" not in note


def test_float32_correctness_at_exactly_the_constant_share_is_noted():
    """The record keeps correctness as float32: 50 of 150 read 0.33333334 > 1/3 in float32."""
    labels = np.repeat([0, 1, 2], 50)
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1], loss=np.ones((2, 150)),
        p_label=np.full((2, 150), 0.3), margin=np.full((2, 150), -0.1), predicted=np.ones((2, 150), int), classes=3,
    )  # fmt: skip
    assert record.correct.dtype == np.float32 and float(record.correct[-1].mean()) > 1 / 3
    assert unlearnt(record) == (1 / 3, 1 / 3)
