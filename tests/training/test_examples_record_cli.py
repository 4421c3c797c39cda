"""``descend train --track-examples/--no-track-examples`` and the ``track_examples`` setting of
config files."""

import pytest
import yaml
from click.testing import CliRunner

from descend.cli import app
from descend.cli._settings import RunConfig
from descend.cli.train import run_training
from descend.training import ExampleRecord, History, run_folder


def test_the_command_line_writes_the_record_into_the_run_folder(tmp_path):
    out = tmp_path / "run"
    args = ["train", "--data", "iris", "--model", "softmax", "--epochs", "2", "--lr", "0.1"]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--no-progress", "--track-examples"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((out / "config.yaml").read_text())["track_examples"] is True
    record = ExampleRecord.load(out / run_folder.EXAMPLES)
    assert record.n == 120 and record.epochs.tolist() == [0, 1]
    assert History.load(out).examples.equals(record)
    parsed = [
        app.commands["train"].make_context("train", args, resilient_parsing=True).params["track_examples"]
        for args in ([], ["--no-track-examples"], ["--track-examples"])
    ]
    assert parsed == ["auto", False, True]


def test_the_setting_turns_it_off_and_rejects_other_values(tmp_path):
    config = RunConfig(data="iris", model="softmax", epochs=1, track_examples=False)
    history, _, _ = run_training(config, tmp_path / "off", progress=False, pictures=False)
    assert history.examples is None and not (tmp_path / "off" / run_folder.EXAMPLES).exists()
    assert RunConfig(data="iris", model="softmax").track_examples == "auto"
    assert RunConfig(data="iris", model="softmax", track_examples=" Auto").track_examples == "auto"
    with pytest.raises(ValueError, match="track_examples\n  Value error, expected true, false or 'auto', got 'yes'"):
        RunConfig(data="iris", model="softmax", track_examples="yes")
