"""``descend train --standardize`` and ``descend lr-find --standardize``: the setting reaches
``train``, is kept in config.yaml (so the run folder's pictures rebuild the same data) and
its statistics in history.json."""

from __future__ import annotations

import json

import pytest
import yaml

ROWS = ["a,b,y"] + [f"{i % 7},{1000 + 100 * (i % 5)},{2 * (i % 7) - (i % 5) + 0.5}" for i in range(60)]


@pytest.fixture
def points(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "points.csv").write_text("\n".join(ROWS) + "\n")
    return tmp_path / "points.csv"


def test_train_standardizes_a_csv_file_when_asked(points, cli, tmp_path):
    args = ["--data", points, "--target", "y", "--model", "linear", "--optimizer", "gd", "--lr", "0.1"]
    result = cli("train", *args, "--epochs", "3", "--standardize", "--out", tmp_path / "run", "--no-progress")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "run" / "config.yaml").read_text())["standardize"] is True
    scaling = json.loads((tmp_path / "run" / "history.json").read_text())["scaling"]
    assert scaling["feature_mean"] == pytest.approx([3.0, 1200.0], abs=0.2)
    assert (tmp_path / "run" / "plots" / "landscape_2d.png").is_file()

    plain = cli("train", *args, "--epochs", "1", "--out", tmp_path / "raw", "--no-progress")
    assert plain.exit_code == 0, plain.output
    assert yaml.safe_load((tmp_path / "raw" / "config.yaml").read_text())["standardize"] is None
    assert json.loads((tmp_path / "raw" / "history.json").read_text())["scaling"] == {}


def test_a_config_file_can_turn_standardisation_off_for_builtin_data(cli, tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text("data: iris\nmodel: softmax\nepochs: 1\nstandardize: false\n")
    result = cli("train", "--config", config, "--out", tmp_path / "run", "--no-progress")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "run" / "history.json").read_text())["scaling"] == {}


def test_a_standardize_value_that_is_not_a_bool_is_refused(cli, tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text("data: iris\nmodel: softmax\nstandardize: 3\n")
    result = cli("train", "--config", config, "--out", tmp_path / "run", "--no-progress")
    assert result.exit_code == 2
    assert "standardize" in result.stderr and "valid boolean" in result.stderr
    assert not (tmp_path / "run").exists()


def test_lr_find_takes_standardize(points, cli, tmp_path):
    """Known answer: on the raw column of scale 1000 the ramp blows up at its first rates and
    suggests nothing; on standardised columns it suggests a rate."""
    args = ["--data", points, "--target", "y", "--model", "linear", "--optimizer", "sgd", "--num", "30"]
    scaled = cli("lr-find", *args, "--batch-size", "8", "--standardize", "--plot", tmp_path / "a.png")
    raw = cli("lr-find", *args, "--batch-size", "8", "--plot", tmp_path / "b.png")
    assert scaled.exit_code == 0 and raw.exit_code == 0, scaled.output + raw.output
    assert scaled.stdout.startswith("suggestion") and raw.stdout.startswith("no suggestion")
