"""Shared by the report tests: a run folder as descend.train writes it, trained once a module."""

import shutil
from pathlib import Path

import pytest

import descend as ds


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A run folder as descend.train writes it, and the run's live history."""
    folder = tmp_path_factory.mktemp("run")
    history = ds.train(
        "softmax",
        "iris",
        lr=0.05,
        batch_size=32,
        epochs=4,
        log_dir=folder,
        checkpoint_dir=folder / "checkpoints",
        progress=False,
    )
    return folder, history


@pytest.fixture
def run_dir(trained, tmp_path):
    """A copy of the run folder, for a test to add to."""
    return Path(shutil.copytree(trained[0], tmp_path / "run"))
