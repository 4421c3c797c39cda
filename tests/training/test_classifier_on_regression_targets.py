"""A classifier asked to train on a regression data set's float targets (``--model softmax`` on
diabetes) is refused, naming the task and the models that fit it; float class labels pass."""

from __future__ import annotations

import pytest
import torch
from click.testing import CliRunner

from descend.cli import app
from descend.training.data import prepare


def test_the_diabetes_targets_are_not_read_as_347_classes():
    """Was a 347-class classification (214 of them with examples) of the disease progression."""
    with pytest.raises(ValueError) as caught:
        prepare("diabetes", task="classification")
    message = str(caught.value)
    assert message.startswith("the built-in data set 'diabetes' holds regression targets (214 distinct numbers")
    assert "133 of those 347 classes have no example" in message
    assert "for regression train linear, mlp or cnn with loss mse, mae or huber" in message


def test_float_whole_numbers_with_empty_classes_are_refused_and_float_class_labels_pass():
    y = torch.tensor([3.0, 5.0, 3.0, 7.0])
    with pytest.raises(ValueError, match=r"^data y holds regression targets \(3 distinct numbers from 3 to 7"):
        prepare((torch.zeros(4, 2), y), task="classification")
    for labels in ([0.0, 1.0, 1.0, 0.0], [0.0, 1.0, 2.0, 1.0]):
        prepared = prepare((torch.zeros(4, 2), torch.tensor(labels)), task="classification")
        assert (prepared.task, prepared.n_outputs) == ("classification", int(max(labels)) + 1)


def test_the_cli_refuses_softmax_on_diabetes(tmp_path):
    args = ["train", "--data", "diabetes", "--model", "softmax", "--epochs", "1", "--out", str(tmp_path / "run")]
    result = CliRunner().invoke(app, args, prog_name="descend")
    assert result.exit_code != 0
    assert "the built-in data set 'diabetes' holds regression targets" in result.output
    assert not (tmp_path / "run" / "steps.csv").exists()
