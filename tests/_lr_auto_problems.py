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


def isotropic_regression(n=16, d=4):
    """Centred orthogonal columns with X^T X / n = I: the mse Hessian is 2 I (weights and bias), so
    eta_s = 2 / 2 = 1 for gradient descent, (2 + 2 * 0.9) / 2 = 1.9 for heavy ball, and full-batch
    gradient descent contracts the error by |1 - 2 lr| per step (no noise: the minimum is 0); the
    constant prediction's loss is the targets' variance, 14.25."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=g)
    X, _ = torch.linalg.qr(X - X.mean(0))
    X = X * n**0.5
    return X, X @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 1.5
