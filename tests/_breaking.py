"""A loss that breaks midway, for the tests that a function restores what it changed even when
the loss raises."""

import torch


def cross_entropy_raising_at(call: int):
    """Cross-entropy, except that its ``call``-th call raises ``RuntimeError("boom")``."""
    calls = []

    def loss(output, y):
        calls.append(1)
        if len(calls) == call:
            raise RuntimeError("boom")
        return torch.nn.functional.cross_entropy(output, y)

    return loss
