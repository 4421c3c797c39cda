"""CSV files: text labels become classes, numeric targets pick the task, a validation file is read
with the training file's classes."""

from __future__ import annotations

import torch
from _data import write_csv

from descend.training.data import prepare


def test_csv_with_text_labels(tmp_path):
    path = write_csv(
        tmp_path / "pets.csv",
        ["weight", "species", "height"],
        [[4.0, "cat", 25], [30.5, "dog", 60], [3.5, "cat", 23], [0.02, "ant", 1]],
    )
    p = prepare(path, target="species")
    assert (p.name, p.task, p.classes, p.n_features) == ("csv:pets.csv", "classification", ["ant", "cat", "dog"], 2)
    assert p.train.y.tolist() == [1, 2, 1, 0]
    torch.testing.assert_close(p.train.X[1], torch.tensor([30.5, 60.0]))


def test_csv_with_numeric_targets(tmp_path):
    rows = [[1, 2, 0], [3, 4, 1], [5, 6, 1]]
    p = prepare(write_csv(tmp_path / "ints.csv", ["a", "b", "y"], rows), target="y")
    assert p.task == "classification" and p.train.y.tolist() == [0, 1, 1]
    rows = [[1, 2, 0.5], [3, 4, 1.5], [5, 6, -2.0]]
    p = prepare(write_csv(tmp_path / "floats.csv", ["a", "b", "y"], rows), target="y")
    assert p.task == "regression" and p.train.y.tolist() == [0.5, 1.5, -2.0]


def test_csv_validation_file(tmp_path):
    train = write_csv(tmp_path / "train.csv", ["a", "y"], [[1, "x"], [2, "y"], [3, "x"]])
    val = write_csv(tmp_path / "val.csv", ["a", "y"], [[4, "y"]])
    p = prepare(train, val, target="y")
    assert p.val.y.tolist() == [1]
