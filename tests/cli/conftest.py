"""Shared helpers of the command-line tests: an in-process runner and one trained run folder."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
from click.testing import CliRunner

from descend.cli import app

matplotlib.use("Agg")


def descend(*args: str):
    """``descend ARGS`` in this process; the result has exit_code, stdout, stderr, output."""
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


@pytest.fixture
def cli():
    """The in-process ``descend`` command: ``cli("train", "--data", ...)``."""
    return descend


# The shared run: settings in a YAML file, two of them overridden on the command line.
RUN_YAML = """\
data: iris
model: softmax
optimizer: adam
lr: 0.1
batch-size: 16
epochs: 5
tol: none
"""


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory) -> tuple[Path, object]:
    """A run folder trained by ``descend train --config run.yaml --epochs 3 --lr auto``."""
    folder = tmp_path_factory.mktemp("cli-run")
    config = folder / "run.yaml"
    config.write_text(RUN_YAML)
    out = folder / "iris"
    result = descend("train", "--config", config, "--epochs", "3", "--lr", "auto", "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    return out, result
