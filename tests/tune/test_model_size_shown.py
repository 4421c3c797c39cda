"""A model size searched (a list choice) reads the same in every output of a study: as it is
typed in the space, ``[16, 8]``, in trials.csv, report.html, the command's summary and progress,
and best.yaml, which ``descend train --config`` still trains."""

from __future__ import annotations

import csv
import html
import re

import yaml
from click.testing import CliRunner

from descend.cli import app

SIZES = ("[16, 8]", "[8, 4]")


def descend(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


def test_a_model_size_reads_as_typed_in_every_output(tmp_path):
    """Was "16x8" in trials.csv (Optuna's label of the choice), "best hidden 16x8" in report.html,
    "[16, 8]" in the summary, "hidden=16x8" in the progress's best so far, and best.yaml's hidden one
    item a line."""
    config = tmp_path / "tune.yaml"
    config.write_text(
        "data: iris\nmodel: mlp\nepochs: 1\ntrials: 2\nstart_at_defaults: false\n"
        "space:\n  hidden: [[16, 8], [8, 4]]\n  lr: {low: 0.01, high: 0.1, log: true}\n"
    )
    out = tmp_path / "study"
    result = descend("tune", "--config", config, "--out", out, "--progress")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("best so far: ")]
    assert lines and all(re.search(r"hidden=(\[16, 8\]|\[8, 4\])[,)]", line) for line in lines), lines
    with open(out / "trials.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["param_hidden"] in SIZES for row in rows] == [True, True]
    summary = next(line.split(maxsplit=1)[1] for line in result.stdout.splitlines() if line.startswith("hidden "))
    page = html.unescape((out / "report.html").read_text())
    assert re.search(r"<th>best hidden</th><td>([^<]*)</td>", page)[1] == summary
    best = (out / "best.yaml").read_text()
    assert f"  hidden: {summary}\n" in best and summary in SIZES
    assert yaml.safe_load(best)["model_options"]["hidden"] == yaml.safe_load(summary)
    again = descend("train", "--config", out / "best.yaml", "--out", tmp_path / "run", "--no-progress")
    assert again.exit_code == 0, again.output
