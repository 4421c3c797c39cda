"""The new rules through ``descend.train``: LARS, LAMB and Muon train as any rule; LBFGS and SAM,
which need a closure that ``train``'s one-gradient step cannot give, fail at once saying so."""

from __future__ import annotations

import pytest
import torch

import descend as ds


def data():
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(64, 3, generator=gen)
    return X, (X @ torch.tensor([1.0, -1.0, 2.0])).unsqueeze(1)


@pytest.mark.parametrize(
    ("name", "hyper", "bias"),
    [
        ("lars", dict(lr=1.0, trust_coefficient=0.01), True),
        ("lamb", dict(lr=0.05), True),
        ("muon", dict(lr=0.02), False),
    ],
)
def test_trains_by_name(name, hyper, bias):
    torch.manual_seed(0)
    history = ds.train(
        torch.nn.Linear(3, 1, bias=bias), data(), loss="mse", optimizer=name, epochs=3, progress=False, **hyper
    )
    losses = history.steps["loss"]
    assert losses[-1] < losses[0]


@pytest.mark.parametrize(
    ("name", "shown"), [("lbfgs", "LBFGS evaluates the loss several times"), ("sam", "SAM takes two gradients")]
)
def test_closure_rules_say_why_train_cannot_drive_them(name, shown):
    with pytest.raises(RuntimeError, match=rf"{shown}.*needs a closure.*cannot drive it"):
        ds.train(torch.nn.Linear(3, 1), data(), loss="mse", optimizer=name, epochs=1, progress=False)


def test_muon_names_the_parameter_train_cannot_give_it():
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters .*another optimizer, such as AdamW"):
        ds.train(torch.nn.Linear(3, 1), data(), loss="mse", optimizer="muon", epochs=1, progress=False)
