"""Small problems with known curvature shared by the lr='auto' tests."""

import torch


def scaled_regression(n=256):
    """Two centred, orthogonal columns of variance 1 and 100 (features on scales 100x apart):
    with no bias, the mse Hessian is 2 X^T X / n = diag(2, 200), so lambda_max = 200."""
    g = torch.Generator().manual_seed(0)
    Z = torch.randn(n, 2, generator=g)
    Q, _ = torch.linalg.qr(Z - Z.mean(0))
    X = Q * n**0.5 * torch.tensor([1.0, 10.0])
    return X, X @ torch.tensor([1.0, 0.1]) + 0.1 * torch.randn(n, generator=g)


def no_bias_linear():
    """A 2-input linear model without bias, seeded."""
    torch.manual_seed(0)
    return torch.nn.Linear(2, 1, bias=False)
