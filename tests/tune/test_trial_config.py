"""A train study's trial folders hold the trial's ``config.yaml`` (as ``descend train --out``
writes one) where the study's model and data are named: ``descend examples`` draws the trial's
gallery and ``descend train --config`` reads its settings."""

from __future__ import annotations

import inspect

import pytest
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.cli._run_folder import read_config
from descend.cli._settings import RunConfig
from descend.training import run_folder
from descend.tune.outputs import _NO_CONFIG_KEY, TRIALS_DIR, trial_folder


def descend(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


@pytest.fixture(scope="module")
def iris_study(tmp_path_factory):
    out = tmp_path_factory.mktemp("study") / "iris"
    result = ds.tune(
        "softmax", "iris", space={"lr": [0.05, 0.2]}, trials=2, metric="val_loss", out=out, epochs=2,
        batch_size=32, track_examples=True, instruments=False, start_at_defaults=False, progress=False,
    )  # fmt: skip
    return out, result


def test_each_trial_folder_holds_the_trials_settings(iris_study):
    out, result = iris_study
    for trial in result.study.trials:
        config, lr_used = read_config(trial_folder(out / TRIALS_DIR, trial.number))
        expected = RunConfig(
            data="iris", model="softmax", epochs=2, batch_size=32, track_examples=True, instruments=False,
            seed=0, lr=trial.params["lr"],
        )  # fmt: skip
        assert config == expected
        assert lr_used == trial.params["lr"]


def test_descend_examples_draws_a_trials_gallery(iris_study, tmp_path):
    out, _ = iris_study
    result = descend("examples", trial_folder(out / TRIALS_DIR, 1), "--out", tmp_path / "ex")
    assert result.exit_code == 0, result.output
    assert "no gallery" not in result.stdout
    assert (tmp_path / "ex" / run_folder.GALLERY).is_file()


def test_descend_landscape_reads_a_trial_and_says_how_to_get_its_weights(iris_study):
    """A trial keeps no checkpoints: landscape reads its config.yaml and names the command that
    trains its settings into a run folder (before: it had no config.yaml to read)."""
    trial = trial_folder(iris_study[0] / TRIALS_DIR, 0)
    result = descend("landscape", trial)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {trial} has no checkpoints/best.pt or checkpoints/last.pt (a descend tune trial keeps none): "
        f"train its settings into a run folder first: descend train --config {trial / run_folder.CONFIG} --out DIR\n"
    )


def test_the_keys_a_trials_config_cannot_hold_are_trains_beyond_descend_trains():
    """A trial given one of these writes no config.yaml: read_config would refuse its key. The
    list follows train's keywords: those the study sets or refuses itself aside."""
    beyond = set(inspect.signature(ds.train).parameters) - set(RunConfig.model_fields)
    assert beyond - {"log_dir", "checkpoint_dir", "progress", "resume"} == set(_NO_CONFIG_KEY)
