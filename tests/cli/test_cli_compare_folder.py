"""``descend examples / report / landscape / doctor`` of the folder ``descend compare --out``
writes, one run folder per optimizer: it is not a run, and they said so as of an empty folder
("train with track_examples=True", "it holds neither config.yaml nor history.json", "holds no
training logs"), with no word of the runs it holds."""

from __future__ import annotations

import pytest

from descend.training import run_folder


@pytest.fixture
def compared(tmp_path):
    """A folder as descend compare --out leaves it: one run folder per optimizer (files touched)."""
    for name in ("sgd", "adam"):
        (tmp_path / name).mkdir()
        for held in (run_folder.CONFIG, run_folder.HISTORY, run_folder.EXAMPLES):
            (tmp_path / name / held).touch()
    (tmp_path / "curves.png").touch()
    return tmp_path


@pytest.mark.parametrize("command", ["report", "landscape", "doctor"])
def test_a_compare_folder_names_its_run_folders(compared, cli, command):
    result = cli(command, compared)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {compared} is not a run folder but holds the run folders adam, sgd (descend compare --out writes "
        f"one per optimizer): give one of them, such as descend {command} {compared / 'adam'}\n"
    )


def test_examples_of_a_compare_folder_names_its_run_folders(compared, cli):
    result = cli("examples", compared)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {compared} holds no examples.npz but the run folders adam, sgd, which do (descend compare --out "
        f"writes one per optimizer): give one of them, such as {compared / 'adam'}\n"
    )
