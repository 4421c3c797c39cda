"""Why the range test found no rate, said as the ramp ended: a ramp that blew up before the
loss fell does not advise a higher range, and one whose steps never moved the model says so
(LBFGS on mini-batches: its curvature pairs from different batches freeze it)."""

import pytest
import torch

import descend as ds


def _regression(n=256):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 4, generator=g)
    y = (X @ torch.tensor([1.0, -2.0, 0.5, 3.0])).unsqueeze(1) + 0.1 * torch.randn(n, 1, generator=g)
    return X, y


def test_lbfgs_on_mini_batches_that_never_moved_names_the_full_batch():
    """LBFGS on batches of 32 leaves the probe loss at its start up to lr = 10: the range was
    not too low; the full batch (train's default for LBFGS) finds a rate."""
    torch.manual_seed(0)
    found = ds.lr_find("mlp", _regression(), optimizer="lbfgs", batch_size=32)
    assert found.suggestion is None
    assert "range may be too low" not in found.reason
    assert "did not change the model" in found.reason and "batch_size=None" in found.reason
    torch.manual_seed(0)
    assert ds.lr_find("mlp", _regression(), optimizer="lbfgs", batch_size=None).suggestion is not None


def test_a_ramp_that_blew_up_before_the_loss_fell_advises_a_lower_start():
    """SGD at a start of 1 on this regression blows up within a few rates: 'the range may be
    too low' contradicted 'blew up'."""
    found = ds.lr_find(torch.nn.Linear(4, 1), _regression(), loss="mse", optimizer="sgd", start=1.0, end=100.0)
    assert found.suggestion is None and found.blowup_lr is not None
    assert "range may be too low" not in found.reason
    assert "before it blew up at lr=" in found.reason and "start lower than 1" in found.reason


def test_a_range_that_ended_before_its_rates_moved_the_weights_advises_a_larger_end():
    """Was "the model's gradients may be zero (dead units, a detached output)" for SGD ending at
    1e-5 on iris, whose gradient norm is 0.6: its rates were too small, not its gradients."""
    found = ds.lr_find("softmax", "iris", optimizer="sgd", end=1e-5)
    assert found.suggestion is None
    assert "gradients may be zero" not in found.reason
    assert found.reason.endswith(
        "of their norm: it stopped at end=1e-05, before the rates were large enough to matter; give a larger end"
    )
    assert ": its gradients are not zero (norm " in found.reason


def test_a_model_whose_gradients_are_zero_still_says_so():
    """Every unit dead (a ReLU output below zero for every input): no rate moves it."""
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU())
    with torch.no_grad():
        model[0].weight.zero_()
        model[0].bias.fill_(-1.0)
    found = ds.lr_find(model, "iris", optimizer="sgd", end=1e-5)
    assert found.suggestion is None
    assert found.reason.endswith(
        "did not change the model (its probe loss stayed at 1.099): the model's gradients may be zero (dead units, a detached output)"
    )


class _NanOutput(torch.nn.Module):
    """A linear model whose output is nan at any weights."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 1)

    def forward(self, x):
        return self.linear(x) * float("nan")


def test_a_loss_not_finite_from_the_first_step_says_no_rate_can_help():
    """Was IndexError (the reason read the first rate of a ramp that had none), in lr_find and in
    train(lr="auto") alike."""
    found = ds.lr_find(_NanOutput(), _regression(), optimizer="sgd", num=20, budget=5)
    assert found.suggestion is None and found.lrs == [] and found.candidates == []
    assert found.reason.startswith("the loss was not finite at the first step, before any update")
    assert found.stopped_because == "the loss became nan at lr=1e-07"
    with pytest.warns(UserWarning, match="no learning rate can help"):
        history = ds.train(_NanOutput(), _regression(), lr="auto", epochs=1, progress=False)
    assert history.stopped_because.startswith("the loss became nan at step 1")
