"""A regression loss on class labels (``--loss mse`` on iris): the run folder's readers rebuild
the one-output model ``train`` trained, not a classifier's."""

from __future__ import annotations

import pytest

from descend.cli import _run_folder
from descend.cli._settings import RunConfig


def test_the_rebuilt_model_of_a_regression_loss_on_labels_has_one_output():
    """Was a 3-output classifier, whose state dict the trained 1-output model's did not fit."""
    config = RunConfig(data="iris", model="mlp", loss="mse")
    X, y, prepared = _run_folder.training_sample(config, 512)
    model, loss = _run_folder.rebuild(config, prepared)
    assert prepared.task == "regression"
    assert tuple(model(X).shape) == (len(X), 1)
    assert y.is_floating_point()


@pytest.mark.slow
def test_train_with_mse_on_class_labels_draws_its_landscape(tmp_path, cli):
    """Was "error: Error(s) in loading state_dict for Sequential: size mismatch for 2.weight ..."
    after the training, with the run folder left without plots and report."""
    out = tmp_path / "run"
    args = ("--data", "iris", "--model", "mlp", "--loss", "mse", "--epochs", "1", "--no-instruments")
    result = cli("train", *args, "--no-progress", "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "plots" / "landscape_2d.png").is_file() and (out / "report.html").is_file()
    again = cli("landscape", out, "--points", "3")
    assert again.exit_code == 0, again.output
