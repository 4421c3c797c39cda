"""The command line's settings default to ``descend.train``'s: one source, read from train's
signature, never restated."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
import warnings

import pytest

import descend as ds
from descend.cli import app
from descend.cli._run_folder import read_config
from descend.cli._settings import RunConfig, TrainOptions

TRAIN_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(ds.train).parameters.items()
    if p.default is not inspect.Parameter.empty
}


def test_a_run_with_no_settings_given_gets_trains_defaults():
    kwargs = RunConfig(data="iris", model="linear").train_kwargs()
    given = {key: value for key, value in kwargs.items() if key not in ("data", "model")}
    assert set(given) <= set(TRAIN_DEFAULTS), set(given) - set(TRAIN_DEFAULTS)
    assert {
        "optimizer",
        "lr",
        "batch_size",
        "epochs",
        "tol",
        "patience",
        "device",
        "seed",
        "precision",
        "accumulate",
    } <= set(given)
    for key, value in given.items():
        expected = TRAIN_DEFAULTS[key]
        if key == "model_options" and expected is None:
            expected = {}  # train reads None as no options
        assert value == expected, f"{key}: the command line's default {value!r}, train's {expected!r}"


def test_descend_train_options_default_to_trains():
    # What `descend train` holds for each option nothing was typed for (what --help shows),
    # read as a setting.
    untyped = app.commands["train"].make_context("train", [], resilient_parsing=True).params
    options = {name: value for name, value in untyped.items() if name in TRAIN_DEFAULTS}
    assert {"epochs", "optimizer", "tol", "lr", "resume", "progress"} <= set(options)
    for name, value in options.items():
        if value is not None:
            value = getattr(TrainOptions(data="iris", model="linear", **{name: value}), name)
        assert value == TRAIN_DEFAULTS[name], (
            f"--{name}: the command line's default {value!r}, train's {TRAIN_DEFAULTS[name]!r}"
        )


# A train whose default epochs is 3: the command line must follow it, help text included.
CHANGED_TRAIN = textwrap.dedent("""
    import inspect, sys
    import descend
    module = sys.modules[descend.train.__module__]
    real = module.train
    signature = inspect.signature(real)

    def train(*args, **kwargs):
        return real(*args, **kwargs)

    train.__signature__ = signature.replace(parameters=[
        p.replace(default=3) if p.name == "epochs" else p for p in signature.parameters.values()])
    module.train = train

    from click.testing import CliRunner
    from descend.cli import app
    from descend.cli._settings import RunConfig
    help = " ".join(CliRunner().invoke(app, ["train", "--help"]).stdout.split())
    epochs_help = help.partition("--epochs N")[2].partition(" --")[0]
    print(RunConfig(data="iris", model="linear").epochs, "[default: 3]" in epochs_help)
""")


@pytest.mark.slow
def test_a_default_changed_in_train_changes_the_command_lines():
    result = subprocess.run([sys.executable, "-c", CHANGED_TRAIN], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "True"]


def _tiny_csv(path, rows: int = 20):
    lines = ["a,b,label", *(f"{i / rows:.3f},{(i * 7 % rows) / rows:.3f},{i % 2}" for i in range(rows))]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_descend_train_takes_trains_default_batch_and_writes_it(cli, tmp_path):
    # Session 33: train's default batch is 32 (was the full batch); config.yaml says the batch taken.
    out = tmp_path / "digits"
    result = cli("train", "--data", "digits", "--model", "softmax", "--epochs", "1", "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert "batch size     32" in result.stdout
    config, _ = read_config(out)
    assert config.batch_size == 32 == TRAIN_DEFAULTS["batch_size"]


def test_descend_train_on_fewer_rows_than_the_default_batch_is_full_batch_silently(cli, tmp_path):
    data = _tiny_csv(tmp_path / "tiny.csv")
    out = tmp_path / "tiny"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = cli("train", "--data", data, "--target", "label", "--model", "softmax", "--epochs", "2",
                     "--out", out, "--no-progress")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warn" not in result.output.lower()
    assert "batch size     full" in result.stdout
    config, _ = read_config(out)
    assert config.batch_size is None  # what the run took, so a resume takes it again
    again = cli("train", "--out", out, "--resume", "--epochs", "3", "--no-progress")
    assert again.exit_code == 0, again.output


def test_a_batch_size_typed_larger_than_the_data_is_still_refused(cli, tmp_path):
    data = _tiny_csv(tmp_path / "tiny.csv")
    result = cli("train", "--data", data, "--target", "label", "--model", "softmax", "--batch-size", "32",
                 "--out", tmp_path / "run", "--no-progress")  # fmt: skip
    assert result.exit_code != 0
    assert "larger than the 20 training examples" in result.output


def test_descend_train_with_lbfgs_takes_the_full_batch_by_default(cli, tmp_path):
    out = tmp_path / "lbfgs"
    result = cli("train", "--data", "iris", "--model", "softmax", "--optimizer", "lbfgs", "--epochs", "1",
                 "--out", out, "--no-progress")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "batch size     full" in result.stdout
    config, _ = read_config(out)
    assert config.batch_size is None
