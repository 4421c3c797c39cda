"""``descend train --config``: YAML and TOML files, precedence, and one-line messages."""

from __future__ import annotations

import pytest
import yaml

from descend.cli._run_folder import write_config
from descend.cli._settings import RunConfig

TOML = """\
data = "iris"
model = "mlp"
optimizer = "sgd"
lr = 0.05
batch-size = 32
epochs = 4
tol = "none"

[model_options]
hidden = [8]
activation = "tanh"

[hyper]
momentum = 0.9
"""


@pytest.mark.slow
def test_a_toml_file_with_options_that_override_it(tmp_path, cli):
    (tmp_path / "run.toml").write_text(TOML)
    out = tmp_path / "run"
    result = cli(
        "train",
        "--config",
        tmp_path / "run.toml",
        "--epochs",
        "1",
        "--hidden",
        "4",
        "--hyper",
        "nesterov=true",
        "--out",
        out,
        "--no-progress",
    )
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["epochs"] == 1 and config["batch_size"] == 32 and config["lr"] == 0.05
    assert config["model_options"] == {"hidden": [4], "activation": "tanh"}  # merged key by key
    assert config["hyper"] == {"momentum": 0.9, "nesterov": True}
    assert config["tol"] is None and config["lr_used"] == 0.05


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "run.yaml",
            "data: iris\nmodel: mlp\noptimiser: adam\n",
            "config {path}: unknown key 'optimiser'. Did you mean 'optimizer'? Known keys: data, target,",
        ),
        (
            "run.toml",
            'data = "iris"\nmodel = "mlp"\nepochs = "many"\n',
            "config {path}: epochs: input should be a valid integer, unable to parse string as an integer, got 'many'",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nbatch_size: -3\n",
            "config {path}: batch_size: expected 'full', 'auto' or an integer >= 1, got -3",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\noptimizer: sgd\nhyper: {momentum: 2}\n",
            "config {path}: hyper: momentum must be a number in [0, 1], got 2",
        ),
        (  # hidden, as --hidden, is read into model_options (not refused as an unknown key)
            "run.yaml",
            "data: iris\nmodel: mlp\nhidden: [8, -1]\n",
            "config {path}: model_options: expected layer widths >= 1 such as 64,64, got [8, -1]",
        ),
        (  # a number where a name goes: was "error: optimizer must be one of ...; got 1" (exit 1)
            "run.yaml",
            "data: iris\nmodel: mlp\noptimizer: 1\n",
            "config {path}: optimizer: expected one of gd, sgd, momentum,",
        ),
        (
            "run.toml",
            'data = "iris"\nmodel = "mlp"\nprecision = 16\n',
            "config {path}: precision: expected one of fp32, bf16, fp16, got 16",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: [mlp]\n",
            "config {path}: model: expected one of linear, logistic, softmax, mlp, cnn, got ['mlp']",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nschedule: 5\n",
            "config {path}: schedule: expected one of constant, step,",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nloss: 1\n",
            "config {path}: loss: expected one of mse, mae, huber, bce, cross_entropy, got 1",
        ),
        ("run.yaml", "- data\n- iris\n", "config {path}: expected a mapping of settings (key: value), got a list"),
        ("run.toml", "data = \n", "config {path}: not valid TOML: "),
        ("run.json", "{}", "config {path}: expected a .yaml, .yml or .toml file"),
    ],
)
def test_bad_config_files_get_one_line_naming_the_file_and_key(name, text, message, tmp_path, cli):
    path = tmp_path / name
    path.write_text(text)
    result = cli("train", "--config", path, "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: " + message.format(path=path)), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "run").exists()


def test_the_command_line_wins_over_a_bad_value_in_the_file(tmp_path, cli):
    path = tmp_path / "run.yaml"
    path.write_text("data: iris\nmodel: mlp\noptimizer: adamm\n")
    result = cli("train", "--config", path, "--optimizer", "nadam", "--epochs", "0")
    assert result.exit_code == 2
    # Had the file's optimizer been used, it would be the first error (it comes before epochs).
    assert result.stderr == ("error: --epochs: input should be greater than or equal to 1, got '0'\n")


def test_a_missing_config_file(tmp_path, cli):
    result = cli("train", "--config", tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"error: config {tmp_path / 'none.yaml'}: no such file\n"


@pytest.mark.slow
def test_the_hidden_key_of_a_config_file_joins_its_model_options(tmp_path, cli):
    # The help says a file's keys are the option names: --hidden's is hidden.
    (tmp_path / "run.yaml").write_text("data: iris\nmodel: mlp\nhidden: 3,2\nmodel_options: {activation: tanh}\n")
    out = tmp_path / "run"
    result = cli("train", "--config", tmp_path / "run.yaml", "--epochs", "1", "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["model_options"] == {"activation": "tanh", "hidden": [3, 2]}


def test_off_in_a_yaml_file_turns_an_optional_setting_off(tmp_path, cli):
    """Was "error: config run.yaml: tol: expected a number >= 0 or 'none', got False": YAML 1.1 reads
    off (and no) as false before the setting sees the word its help offers."""
    from descend.cli._config_files import read_config_file
    from descend.cli._resolve import resolve
    from descend.cli._settings import TrainOptions

    path = tmp_path / "run.yaml"
    path.write_text(
        "data: iris\nmodel: mlp\ntol: off\nschedule: off\nval_data: no\ntime_budget: off\nclip_grad_norm: off\n"
    )
    config = resolve(TrainOptions, [(f"config {path}", read_config_file(path))])
    assert (config.tol, config.schedule, config.val_data, config.time_budget, config.clip_grad_norm) == (None,) * 5
    path.write_text("data: iris\nmodel: mlp\ntol: on\n")  # on is true: no number
    result = cli("train", "--config", path, "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr == f"error: config {path}: tol: expected a number >= 0 or 'none', got True\n"


@pytest.mark.parametrize("command", ["train", "tune"])
def test_a_config_file_that_is_not_utf8_text_is_named(command, tmp_path, cli):
    """Was "error: 'utf-8' codec can't decode byte 0x89 in position 0: invalid start byte" (exit 1),
    naming no file."""
    path = tmp_path / "run.yaml"
    path.write_bytes(b"data: iris\nmodel: mlp\n# \x89 picture bytes\n")
    result = cli(command, "--config", path, "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: config {path}: not UTF-8 text: line 3 holds the byte 0x89; a settings file is text: save it as UTF-8\n"
    )
    assert not (tmp_path / "run").exists()


def test_a_run_folders_config_yaml_trains_its_run_again(tmp_path, cli):
    # Until session 39: "config .../config.yaml: unknown key 'lr_used'": the file descend train
    # writes, with the rate its run started from, was refused as a --config file.
    first = tmp_path / "first"
    first.mkdir()
    write_config(first, RunConfig(data="iris", model="softmax", lr=0.05, epochs=1, tol=None), 0.05)
    result = cli("train", "--config", first / "config.yaml", "--out", tmp_path / "again", "--no-progress")
    assert result.exit_code == 0, result.output
    again = yaml.safe_load((tmp_path / "again" / "config.yaml").read_text())
    assert (again["data"], again["model"], again["lr"], again["lr_used"]) == ("iris", "softmax", 0.05, 0.05)
