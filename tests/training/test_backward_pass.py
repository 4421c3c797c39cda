"""``descend.training.backward_pass.backward`` is ``loss.backward()``: the same gradients bit for
bit on the direct path, and ``loss.backward()`` itself (its errors, its overrides) elsewhere."""

from __future__ import annotations

import logging
import re

import pytest
import torch
import torch.nn.functional as F

from descend.training import backward_pass
from descend.training.backward_pass import backward


def _grads(step, seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.Tanh(), torch.nn.Linear(7, 3)).to(dtype)
    x, y = torch.randn(64, 5, dtype=dtype), torch.randint(0, 3, (64,))
    for _ in range(3):  # accumulated over calls, as a run that accumulates batches
        step(F.cross_entropy(model(x), y) + 0.01 * sum(p.square().sum() for p in model.parameters()))
    return [p.grad.clone() for p in model.parameters()]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_same_gradients_bit_for_bit(dtype):
    want = _grads(lambda loss: loss.backward(), dtype=dtype)
    got = _grads(backward, dtype=dtype)
    assert all(torch.equal(a.view(-1).view(torch.uint8), b.view(-1).view(torch.uint8)) for a, b in zip(want, got))


def test_the_direct_path_is_taken(monkeypatch):
    calls = []
    monkeypatch.setattr(torch.Tensor, "backward", lambda self, *a, **k: calls.append(self))
    w = torch.ones(2, requires_grad=True)
    backward((3 * w).sum())
    assert backward_pass._DIRECT and not calls and w.grad.tolist() == [3.0, 3.0]


def _outcome(step, make):
    try:
        step(make())
        return None
    except Exception as err:
        return type(err), str(err)


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.ones(3, requires_grad=True) * 2,  # not a scalar
        lambda: torch.ones(()),  # no gradient
        lambda: (torch.ones(2, dtype=torch.complex64, requires_grad=True) * 1j).sum(),  # complex
    ],
    ids=["vector", "no grad", "complex"],
)
def test_bad_losses_raise_what_torch_raises(make):
    want = _outcome(lambda loss: loss.backward(), make)
    assert want is not None
    assert _outcome(backward, make) == want


class _Logged(torch.Tensor):
    seen: list[str] = []

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        cls.seen.append(getattr(func, "__name__", str(func)))
        return super().__torch_function__(func, types, args, kwargs or {})


def test_a_subclass_goes_through_its_override():
    w = torch.ones(2, requires_grad=True)
    loss = (w * 2).sum().as_subclass(_Logged)
    _Logged.seen.clear()
    backward(loss)
    assert "backward" in _Logged.seen and w.grad.tolist() == [2.0, 2.0]


def test_debug_logging_of_autograd_logs_as_torch_does(caplog):
    """At DEBUG, torch's backward attaches hooks that log each node of the graph; the direct
    path goes through the same engine entry, so it logs the same records."""

    def logged(step):
        caplog.clear()
        w = torch.ones(2, requires_grad=True)
        with caplog.at_level(logging.DEBUG, logger="torch.autograd.graph"):
            step((w * 3).sum())
        records = [r.getMessage() for r in caplog.records if r.name == "torch.autograd.graph"]
        return [re.sub(r" object at 0x[0-9a-f]+", "", m) for m in records], w.grad.tolist()

    want = logged(lambda loss: loss.backward())
    assert want[0], "torch logged nothing at DEBUG: the test cannot compare"
    assert logged(backward) == want
