"""Integer targets are read as class labels 0..K-1 where the run names no task; whole-number
prices (or labels 5 and 10) that would leave most of those classes without an example were
trained silently as a classifier of max + 1 outputs (house prices near 300,000: 667 MB
checkpoints, accuracy 0). They are refused, naming the column and both ways out; 1-based labels
1..K, ordinary labels 0..K-1 and a task asked for pass as before."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.training.data import prepare


def _prices(tmp_path):
    prices = np.random.default_rng(0).integers(250_000, 350_000, size=20)
    rows = [f"{1000 + 10 * i},{1 + i % 5},{p}" for i, p in enumerate(prices)]
    path = tmp_path / "price.csv"
    path.write_text("sqft,rooms,price\n" + "\n".join(rows) + "\n")
    return path, prices


def test_whole_number_prices_in_a_csv_are_refused_naming_the_column_and_both_ways_out(tmp_path):
    path, prices = _prices(tmp_path)
    with pytest.raises(ValueError) as caught:
        prepare(str(path), target="price")
    distinct, low, high = len(np.unique(prices)), prices.min(), prices.max()
    assert str(caught.value) == (
        f"the target column 'price' of data (price.csv) holds {distinct} distinct whole numbers from {low} to "
        f"{high}: integer targets are read as class labels 0..K-1, so it would need {high + 1} outputs, "
        f"{high + 1 - distinct} of them without an example. To regress on the numbers, train with loss='mse' "
        f"(or 'mae' or 'huber'); if they are classes, recode them as 0..{distinct - 1}, or train with "
        f"loss='cross_entropy' to keep all {high + 1} outputs"
    )


def test_the_cli_says_loss_mse_and_writes_nothing(tmp_path):
    path, _ = _prices(tmp_path)
    out = tmp_path / "run"
    args = ["train", "--data", str(path), "--target", "price", "--model", "mlp", "--epochs", "1", "--out", str(out)]
    result = CliRunner().invoke(app, args, prog_name="descend")
    assert result.exit_code != 0
    assert "the target column 'price' of data (price.csv) holds 20 distinct whole numbers" in result.output
    assert "To regress on the numbers, train with --loss mse (or 'mae' or 'huber')" in result.output
    assert "or train with --loss cross_entropy to keep all" in result.output
    assert not out.exists() or not any(p.name != ".lock" for p in out.iterdir())


def test_train_refuses_labels_5_and_10_before_any_checkpoint(tmp_path):
    X, y = torch.randn(6, 2), torch.tensor([5, 10, 5, 10, 5, 10])
    with pytest.raises(
        ValueError, match=r"^data y holds 2 distinct whole numbers from 5 to 10: .* need 11 outputs, 9 "
    ):
        ds.train("mlp", (X, y), epochs=1, progress=False, checkpoint_dir=tmp_path / "run")
    assert not (tmp_path / "run" / "checkpoints").exists() and not (tmp_path / "run" / "last.pt").exists()


@pytest.mark.parametrize("labels", [[1, 2, 3, 1], [0, 1, 2, 1], [1, 2, 1, 2]])
def test_one_based_and_ordinary_class_labels_pass_unchanged(labels):
    prepared = prepare((torch.zeros(4, 2), torch.tensor(labels)))
    assert (prepared.task, prepared.n_outputs) == ("classification", max(labels) + 1)


def test_a_task_asked_for_keeps_its_reading():
    X, y = torch.zeros(4, 2), torch.tensor([5, 10, 5, 10])
    assert prepare((X, y), task="classification").n_outputs == 11
    assert prepare((X, y), task="regression").task == "regression"
    hist = ds.train("mlp", (X, y), loss="mse", epochs=1, progress=False, instruments=False)
    assert len(hist.epochs["loss"]) == 1


def test_a_users_module_with_its_own_classes_trains_on_a_sample_of_a_few():
    """Was refused (since fdef63f): a 10-output module of the user's, labels {0, 9} or {0, 1, 7},
    'would need 8 outputs'; a module sets its own number of classes, so only a model built from
    a name (its outputs sized by the labels) is refused."""
    X = torch.randn(40, 4)
    for y in (torch.tensor([0, 9] * 20), torch.tensor([0, 1, 7, 1] * 10)):
        run = ds.train(torch.nn.Linear(4, 10), (X, y), epochs=1, progress=False, instruments=False)
        assert len(run.epochs["loss"]) == 1
    with pytest.raises(ValueError, match="would need 10 outputs"):
        ds.train("mlp", (X, torch.tensor([0, 9] * 20)), epochs=1, progress=False, instruments=False)
