"""Why the range test found no rate, said as the ramp ended: a ramp that blew up before the
loss fell does not advise a higher range, and one whose steps never moved the model says so
(LBFGS on mini-batches: its curvature pairs from different batches freeze it)."""

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
