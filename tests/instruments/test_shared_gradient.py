"""The rate probe's two branches share their first update's gradients
(descend.instruments.shared_gradient): one forward and backward pass fewer, the same readings
and the same restored run, bit for bit; computed twice where a hook or a random draw could tell."""

from __future__ import annotations

import pytest
import torch

from descend.instruments.rate_probe import probe_batches, rate_gain


class _Counted(torch.nn.Module):
    """A model with BatchNorm (buffers) and dropout (random draws) that counts its forward
    passes; ``noisy``: it also draws at random in evaluation mode."""

    def __init__(self, noisy: bool = False) -> None:
        super().__init__()
        torch.manual_seed(1)
        self.net = torch.nn.Sequential(
            torch.nn.Linear(4, 16),
            torch.nn.BatchNorm1d(16),
            torch.nn.Tanh(),
            torch.nn.Dropout(0.2),
            torch.nn.Linear(16, 1),
        )
        self.noisy, self.calls = noisy, 0

    def forward(self, x):
        self.calls += 1
        out = self.net(x)
        return out + 1e-3 * torch.rand_like(out) if self.noisy else out


def _mse(out, t):
    return ((out.squeeze(-1) - t) ** 2).mean()


def _data():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(96, 4, generator=g)
    return x, torch.sin(x @ torch.randn(4, generator=g)) + 0.1 * torch.randn(96, generator=g)


OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.05),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
}


def _probe(name: str, *, noisy: bool = False, hooked: bool = False, each: bool = True):
    """rate_gain after 5 updates of the model: the reading, the forward passes it took, and the
    model's and optimizer's state after it."""
    x, y = _data()
    model = _Counted(noisy)
    opt = OPTIMIZERS[name](model.parameters())
    for i in range(5):
        opt.zero_grad()
        _mse(model(x[16 * i : 16 * i + 16]), y[16 * i : 16 * i + 16]).backward()
        opt.step()
    if hooked:
        model.net[0].register_forward_hook(lambda *_: None)
    model.calls = 0
    found = rate_gain(model, _mse, opt, probe_batches((x, y), 16, 8), (x[:32], y[:32]), each=each)
    after = [t.clone() for t in (*model.state_dict().values(), *(p.grad for p in model.parameters()))]
    state = [v.clone() for s in opt.state.values() for v in s.values() if isinstance(v, torch.Tensor)]
    return found, model.calls, after, state


def _same(a, b) -> bool:
    return len(a) == len(b) and all(torch.equal(s, t) for s, t in zip(a, b))


def test_the_first_update_is_computed_once():
    # the start's loss, 8 updates and a loss read per branch: 19 passes, 18 with the first shared
    assert _probe("adam", each=False)[1] == 18
    assert _probe("adam")[1] == 1 + 2 * (8 + 8) - 1


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("each", [True, False])
def test_the_same_reading_and_state_as_computed_twice(name, each):
    shared, calls, after, state = _probe(name, each=each)
    twice, calls_twice, after_twice, state_twice = _probe(name, hooked=True, each=each)
    assert calls == calls_twice - 1
    assert shared == twice  # every probe loss, float for float
    assert _same(after, after_twice) and _same(state, state_twice)


def test_computed_twice_where_a_hook_could_tell():
    assert _probe("sgd", hooked=True, each=False)[1] == 19


def test_computed_twice_where_the_start_drew_at_random():
    """A model that draws in evaluation mode moves the random state before the first branch: its
    second branch starts from another one, so it computes its own first update."""
    found, calls, after, state = _probe("adam", noisy=True, each=False)
    assert calls == 19
    twice, _, after_twice, state_twice = _probe("adam", noisy=True, hooked=True, each=False)
    assert found == twice and _same(after, after_twice) and _same(state, state_twice)
