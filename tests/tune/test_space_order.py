"""A study keeps its space's order: a bare ``--resume`` (the space read back from the study's
storage) draws, lists and writes the parameters in the order the space gave them, as a resume
given the space again does; a study stored with its keys sorted (before session 40) resumes in
that order."""

from __future__ import annotations

import json
import shutil

import yaml
from click.testing import CliRunner

import descend as ds
from descend.cli import app

# Not alphabetical (dropout, hidden, lr, weight_decay), the optimizer last: it is drawn first.
SPACE = """\
space:
  lr: {low: 0.001, high: 1.0, log: true}
  hidden: [[8], [16, 8]]
  weight_decay: {low: 1.0e-6, high: 1.0e-2, log: true}
  optimizer: [sgd, adam]
"""
DRAWN = ["optimizer", "lr", "hidden", "weight_decay"]


def descend(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


def _study(tmp_path):
    config = tmp_path / "tune.yaml"
    config.write_text("data: iris\nmodel: mlp\nepochs: 1\ntrials: 1\nstart_at_defaults: false\n" + SPACE)
    out = tmp_path / "study"
    started = descend("tune", "--config", config, "--out", out, "--no-progress")
    assert started.exit_code == 0, started.output
    return config, out


def _params(out):
    """Each trial's parameters as the study holds them, in the order they were drawn."""
    storage = ds.tune.open_storage(ds.tune.storage_url(None, out))
    study_id = storage.get_study_id_from_name(out.name)
    return [trial.params for trial in storage.get_all_trials(study_id)]


def _names(summary: str) -> list[str]:
    """The searched settings' rows of the command's summary, in order."""
    rows = [line.split()[0] for line in summary.splitlines()]
    return [name for name in rows if name in DRAWN]


def test_a_bare_resume_draws_and_lists_in_the_spaces_order(tmp_path):
    """Was: ``--out S --resume`` alone read the space back sorted (JSON's sort_keys), so its trials
    drew the parameters in alphabetical order (the optimizer first), the summary and best.yaml listed
    them so, and in TPE's start-up trials (one random stream, a value per draw, in the order drawn)
    it drew other values than the same study resumed with its file."""
    config, out = _study(tmp_path)
    shutil.copytree(out, tmp_path / "again" / "study")
    bare = descend("tune", "--out", out, "--resume", "--trials", 3, "--no-progress")
    assert bare.exit_code == 0, bare.output
    given = descend(
        "tune", "--config", config, "--out", tmp_path / "again" / "study", "--resume", "--trials", 3, "--no-progress"
    )
    assert given.exit_code == 0, given.output
    drawn = _params(out)
    assert [list(params) for params in drawn] == [DRAWN] * 3
    assert drawn == _params(tmp_path / "again" / "study")  # the same trials, resumed either way
    assert _names(bare.stdout) == DRAWN
    best = yaml.safe_load((out / "best.yaml").read_text())
    assert list(best)[-4:] == ["optimizer", "lr", "model_options", "hyper"]


def test_a_study_stored_sorted_resumes_in_its_stored_order(tmp_path):
    """A study stored before session 40 (its settings' keys sorted) still resumes bare, drawing
    in the order it stored, and agrees with its space given again in the file's order."""
    config, out = _study(tmp_path)
    storage = ds.tune.open_storage(ds.tune.storage_url(None, out))
    study_id = storage.get_study_id_from_name("study")
    saved = json.loads(storage.get_study_user_attrs(study_id)["settings"])
    storage.set_study_user_attr(study_id, "settings", json.dumps(saved, sort_keys=True))
    bare = descend("tune", "--out", out, "--resume", "--trials", 2, "--no-progress")
    assert bare.exit_code == 0, bare.output
    assert list(_params(out)[1]) == ["optimizer", "hidden", "lr", "weight_decay"]
    given = descend("tune", "--config", config, "--out", out, "--resume", "--trials", 3, "--no-progress")
    assert given.exit_code == 0, given.output
