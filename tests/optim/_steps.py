"""The small problem the optimizer tests train on: two parameters, a loss whose random batch
depends only on the step number (so a resumed run sees the same batches)."""

import torch

SHAPES = [(4, 3), (3,)]


def fresh_params(device="cpu", dtype=torch.float32):
    gen = torch.Generator().manual_seed(0)
    return [torch.nn.Parameter(torch.randn(shape, generator=gen).to(device, dtype)) for shape in SHAPES]


def train(opt, params, steps, start=0):
    """``steps`` steps on a loss whose random batch depends only on the step number."""
    for k in range(start, start + steps):
        gen = torch.Generator().manual_seed(k)
        opt.zero_grad()
        sum(
            ((torch.randn(p.shape, generator=gen).to(p.device) * p).sin() - p).square().sum() for p in params
        ).backward()
        opt.step()
