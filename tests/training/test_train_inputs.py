"""Inputs a PyTorch user brings to train: integer regression targets, float 0/1 targets, frozen models."""

from __future__ import annotations

import pytest
import torch
from _small_runs import linear_data as _linear_data
from torch import nn

import descend as ds
from descend import train

X = torch.randn(24, 3, generator=torch.Generator().manual_seed(0))
COUNTS = X.sum(1).round().long()  # whole numbers, some negative
RUN = dict(epochs=1, progress=False, instruments=False)


def test_a_regression_loss_makes_integer_targets_numbers_to_regress_on():
    """loss='mse' with int64 targets was read as classification: 'class indices >= 0, got -4'
    for negative ones, 'mse needs floating-point targets' for the others."""
    assert ds.train(nn.Linear(3, 1), (X, COUNTS), loss="mse", **RUN).task == "regression"
    assert ds.train(nn.Linear(3, 1), (X, COUNTS.abs()), loss=nn.L1Loss(), **RUN).task == "regression"


def test_negative_integer_labels_say_how_to_regress_on_them():
    with pytest.raises(ValueError, match=r"first negative label in row \d+\); .*give them as floats, or .*loss='mse'"):
        ds.train(nn.Linear(3, 1), (X, COUNTS), **RUN)


def test_a_frozen_model_is_refused_before_any_step():
    """Was torch's 'element 0 of tensors does not require grad and does not have a grad_fn'."""
    with pytest.raises(ValueError, match=r"its 2 parameters \(8 values\) all have requires_grad=False"):
        ds.train(nn.Linear(3, 2).requires_grad_(False), (X, COUNTS.abs()), **RUN)
    with pytest.raises(ValueError, match=r"the model \(ReLU\) has no parameters"):
        ds.train(nn.ReLU(), (X, X), **RUN)


def test_a_loss_of_ones_own_that_broadcasts_a_single_output_is_refused():
    """F.mse_loss on (n, 1) outputs and (n,) targets trained on the mean over (n, n) pairs with
    only torch's warning; a hand-written one without even that."""
    for loss in (nn.functional.mse_loss, lambda out, y: ((out - y) ** 2).mean()):
        with pytest.raises(ValueError, match=r"broadcasts the model output of shape \(24, 1\) against targets"):
            ds.train(nn.Linear(3, 1), (X, X.sum(1)), loss=loss, batch_size=None, **RUN)
    aligning = lambda out, y: nn.functional.mse_loss(out.squeeze(-1), y)  # noqa: E731
    assert ds.train(nn.Linear(3, 1), (X, X.sum(1)), loss=aligning, **RUN).task == "regression"


class _Outputs(nn.Module):
    """A model that returns its logits inside a dict, as a Hugging Face model does, or a tuple."""

    def __init__(self, as_dict):
        super().__init__()
        self.layer, self.as_dict = nn.Linear(3, 2), as_dict

    def forward(self, x):
        logits = self.layer(x)
        return {"logits": logits} if self.as_dict else (logits, x)


def test_a_model_returning_a_dict_or_tuple_is_refused_naming_the_tensor_to_return():
    """With a loss that reads the dict it was 'dict' object has no attribute 'detach' in the loop."""
    reads_dict = lambda out, y: nn.functional.cross_entropy(out["logits"], y)  # noqa: E731
    with pytest.raises(TypeError, match=r"got a dict of 1 \('logits': tensor \(24, 2\)\); .* model\(x\)\['logits'\]"):
        ds.train(_Outputs(as_dict=True), (X, COUNTS.abs()), loss=reads_dict, batch_size=None, **RUN)
    with pytest.raises(TypeError, match=r"got a tuple of 2 \(tensor \(24, 2\), tensor \(24, 3\)\); .* model\(x\)\[0\]"):
        ds.train(_Outputs(as_dict=False), (X, COUNTS.abs()), batch_size=None, **RUN)


def test_float_zero_one_targets_train_a_logistic_model():
    X, _ = _linear_data(n=64)
    y = (X[:, 0] > 0).float()
    h = train("logistic", (X, y), loss="bce", lr=0.1, batch_size=16, epochs=20, progress=False)
    assert h.task == "classification" and h.epochs["accuracy"][-1] > 0.9
