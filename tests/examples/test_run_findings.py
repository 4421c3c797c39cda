"""``find_label_issues`` reads the doctor's findings on the run (session 39's user review).

A clean digits MLP still learning after 4 epochs of Adam at 1e-3 (its accuracy's last-quarter rise
0.036, under STILL_RISING) listed 224 of 1437 clean examples with no note, though the doctor had
found it still learning (``slow_progress``, the rate about 9x too small); a run the doctor found
diverged in its first epoch listed 54-185 (a tune trial, 107). Now the first gets a note with the
doctor's words and advice, the second is refused, in ``find_label_issues``, ``descend examples``
and the report; the flags of every run not refused are those of its bare record (which keeps no
findings): words only."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.doctor import Diagnosis
from descend.examples import DivergedRun, run_findings
from descend.report import write_report
from descend.training import ExampleRecord, History, run_folder


def _train(folder, **settings):
    settings = {"optimizer": "adam", "batch_size": 32, "seed": 0, **settings}
    return ds.train("mlp", "digits", progress=False, track_examples=True, log_dir=folder, **settings)


@pytest.fixture(scope="module")
def still_learning(tmp_path_factory):
    """The review's run: clean digits, 4 epochs of Adam at 1e-3, batch 32."""
    folder = tmp_path_factory.mktemp("slow") / "run"
    return folder, _train(folder, lr=1e-3, epochs=4)


@pytest.fixture(scope="module")
def diverged(tmp_path_factory):
    """One epoch at lr=0.3: the loss 400x its start by step 45; the bare record lists 185."""
    folder = tmp_path_factory.mktemp("diverged") / "run"
    return folder, _train(folder, lr=0.3, epochs=1)


def test_a_run_still_learning_gets_the_doctors_note_and_the_same_list(still_learning):
    folder, history = still_learning
    assert [d.kind for d in history.diagnoses] == ["slow_progress"]
    bare = ds.find_label_issues(history.examples)  # no findings: the list as before
    assert bare.note is None and bare.flagged > 100  # the accuracy's rise is under STILL_RISING
    advice = history.diagnoses[0].advice
    for run in (history, folder):
        issues = ds.find_label_issues(run)
        assert issues.note.startswith("Note: the doctor found this run still learning when it stopped (slow_progress")
        assert f"Train it to the end ({advice}) before trusting the list" in issues.note
        assert "try lr=" in advice and "the learning rate is too small" in advice
        assert issues.indices.tolist() == bare.indices.tolist()
        assert issues.note in repr(issues)


def test_a_diverged_run_is_refused_naming_the_finding_and_its_advice(diverged):
    folder, history = diverged
    finding = history.diagnoses[0]
    assert finding.kind == "divergence" and finding.step == 45
    assert ds.find_label_issues(history.examples).flagged > 100  # the list it made before
    for run in (history, folder):
        with pytest.raises(DivergedRun) as refused:
            ds.find_label_issues(run)
        said = str(refused.value)
        assert said.startswith("find_label_issues: the doctor found this run diverged (divergence at step 45: ")
        assert f"Train again with the doctor's advice ({finding.advice}) and track_examples=True" in said
    assert len(ds.examples(folder)) == 1437  # the per-example table still reads it


def test_an_unbounded_finding_is_refused_too():
    record = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1], epochs=[0], loss=np.ones((1, 2)), p_label=np.full((1, 2), 0.5),
        margin=np.zeros((1, 2)), predicted=[[0, 1]],
    )  # fmt: skip
    found = Diagnosis("unbounded", 9, "the loss fell at every step, from 1 to -inf at step 9", "bound the loss")
    with pytest.raises(DivergedRun, match=r"diverged \(unbounded at step 9: the loss fell at every step"):
        ds.find_label_issues(History(task="classification", examples=record, diagnoses=[found]))


def test_a_rising_accuracy_note_quotes_the_doctors_advice():
    """The accuracy note (rise >= STILL_RISING) already says to train on; it now names the rate."""
    labels = [0, 1] * 4
    predicted = [[1, 0] + [0, 1] * 3] * 3 + [labels]  # accuracy 0.75, 0.75, 0.75, 1: a rise of 0.25
    record = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=[0, 1, 2, 3], loss=np.full((4, 8), 0.3),
        p_label=np.full((4, 8), 0.7), margin=np.where(np.equal(predicted, labels), 1.0, -1.0), predicted=predicted,
    )  # fmt: skip
    slow = Diagnosis("slow_progress", 40, "the loss still fell", "try lr=0.03", {"lr": 0.03})
    note = ds.find_label_issues(History(task="classification", examples=record, diagnoses=[slow])).note
    assert "the training accuracy on the given labels rose by 0.250" in note
    assert note.endswith("before trusting the list (the doctor on this run: try lr=0.03)")
    assert "the doctor found this run still learning" not in note  # one note, not two


def test_a_well_trained_run_gets_no_note_and_the_same_list(tmp_path):
    """Digits at Adam 1e-2 for 10 epochs: the doctor finds overfitting, nothing on its progress."""
    history = _train(tmp_path / "run", lr=1e-2, epochs=10)
    assert "slow_progress" not in [d.kind for d in run_findings(history)]
    issues, bare = ds.find_label_issues(history), ds.find_label_issues(history.examples)
    assert issues.note is None and issues.indices.tolist() == bare.indices.tolist()


def test_descend_examples_prints_the_note_and_refuses_a_diverged_run(still_learning, diverged, tmp_path):
    def examples(folder, out):
        return CliRunner().invoke(app, ["examples", str(folder), "--out", str(out)], prog_name="descend")

    noted = examples(still_learning[0], tmp_path / "slow")
    assert noted.exit_code == 0, noted.output
    assert "Note: the doctor found this run still learning when it stopped (slow_progress" in noted.output
    refused = examples(diverged[0], tmp_path / "diverged")
    assert refused.exit_code == 1
    assert "the doctor found this run diverged (divergence at step 45" in refused.output
    assert not (tmp_path / "diverged").exists()  # nothing written


def test_the_report_says_why_a_diverged_run_has_no_list(diverged, still_learning):
    page = write_report(diverged[0]).read_text()
    assert "No list of likely mislabelled examples:" in page
    assert "the doctor found this run diverged (divergence at step 45" in page
    assert not (diverged[0] / run_folder.PLOTS / run_folder.DATA_MAP).exists()
    page = write_report(still_learning[0]).read_text()
    assert "Note: the doctor found this run still learning when it stopped (slow_progress" in page
