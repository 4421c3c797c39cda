"""lr_find takes train's inputs the way train does (a user finds a rate, then trains with the
same arguments): the model's dtype, a loss module's labels, integer regression targets, and
train's refusals of frozen models, tuple or dict outputs and broadcasting losses."""

from __future__ import annotations

import pytest
import torch
from torch import nn

import descend as ds
from descend.lr_find import stable_lr

X = torch.randn(24, 3, generator=torch.Generator().manual_seed(0))
Y = X.sum(1)
FIND = dict(num=8, batch_size=8)


def test_a_double_model_is_given_float64_data():
    """Was torch's 'mat1 and mat2 must have the same dtype, but got Float and Double'."""
    found = ds.lr_find(nn.Linear(3, 1).double(), (X.double(), Y.double()), **FIND)
    assert len(found.losses) > 0 and all(loss == loss for loss in found.losses)


def test_float_labels_of_a_cross_entropy_module_are_classes_and_integer_targets_regress():
    """CrossEntropyLoss() with 0/1 float labels was 'cross_entropy needs int64 class labels';
    loss='mse' with integer targets 'mse needs floating-point targets'."""
    labels = (X[:, 0] > 0).float()
    assert len(ds.lr_find(nn.Linear(3, 2), (X, labels), loss=nn.CrossEntropyLoss(), **FIND).losses) > 0
    for loss in ("mse", nn.MSELoss()):
        assert len(ds.lr_find(nn.Linear(3, 1), (X, Y.round().long()), loss=loss, **FIND).losses) > 0


class _Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(3, 1)

    def forward(self, x):
        return self.layer(x), x


def test_train_refusals_a_frozen_model_a_tuple_output_a_broadcasting_loss():
    """Were torch's 'element 0 of tensors does not require grad', 'zeros_like(): argument
    'input' ... must be Tensor, not tuple', and a suggestion read off the (n, n) broadcast."""
    with pytest.raises(ValueError, match=r"its 2 parameters \(4 values\) all have requires_grad=False"):
        ds.lr_find(nn.Linear(3, 1).requires_grad_(False), (X, Y), **FIND)
    reads_pair = lambda out, y: nn.functional.mse_loss(out[0].squeeze(-1), y)  # noqa: E731
    with pytest.raises(TypeError, match=r"got a tuple of 2 \(tensor \(24, 1\), tensor \(24, 3\)\); .* model\(x\)\[0\]"):
        ds.lr_find(_Pair(), (X, Y), loss=reads_pair, **FIND)
    with pytest.raises(ValueError, match=r"broadcasts the model output of shape \(24, 1\) against targets"):
        ds.lr_find(nn.Linear(3, 1), (X, Y), loss=lambda out, y: ((out - y) ** 2).mean(), **FIND)


def test_a_compiled_model_is_tested_as_the_module_inside():
    """Was: the first-batch check's hooks on torch.compile's wrapper were traced by dynamo, which
    raised "AssertionError: UnspecializedBuiltinNNModuleVariable(Linear) is already tracked for mutation"."""
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    compiled = torch.compile(model, backend="eager")
    found = ds.lr_find(compiled, (X, Y), **FIND)
    assert found.losses == ds.lr_find(model, (X, Y), **FIND).losses and len(found.losses) > 0


def test_the_stable_rate_of_a_compiled_model_is_the_modules():
    """Was None, silently: the sharpness's double backward through the compiled graph raised,
    and the failure read as no stable rate to be had."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
    compiled = torch.compile(model, backend="aot_eager")
    batch, mse = (X, Y[:, None]), nn.functional.mse_loss
    found = stable_lr(compiled, batch, mse, "sgd")
    assert found is not None and found == stable_lr(model, batch, mse, "sgd")
