"""The plain PyTorch loop the watch tests watch (tests/watch, and tests/test_cuda.py on a GPU):
its data, its model and the loop a user writes."""

import torch
from torch import nn
from torch.nn import functional as F


def data(n=256, seed=0, noise=0.1):
    """``n`` rows of 8 normal features and a noisy tanh of one projection of them."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    w = torch.randn(8, 1, generator=g)
    return x, torch.tanh(x @ w) + noise * torch.randn(n, 1, generator=g)


def mlp(seed=0, dropout=0.0):
    """8 -> 32 (ReLU, dropout) -> 1, its weights drawn after ``torch.manual_seed(seed)``."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(dropout), nn.Linear(32, 1))


def loop(model, opt, x, y, *, epochs=3, batch=32, monitor=None, val=None):
    """A user's loop: reshuffled batches from torch's generator, log and epoch_end if watched."""
    losses = []
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            idx = order[i : i + batch]
            opt.zero_grad()
            loss = F.mse_loss(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            losses.append(loss.item())
            if monitor is not None:
                monitor.log(loss)
        if monitor is not None:
            val_loss = F.mse_loss(model(val[0]), val[1]).item() if val is not None else None
            monitor.epoch_end(val_loss=val_loss) if val is not None else monitor.epoch_end()
    return losses
