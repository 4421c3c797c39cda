"""A run stopped before it has learnt a class (iris after 6 epochs of Adam at 1e-3: class 2
predicted for no example, training accuracy 0.61, above a constant prediction's 0.33) listed 45 of
its 120 examples with no word of caution. The note now names the classes the run has not learnt,
with their counts, and quotes the doctor's slow-progress advice where the run has it; the list
itself is unchanged (words only)."""

import numpy as np

import descend as ds
from descend.doctor import Diagnosis
from descend.examples.run_findings import run_findings
from descend.examples.unlearnt_classes import unlearnt_classes
from descend.training import ExampleRecord, History

LABELS = [0, 0, 0, 1, 1, 1, 2, 2, 2]


def _record(predicted, labels=LABELS):
    """Three epochs predicting ``predicted``; every margin against the label of the examples the
    last epoch gets wrong."""
    n = len(labels)
    wrong = np.asarray(predicted) != np.asarray(labels)
    margin = np.where(wrong, -1.0, 1.0) * np.ones((3, n))
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1, 2], loss=np.where(wrong, 1.5, 0.2) * np.ones((3, n)),
        p_label=np.where(wrong, 0.2, 0.8) * np.ones((3, n)), margin=margin, predicted=[predicted] * 3, classes=3,
    )  # fmt: skip


NEVER_TWO = [0, 0, 0, 1, 1, 1, 1, 0, 1]  # 6 of 9 right (above a constant's 3 of 9), class 2 never predicted


def test_a_class_never_predicted_is_named_with_the_counts():
    record = _record(NEVER_TWO)
    assert unlearnt_classes(record) == [(2, 0, 0)]
    issues = ds.find_label_issues(record)
    assert issues.unlearnt_classes == [(2, 0, 0)]
    assert issues.note.startswith(
        "Note: the run has not learnt class 2 (its last epoch predicts 2 for no example; training accuracy 0.667, the "
        "commonest label's share 0.333). A class the run has learnt is predicted mostly for examples labelled so"
    )
    assert "not mislabelled ones. Train longer or at a larger rate" in issues.note
    assert issues.note in repr(issues)


def test_a_class_predicted_mostly_for_other_labels_is_named():
    predicted = [0, 0, 0, 1, 2, 2, 2, 1, 1]  # 2 predicted for 4, one of them a 2; 1 for 3, one of them a 1
    assert unlearnt_classes(_record(predicted)) == [(1, 3, 1), (2, 3, 1)]
    note = ds.find_label_issues(_record(predicted)).note
    assert "not learnt classes 1 and 2 (its last epoch predicts 1 for 3 examples, 1 of them labelled 1; 2 for 3" in note


def test_a_run_that_has_learnt_every_class_gets_no_such_note():
    predicted = [0, 0, 0, 1, 1, 2, 2, 2, 2]  # 2 predicted for 4, three of them 2s: learnt (noisy)
    assert unlearnt_classes(_record(predicted)) == []
    note = ds.find_label_issues(_record(predicted)).note
    assert note is None or "has not learnt" not in note


def test_class_names_name_the_class():
    record = _record(NEVER_TWO)
    record.class_names = np.array(["setosa", "versicolor", "virginica"])
    issues = ds.find_label_issues(record)
    assert "not learnt class virginica (its last epoch predicts virginica for no example" in issues.note
    # Was [(2, 0, 0)], the class's position, where the label columns give "virginica".
    assert issues.unlearnt_classes == [("virginica", 0, 0)]


SLOW = Diagnosis("slow_progress", 24, "e", "the learning rate is too small, by about 9x: try lr=0.009", {"lr": 0.009})


def test_the_doctors_advice_is_quoted_from_a_history_and_a_run_folder(tmp_path):
    history = History(task="classification", examples=_record(NEVER_TWO), diagnoses=[SLOW])
    quoted = "(the doctor on this run: the learning rate is too small, by about 9x: try lr=0.009)"
    assert run_findings(history) == [SLOW]
    assert ds.find_label_issues(history).note.endswith(quoted)
    history.save(tmp_path / "run")
    assert ds.find_label_issues(tmp_path / "run").note.endswith(quoted)
    assert run_findings(_record(NEVER_TWO)) == []  # a bare record keeps no findings


def test_one_epoch_of_iris_softmax_is_noted():
    """Iris's softmax after one epoch lists 50 of 120; it predicts 2 only for examples labelled 1."""
    h = ds.train("softmax", "iris", epochs=1, track_examples=True, progress=False, instruments=False)
    issues = ds.find_label_issues(h)
    assert issues.flagged > 30
    assert issues.note is not None and "the run has not learnt classes 1 and 2" in issues.note
