"""The report's findings: each with its change, and how to apply them all (the Python call, or
descend doctor for a run of descend train)."""

import pytest
from _pages import replaced as _with
from _pages import words as _text

from descend import History, report

_OSCILLATION = {"kind": "oscillation", "step": 7, "evidence": "e", "advice": "try lr=0.004", "change": {"lr": 0.004}}


_BATCH = {"kind": "batch_size", "step": 3, "evidence": "e", "advice": "a", "change": {"batch_size": 256, "lr": 0.02}}


@pytest.mark.slow
def test_the_findings_show_their_change_and_how_to_apply_them_all(run_dir):
    _with(run_dir, findings=[_OSCILLATION, _BATCH])
    page = report.write_report(run_dir).read_text()
    assert "<th>change</th>" in page and "<td><code>lr=0.004</code></td>" in page
    assert "<code>batch_size=256</code> <code>lr=0.02</code>" in page
    words = _text(page)
    advice = History.load(run_dir).advice()  # the findings' changes merged by the doctor's rule
    assert advice["lr"] == 0.004
    together = ", ".join(f"{key}={value!r}" for key, value in advice.items())
    assert f"All the changes together: ds.train(..., {together})" in words
    assert "descend doctor" not in words  # no config.yaml: a run of the Python API
    (run_dir / "config.yaml").write_text("model: softmax\ndata: iris\nlr: 0.05\n")
    words = _text(report.write_report(run_dir).read_text())
    assert f"descend doctor {run_dir.resolve()} prints the descend train command line" in words
    assert f"descend doctor {run_dir.resolve()} --apply runs it in a new folder" in words
    # A finding that changes nothing: no settings to apply.
    _with(run_dir, findings=[{"kind": "converged", "step": 9, "evidence": "e", "advice": "nothing to change"}])
    words = _text(report.write_report(run_dir).read_text())
    assert "All the changes together" not in words and "converged 9 e nothing to change -" in words
