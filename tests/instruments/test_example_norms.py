"""The noise scale read off one backward pass (descend.instruments.example_norms) is the
per-example estimate of gradient_noise_scale: the same value on linear, convolutional and
weight-shared models, the same fallback for the layers it cannot read, no side effects, and
gradient_noise_scale's messages for bad input."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from descend._checks import InvalidArgument
from descend.instruments.example_norms import example_noise_scale, reads_example_norms
from descend.instruments.noise_scale import gradient_noise_scale


def _classes(n=48, d=6, k=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    return x, (x[:, :k].argmax(1) + (torch.rand(n, generator=g) < 0.2).long()) % k


def _same(model, loss_fn, x, y):
    fast, slow = example_noise_scale(model, loss_fn, x, y), gradient_noise_scale(model, loss_fn, x, y)
    assert fast.examples == slow.examples == len(x)
    assert fast.trace == pytest.approx(slow.trace, rel=1e-5)
    assert fast.grad_sq == pytest.approx(slow.grad_sq, rel=1e-4, abs=1e-9)
    assert fast.b_simple == pytest.approx(slow.b_simple, rel=1e-4)
    return fast


def test_an_mlp_gets_the_per_example_estimate():
    torch.manual_seed(0)
    x, y = _classes()
    model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(inplace=True), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 3))
    assert reads_example_norms(model)
    ns = _same(model, F.cross_entropy, x, y)
    assert 0 < ns.b_simple < 1e4


def test_a_cnn_and_inner_positions_get_the_per_example_estimate():
    torch.manual_seed(0)
    x, y = torch.randn(20, 1, 8, 8), torch.randint(0, 4, (20,))
    cnn = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(4, 6, 3, stride=2, bias=False),
        nn.Flatten(),
        nn.Linear(54, 4),
    )
    assert reads_example_norms(cnn)
    _same(cnn, F.cross_entropy, x, y)
    # a Linear over a sequence: each example's gradient sums over its positions
    seq = nn.Sequential(nn.Linear(5, 7), nn.GELU(), nn.Flatten(), nn.Linear(28, 2))
    xs, ys = torch.randn(16, 4, 5), torch.randn(16, 2)
    _same(seq, F.mse_loss, xs, ys)


class _Twice(nn.Module):
    """One layer applied twice: each example's gradient is the sum over both calls."""

    def __init__(self):
        super().__init__()
        self.shared, self.head = nn.Linear(4, 4), nn.Linear(4, 1)

    def forward(self, x):
        return self.head(torch.tanh(self.shared(torch.tanh(self.shared(x)))))


def test_a_layer_called_twice_sums_its_calls():
    torch.manual_seed(0)
    x = torch.randn(24, 4)
    y = x.sum(1, keepdim=True) + 0.1 * torch.randn(24, 1)
    _same(_Twice(), F.mse_loss, x, y)


def test_other_layers_and_batch_norm_in_training_fall_back_to_gradient_noise_scale():
    torch.manual_seed(0)
    x, y = _classes()
    norm = nn.Sequential(nn.Linear(6, 8), nn.LayerNorm(8), nn.Linear(8, 3))
    assert not reads_example_norms(norm)
    assert example_noise_scale(norm, F.cross_entropy, x, y) == gradient_noise_scale(norm, F.cross_entropy, x, y)
    batch_norm = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8, affine=False), nn.Linear(8, 3))
    assert not reads_example_norms(batch_norm)
    batch_norm.eval()  # its statistics fixed: the examples are independent again
    assert reads_example_norms(batch_norm)
    _same(batch_norm, F.cross_entropy, x, y)
    assert not reads_example_norms(nn.Conv2d(1, 2, 3, groups=1, padding="same"))


def test_the_weights_gradients_buffers_and_random_state_are_left_as_they_were():
    torch.manual_seed(0)
    x, y = _classes()
    model = nn.Sequential(nn.Linear(6, 16), nn.Dropout(0.3), nn.ReLU(), nn.Linear(16, 3))
    model[0].weight.grad = torch.ones_like(model[0].weight)
    weights = [p.detach().clone() for p in model.parameters()]
    state = torch.get_rng_state()
    first = example_noise_scale(model, F.cross_entropy, x, y, seed=3)
    assert torch.equal(torch.get_rng_state(), state)
    assert all(torch.equal(p, w) for p, w in zip(model.parameters(), weights, strict=True))
    assert torch.equal(model[0].weight.grad, torch.ones_like(model[0].weight)) and model[3].weight.grad is None
    assert example_noise_scale(model, F.cross_entropy, x, y, seed=3) == first  # the same dropout masks


def test_bad_input_gets_gradient_noise_scale_s_message():
    model = nn.Linear(3, 2)
    with pytest.raises(InvalidArgument, match=r"x must hold at least 2 examples"):
        example_noise_scale(model, F.cross_entropy, torch.randn(1, 3), torch.zeros(1, dtype=torch.long))
    with pytest.raises(InvalidArgument, match=r"must fit the model and loss_fn"):
        example_noise_scale(model, F.cross_entropy, torch.randn(4, 5), torch.zeros(4, dtype=torch.long))
