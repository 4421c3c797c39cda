"""A torch loss module of a built-in kind is trained as its named loss, with its own settings."""

from __future__ import annotations

import pytest
import torch
from torch import nn

import descend as ds
from descend.training.losses import check_batch, get

X = torch.randn(24, 3, generator=torch.Generator().manual_seed(0))
BITS = (X[:, 0] > 0).float()  # 0/1 labels stored as floats


def _train(model, loss, y=BITS, **kw):
    return ds.train(model, (X, y), loss=loss, epochs=1, progress=False, instruments=False, **kw)


def test_cross_entropy_module_reads_float_labels_as_classes():
    """Was torch's 'expected target dtype to be Long or Byte, but got Float' at the first step."""
    history = _train(nn.Linear(3, 2), nn.CrossEntropyLoss(label_smoothing=0.1))
    assert history.task == "classification"
    soft = torch.softmax(X[:, :2], dim=1)  # class probabilities, which the module also takes
    assert _train(nn.Linear(3, 2), nn.CrossEntropyLoss(), soft).task == "regression"


def test_bce_module_run_is_a_classification_that_label_issues_read():
    """Was torch's 'Target size ... must be the same as input size' for a one-output model, and a
    regression run (which find_label_issues refuses) for outputs of shape (n,)."""
    history = _train(nn.Linear(3, 1), nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0])))
    assert history.task == "classification"
    ds.find_label_issues(history)


def test_module_keeps_its_settings_and_aligns_a_single_output():
    out, y = torch.randn(6, 1), torch.randint(0, 2, (6,))
    module = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]), reduction="sum")
    torch.testing.assert_close(get(module)(out, y), module(out[:, 0], y.float()))
    assert get(module)(out, y, reduction="none").shape == (6,)
    assert module.reduction == "sum"  # the per-example call leaves the user's module as it was


def test_mse_module_does_not_broadcast_a_single_output_against_flat_targets():
    out, y = torch.randn(6, 1), torch.randn(6)
    torch.testing.assert_close(get(nn.MSELoss())(out, y), nn.functional.mse_loss(out[:, 0], y))


def test_module_with_reduction_none_is_refused_naming_what_to_pass():
    with pytest.raises(ValueError, match=r"CrossEntropyLoss\(reduction='none'\).*use reduction='mean'"):
        _train(nn.Linear(3, 2), nn.CrossEntropyLoss(reduction="none"))


def test_module_is_checked_as_its_named_loss():
    with pytest.raises(ValueError, match=r"class weights of shape \(3,\), but the model has 2 outputs"):
        check_batch(nn.CrossEntropyLoss(weight=torch.ones(3)), torch.zeros(4, 2), torch.tensor([0, 1, 1, 0]))
    with pytest.raises(ValueError, match="labels must be in \\[0, 2\\)"):
        check_batch(nn.NLLLoss(), torch.zeros(4, 2), torch.tensor([0, 1, 2, 0]))


def test_module_class_weights_follow_the_models_dtype():
    """A .double() model under CrossEntropyLoss(weight=float32) stopped with torch's 'expected
    scalar type Double but found Float'; the user's module keeps its own weights."""
    loss = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]))
    _train(nn.Linear(3, 2).double(), loss, track_examples=True)
    assert loss.weight.dtype == torch.float32
