"""A first layer saturated by the scale of its raw inputs explains a slow run as a vanishing
gradient did: on a one-hidden-layer tanh MLP too shallow for ``vanishing_gradients`` (the depth
rule), the doctor blames no rate for the slowness either, though the slow-progress check alone
would have called the rate too small."""

from __future__ import annotations

import torch

import descend as ds
from descend.doctor._curves import from_history
from descend.doctor._layers import saturated, vanishing
from descend.doctor._progress import slow_progress


def _raw(n=96, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g) * torch.tensor([8000.0, 15.0, 150.0]) + torch.tensor([20000.0, 60.0, 600.0])
    y = torch.tanh((X[:, 0] - 20000.0) / 8000.0) + (X[:, 2] - 600.0) / 300.0
    return X, (y - y.mean()) / y.std()


def _slow_saturated_run():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    return ds.train(model, _raw(), optimizer="sgd", lr=1e-5, epochs=20, tol=None, progress=False)


def test_a_saturated_shallow_run_gets_neither_vanishing_gradients_nor_slow_progress():
    h = _slow_saturated_run()
    c = from_history(h)
    assert saturated(c) and vanishing(c) is None  # too shallow for vanishing, its first layer dead
    assert slow_progress(c) is not None  # what the depth rule alone would have uncovered
    kinds = [d.kind for d in h.diagnoses]
    assert "vanishing_gradients" not in kinds and "slow_progress" not in kinds


def test_a_standardised_shallow_run_is_not_saturated():
    X, y = _raw()
    X = (X - X.mean(0)) / X.std(0)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    h = ds.train(model, (X, y), optimizer="sgd", lr=1e-5, epochs=20, tol=None, progress=False)
    assert not saturated(from_history(h))
