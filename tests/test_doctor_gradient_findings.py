"""The doctor's per-layer gradient findings: a deep sigmoid network's vanishing gradients, a deep
network initialised too large's exploding ones (and the cure), and no alarm on a layer
initialised at zero."""

import math
import re

import pytest
import torch

import descend as ds
from _deep_nets import deep_relu
from _findings import data as _data
from _findings import kinds as _kinds
from _findings import number_after as _number_after


def test_deep_sigmoid_network_has_vanishing_gradients_in_its_first_layer():
    X, y = _data()
    torch.manual_seed(0)
    blocks = [m for _ in range(12) for m in (torch.nn.Linear(16, 16), torch.nn.Sigmoid())]
    model = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.Sigmoid(), *blocks, torch.nn.Linear(16, 1))
    h = ds.train(model, (X, y), optimizer="sgd", lr=0.01, epochs=3, tol=None, progress=False)
    (d,) = [d for d in h.diagnoses if d.kind == "vanishing_gradients"]
    assert d.evidence.startswith("layer '0.weight' gets a gradient") and "ReLU" in d.advice
    ratio = float(re.search(r"gradient ([-+0-9.e]+) times", d.evidence).group(1))
    assert ratio < 1e-6


def test_a_deep_network_initialised_too_large_has_exploding_gradients():
    # Each layer multiplies the signal by about gain / sqrt(2) = 2.8: the output, and every
    # layer's gradient, grow by 2.8^8 ~ 4000. A tiny lr keeps the loss finite.
    X, y = _data(64, 8)
    h = ds.train(
        deep_relu(gain=4.0), (X, y), optimizer="sgd", lr=1e-9, epochs=3, batch_size=16, tol=None, progress=False
    )
    assert h.non_finite_step is None
    (d,) = [d for d in h.diagnoses if d.kind == "exploding_gradients"]
    assert _number_after(d.evidence, "gets a gradient ") > 1e2
    assert "9 of 9 weight tensors above 100" in d.evidence
    assert "clip_grad_norm" in d.advice and "initialise the weights" in d.advice
    assert _number_after(d.advice, "try lr") == pytest.approx(1e-10)
    # the advice's cure: the same network at torch's default initialisation
    healthy = ds.train(deep_relu(), (X, y), optimizer="sgd", lr=1e-2, epochs=3, batch_size=16, tol=None, progress=False)
    assert "exploding_gradients" not in _kinds(healthy.diagnoses)


def test_a_zero_initialised_layer_raises_no_gradient_alarm():
    X, y = _data(128, 5)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    torch.nn.init.zeros_(model[2].weight)
    h = ds.train(model, (X, y), optimizer="adam", lr=1e-2, epochs=5, batch_size=16, tol=None, progress=False)
    assert math.isnan(h.layer_grad_ratios[0]["2.weight"])  # no scale to compare the gradient with
    assert not {"exploding_gradients", "vanishing_gradients"} & set(_kinds(h.diagnoses))
