"""Raw, unscaled inputs in the tens of thousands, and the one-hidden-layer tanh MLP whose first
layer they saturate, for the doctor's depth and saturation tests."""

from __future__ import annotations

import torch


def raw_regression(n: int = 96, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` rows of 3 raw features (scales 8000, 15 and 150 about 20000, 60 and 600) and a
    standardised target that depends on the first and the third."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g) * torch.tensor([8000.0, 15.0, 150.0]) + torch.tensor([20000.0, 60.0, 600.0])
    y = torch.tanh((X[:, 0] - 20000.0) / 8000.0) + (X[:, 2] - 600.0) / 300.0
    return X, (y - y.mean()) / y.std()


def one_hidden_tanh(seed: int = 0) -> torch.nn.Module:
    """3 -> 16 tanh -> 1, seeded."""
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))


def three_hidden_sigmoid(seed: int = 0) -> torch.nn.Module:
    """3 -> 12 sigmoid -> 12 sigmoid -> 12 sigmoid -> 1, seeded."""
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(3, 12), torch.nn.Sigmoid(), torch.nn.Linear(12, 12), torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers, torch.nn.Linear(12, 12), torch.nn.Sigmoid(), torch.nn.Linear(12, 1))
