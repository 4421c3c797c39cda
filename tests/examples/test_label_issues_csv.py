"""``LabelIssues.from_csv`` raised ``TypeError: LabelIssues.__init__() got an unexpected keyword
argument 'task'`` (it inherited ``ExampleTable.from_csv``): a saved ``label_issues.csv``, the
CLI's or ``.to_csv``'s, could not be read back as the list it is."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.examples import LabelIssues
from descend.plots import data_map
from descend.training import run_folder


def _same_columns(back: LabelIssues, issues: LabelIssues) -> None:
    assert back.columns == issues.columns
    for name in issues.columns:
        a, b = back[name], issues[name]
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name


def test_a_lists_csv_reads_back_as_the_list(noisy_run, tmp_path):
    h, _, _ = noisy_run
    issues = ds.find_label_issues(h)
    assert len(issues) > 0  # a list to read back
    back = LabelIssues.from_csv(issues.to_csv(tmp_path / "label_issues.csv"))
    assert isinstance(back, LabelIssues) and back.flagged == len(issues)
    _same_columns(back, issues)
    assert back.indices.tolist() == issues.indices.tolist()
    assert repr(back).startswith(f"LabelIssues: {len(issues)} flagged training examples, most suspect first (read")
    assert data_map(h, issues=back) is not None  # the run's picture takes the list read back


def test_the_clis_label_issues_csv_reads_back(noisy_run, tmp_path):
    h, _, _ = noisy_run
    (tmp_path / "run").mkdir()
    h.examples.save(tmp_path / "run" / run_folder.EXAMPLES)  # a run folder holding only its record
    result = CliRunner().invoke(app, ["examples", str(tmp_path / "run"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    _same_columns(LabelIssues.from_csv(tmp_path / "out" / "label_issues.csv"), ds.find_label_issues(h))
