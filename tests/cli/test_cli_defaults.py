"""The command line's settings default to ``descend.train``'s: one source, read from train's
signature, never restated."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap

import pytest

import descend as ds
from descend.cli import app
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
