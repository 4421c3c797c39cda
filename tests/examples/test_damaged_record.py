"""A run folder whose ``examples.npz`` is truncated or damaged (a full disk, an interrupted
copy): the doctor and the report read the other logs, with a warning naming the file; what
needs the per-example record fails with one error naming it."""

from __future__ import annotations

import warnings

import pytest
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.report import write_report
from descend.training import run_folder

_NAMED = r"examples\.npz is not a descend examples record: not an \.npz archive of plain arrays .*a truncated or damaged copy"


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damaged")
    ds.train("softmax", "iris", lr=0.1, epochs=3, progress=False, instruments=False, track_examples=True,
             log_dir=folder)  # fmt: skip
    file = folder / run_folder.EXAMPLES
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    return folder


def test_history_load_skips_it_with_a_warning_naming_it(damaged):
    with pytest.warns(UserWarning, match=_NAMED + r".*Loaded the run without its per-example record"):
        h = ds.History.load(damaged)
    assert h.examples is None and len(h.loss) == 3


def test_the_doctor_and_the_report_still_read_the_run(damaged):
    with pytest.warns(UserWarning, match=_NAMED):
        ds.diagnose(damaged)
    with pytest.warns(UserWarning, match=_NAMED):
        page = write_report(damaged)
    assert "<h2>Summary</h2>" in page.read_text() and "<h2>Examples</h2>" not in page.read_text()
    for command in ("doctor", "report"):
        result = CliRunner().invoke(app, [command, str(damaged)])
        assert result.exit_code == 0, result.output
        assert "warning:" in result.stderr and "examples.npz" in result.stderr


def test_what_needs_the_record_fails_with_one_error_naming_it(damaged):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one error, no warning before it
        with pytest.raises(ValueError, match="^" + str(damaged).replace("\\", "\\\\") + "/" + _NAMED):
            ds.examples(damaged)
        with pytest.raises(ValueError, match=_NAMED):
            ds.find_label_issues(damaged)
    result = CliRunner().invoke(app, ["examples", str(damaged)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert result.stderr.startswith(f"error: {damaged / run_folder.EXAMPLES} is not a descend examples record")
