"""A gradient vanishes through depth: a one-hidden-layer tanh MLP on raw inputs in the tens of
thousands gets a first-layer gradient of about 0 (its units saturated by the scale of its
inputs), which is no vanishing gradient; the same inputs standardised through a deep sigmoid
stack still show one."""

from __future__ import annotations

import torch
from _raw_inputs import one_hidden_tanh, raw_regression

import descend as ds


def _kinds(h):
    return [d.kind for d in h.diagnoses]


def test_a_one_hidden_layer_saturated_by_raw_inputs_is_not_vanishing():
    h = ds.train(
        one_hidden_tanh(),
        raw_regression(),
        optimizer="sgd",
        lr=0.01,
        epochs=3,
        tol=None,
        progress=False,
        instruments=False,
    )
    ratios = h.layer_grad_ratios[-1]
    assert ratios["0.weight"] < 1e-6 and ratios["2.weight"] > 1e-2  # what the old rule called vanishing
    assert "vanishing_gradients" not in _kinds(h)


def test_a_deep_sigmoid_stack_still_has_vanishing_gradients():
    X, y = raw_regression()
    X = (X - X.mean(0)) / X.std(0)
    torch.manual_seed(0)
    blocks = [m for _ in range(12) for m in (torch.nn.Linear(16, 16), torch.nn.Sigmoid())]
    model = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Sigmoid(), *blocks, torch.nn.Linear(16, 1))
    h = ds.train(model, (X, y), optimizer="sgd", lr=0.01, epochs=3, tol=None, progress=False, instruments=False)
    assert "vanishing_gradients" in _kinds(h)
