"""``descend tune``'s summary, ``report.html`` and ``best.yaml`` show the best value alike: until
session 40 the summary gave it to 4 significant figures and the others to 6, so a user copying
it from the terminal got another number than the report's."""

from __future__ import annotations

import re

from _tuning import tune_file
from click.testing import CliRunner

from descend.cli import app


def test_the_summary_the_report_and_best_yaml_show_one_best_value(tmp_path):
    config = tune_file(tmp_path, trials=2, epochs=1)
    result = CliRunner().invoke(app, ["tune", "--config", str(config), "--out", str(tmp_path / "s"), "--no-progress"])
    assert result.exit_code == 0, result.output
    shown = re.search(r"best val_loss +(\S+) \(trial", result.stdout)[1]
    page = (tmp_path / "s" / "report.html").read_text()
    assert re.search(r"<th>best val_loss</th><td>(\S+) \(trial", page)[1] == shown
    assert f"val_loss = {shown}\n" in (tmp_path / "s" / "best.yaml").read_text()
