"""What the sparse-gradient tests share: a model of one ``nn.Embedding(sparse=True)`` and
token ids to train it on."""

from __future__ import annotations

import torch


class Lookup(torch.nn.Module):
    """Class scores looked up by a token id: one sparse embedding, no dense parameter."""

    def __init__(self):
        super().__init__()
        self.scores = torch.nn.Embedding(10, 3, sparse=True)

    def forward(self, x):
        return self.scores(x.long().squeeze(-1))


def tokens():
    """96 token ids in 0..9, each labelled by its id modulo 3."""
    x = torch.randint(0, 10, (96, 1), generator=torch.Generator().manual_seed(0))
    return x, x.squeeze(-1) % 3
