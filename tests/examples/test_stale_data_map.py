"""A run the doctor found diverged has no list of likely mislabelled examples: a data map an
earlier ``descend examples`` drew into its plots (before a resume that diverged) circles a
list it no longer has. The report leaves it out, saying why; ``descend examples`` removes it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.report import write_report
from descend.training import run_folder

OLD_MAP = b"a data map drawn before the run diverged"


@pytest.fixture
def diverged_with_old_map(tmp_path):
    folder = tmp_path / "run"
    history = ds.train(
        "mlp", "iris", optimizer="sgd", lr=50.0, epochs=2, track_examples=True, instruments=False, progress=False,
        log_dir=folder,
    )  # fmt: skip
    assert [d.kind for d in history.diagnoses] == ["divergence"]
    (folder / run_folder.PLOTS).mkdir(exist_ok=True)
    (folder / run_folder.PLOTS / run_folder.DATA_MAP).write_bytes(OLD_MAP)
    return folder


def test_the_report_of_a_diverged_run_leaves_an_old_data_map_out(diverged_with_old_map):
    page = write_report(diverged_with_old_map).read_text()
    assert "No list of likely mislabelled examples:" in page
    assert 'alt="data_map.png"' not in page
    assert (
        '<p class="note">Not shown: data_map.png, drawn by an earlier <code>descend examples</code>, circling a list '
        "of likely mislabelled examples this run no longer has: the doctor found it diverged (see Examples).</p>"
    ) in page
    assert 'alt="class_loss.png"' in page  # the pictures of the record itself are still shown


def test_descend_examples_on_a_diverged_run_removes_its_old_data_map(diverged_with_old_map):
    result = CliRunner().invoke(app, ["examples", str(diverged_with_old_map)], prog_name="descend")
    old_map = diverged_with_old_map / run_folder.PLOTS / run_folder.DATA_MAP
    assert result.exit_code == 1
    assert result.stderr.startswith("error: find_label_issues: the doctor found this run diverged (divergence at ")
    assert result.stderr.endswith(
        f"read that run (removed {old_map}, drawn by an earlier call, which circled a list this run no longer has)\n"
    )
    assert not old_map.exists()
