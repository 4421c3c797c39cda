"""A finding as a user holds it: a Diagnosis reads as one sentence, is frozen with its own copy of
its change, reaches diagnosis.json and loads back (an older file without changes too); diagnose
refuses what is not a run."""

import json

import pytest

import descend as ds
from _findings import data as _data
from _findings import kinds as _kinds
from _findings import number_after as _number_after


@pytest.mark.parametrize("run", [42, None, {}])
def test_diagnose_bad_input(run):
    with pytest.raises(TypeError, match="diagnose takes a minimize result, a train History or the folder"):
        ds.diagnose(run)


def test_diagnoses_reach_the_logs(tmp_path):
    X, y = _data()
    h = ds.train("linear", (X, y), optimizer="gd", lr=1e-5, epochs=20, tol=None, log_dir=tmp_path, progress=False)
    assert _kinds(h.diagnoses) == ["slow_progress"]
    saved = json.loads((tmp_path / "diagnosis.json").read_text())
    assert saved == [
        {"kind": d.kind, "step": d.step, "evidence": d.evidence, "advice": d.advice, "change": d.change}
        for d in h.diagnoses
    ]
    assert saved[0]["change"] == {"lr": _number_after(h.diagnoses[0].advice, "try lr")}
    assert ds.History.load(tmp_path).diagnoses == h.diagnoses


def test_diagnosis_reads_as_one_sentence():
    d = ds.Diagnosis("oscillation", 7, "the loss rose in 60% of the last 20 steps", "try lr=0.01")
    assert str(d) == "oscillation at step 7: the loss rose in 60% of the last 20 steps. try lr=0.01"


def test_a_diagnosis_is_frozen_hashable_and_keeps_its_own_copy_of_the_change():
    change = {"lr": 0.1}
    d = ds.Diagnosis("divergence", 3, "e", "try lr=0.1", change)
    change["lr"] = 5.0
    assert d.change == {"lr": 0.1} and ds.Diagnosis("divergence", 3, "e", "a").change == {}
    assert len({d, ds.Diagnosis("divergence", 3, "e", "try lr=0.1", {"lr": 0.1})}) == 1
    with pytest.raises(AttributeError):
        d.change = {}


def test_an_older_diagnosis_json_without_changes_loads_with_empty_ones(tmp_path):
    ds.train("softmax", "iris", lr=0.05, epochs=2, progress=False, log_dir=tmp_path)
    path = tmp_path / "diagnosis.json"
    rows = json.loads(path.read_text())
    path.write_text(json.dumps([{k: v for k, v in row.items() if k != "change"} for row in rows]))
    assert all(d.change == {} for d in ds.History.load(tmp_path).diagnoses)


def test_the_changes_reach_diagnosis_json_and_back(tmp_path):
    X, y = _data()
    h = ds.train("linear", (X, y), optimizer="gd", lr=1e-5, epochs=5, tol=None, log_dir=tmp_path, progress=False)
    saved = ds.History.load(tmp_path)
    assert saved.diagnoses == h.diagnoses and saved.advice() == h.advice() != {}
