"""What the doctor's tests share: the small regression data their runs train on, a quiet
``train``, and the readers of a finding (its kinds, a number its text names)."""

import re

import torch

import descend as ds


def kinds(findings):
    return [d.kind for d in findings]


def number_after(text, label):
    return float(re.search(label + r"=?([-+0-9.e]+)", text).group(1))


def data(n=30, d=5, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, d, generator=g), torch.randn(n, generator=g)


def train(model, data, **kw):
    return ds.train(model, data, progress=False, **kw)
