"""A finding as a user holds it: a Diagnosis reads as one sentence, reaches diagnosis.json and
loads back; diagnose refuses what is not a run."""

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
