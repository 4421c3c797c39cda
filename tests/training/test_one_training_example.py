"""A training set of one example (a 1-row CSV file, or 2 rows of which the validation split holds
one out) failed with "probe must be a pair (x, y) of tensors ... at least 2", naming a probe the
user never set. It is refused naming the data and both ways out; --no-instruments trains on it."""

from __future__ import annotations

import re

import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app

_NEEDS = "but the instruments (on by default) read the run on at least 2; give more rows"


def _train(tmp_path, rows, *extra):
    path = tmp_path / "one.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{i},{i + 1},{i + 0.5}\n" for i in range(rows)))
    args = ["train", "--data", str(path), "--target", "label", "--model", "mlp", "--epochs", "1"]
    return CliRunner().invoke(app, [*args, "--out", str(tmp_path / "run"), *extra], prog_name="descend")


def test_a_one_row_csv_names_the_data_not_a_probe(tmp_path):
    result = _train(tmp_path, 1)
    assert result.exit_code != 0
    assert result.output == (
        f"error: data (one.csv) has 1 example to train on, {_NEEDS}, or --no-instruments to train without them\n"
    )


def test_two_rows_split_name_the_split(tmp_path):
    result = _train(tmp_path, 2, "--val-data", "split")
    assert result.exit_code != 0
    assert "data (one.csv) has 1 example to train on once --val-data split holds out 1 of its 2 rows" in result.output


def test_no_instruments_trains_on_one_row(tmp_path):
    assert _train(tmp_path, 1, "--no-instruments").exit_code == 0


def test_train_refuses_one_example_in_python():
    with pytest.raises(ValueError, match=re.escape(f"data has 1 example to train on, {_NEEDS}, or instruments=False")):
        ds.train("linear", (torch.ones(1, 2), torch.ones(1)), epochs=1, progress=False)
