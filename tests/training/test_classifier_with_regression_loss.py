"""A named classifier given a regression loss (``--model logistic --loss mse``) is refused before
any data is read, naming the model, its loss and the models that regress; it failed at the first
batch with "mse needs floating-point targets, got torch.int64"."""

from __future__ import annotations

import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app


@pytest.mark.parametrize(
    ("model", "loss", "own"),
    [("logistic", "mse", "bce"), ("softmax", "huber", "cross_entropy"), ("logistic", torch.nn.L1Loss(), "bce")],
)
def test_train_refuses_a_classifier_with_a_regression_loss(model, loss, own):
    with pytest.raises(ValueError) as caught:
        ds.train(model, "breast_cancer", loss=loss, epochs=1)
    message = str(caught.value)
    assert message.startswith(
        f"model {model!r} is a classifier (its outputs are class logits, trained with loss {own!r}"
    )
    assert "to regress on the labels as numbers use model 'linear' or 'mlp'" in message
    assert "torch.int64" not in message


def test_lr_find_refuses_it_too():
    with pytest.raises(ValueError, match=r"^model 'logistic' is a classifier"):
        ds.lr_find("logistic", "breast_cancer", loss="mae")


def test_the_cli_refuses_logistic_with_mse(tmp_path):
    args = ["train", "--data", "breast_cancer", "--model", "logistic", "--loss", "mse", "--out", str(tmp_path / "r")]
    result = CliRunner().invoke(app, args, prog_name="descend")
    assert result.exit_code != 0
    assert "error: model 'logistic' is a classifier" in result.output
    assert "torch.int64" not in result.output
