"""stable_lr and output_curvature_ratio refuse a model, batch or loss they cannot read, with one
error naming it (a lone tensor was read as the pair of its first two rows)."""

import pytest
import torch

from descend.initial_curvature import output_curvature_ratio, stable_lr


def _mse(out, target):
    return ((out.squeeze(-1) - target) ** 2).mean()


def test_a_lone_tensor_is_no_batch():
    # Was: stable_lr read X[0] as the inputs and X[1] as the targets and returned a rate (0.31).
    X = torch.randn(16, 2)
    with pytest.raises(
        TypeError, match=r"^batch must be an \(x, y\) pair of tensors, got a tensor of shape \(16, 2\)$"
    ):
        stable_lr(torch.nn.Linear(2, 1), X, _mse, "sgd")
    with pytest.raises(TypeError, match=r"^batch must be an \(x, y\) pair of tensors, got a list of Tensor$"):
        output_curvature_ratio(torch.nn.Linear(2, 1), [X], _mse)


def test_the_model_and_the_loss_are_checked_before_use():
    batch = (torch.randn(8, 2), torch.randn(8))
    with pytest.raises(TypeError, match=r"^module must be a torch.nn.Module, got NoneType$"):
        stable_lr(None, batch, _mse, "sgd")  # was AttributeError: 'NoneType' object has no attribute 'parameters'
    with pytest.raises(TypeError, match=r"^loss_fn must be a callable \(output, target\) -> loss, got 'mse'$"):
        output_curvature_ratio(torch.nn.Linear(2, 1), batch, "mse")  # was "'str' object is not callable"


def test_a_model_of_probabilities_keeps_the_curvature_its_logits_keep():
    # loss=BCELoss(): read at p, "zero outputs" were p = 0, BCELoss's clamp (a curvature of
    # 1e12), so every model of probabilities read as saturated: 7e-24 where its logits keep 0.97
    torch.manual_seed(0)
    x = torch.randn(64, 2)
    y = (x[:, :1] > 0).float()
    logits = torch.nn.Linear(2, 1)
    with_logits = output_curvature_ratio(logits, (x, y), torch.nn.BCEWithLogitsLoss())
    with_probabilities = output_curvature_ratio(
        torch.nn.Sequential(logits, torch.nn.Sigmoid()), (x, y), torch.nn.BCELoss()
    )
    assert 0.5 < with_logits < 1
    assert with_probabilities == pytest.approx(with_logits, rel=1e-4)
