"""What train's loop tests share: a small linear-regression set, and a model's weights as one
vector to compare runs by."""

import torch


def linear_data(n=64, d=3, seed=0, noise=0.0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g)
    w = torch.tensor([1.5, -2.0, 0.5])[:d]
    return X, X @ w + 0.7 + noise * torch.randn(n, generator=g)


def flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])
