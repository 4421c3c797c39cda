"""The rate a run folder records as ``lr_used`` is the one the optimizer was given: a torch
``OneCycleLR`` or ``CyclicLR`` writes its own starting rate into group 0's ``initial_lr``."""

from __future__ import annotations

import pytest
import torch
from torch.optim.lr_scheduler import CyclicLR, OneCycleLR

import descend as ds
from descend.cli.train import StartingRate

X = torch.linspace(-1, 1, 32).unsqueeze(1)


@pytest.mark.parametrize(
    "schedule",
    [
        lambda opt: OneCycleLR(opt, max_lr=0.1, total_steps=8),
        lambda opt: CyclicLR(opt, base_lr=0.004, max_lr=0.1, step_size_up=2),
    ],
    ids=["OneCycleLR", "CyclicLR"],
)
def test_the_starting_rate_is_the_optimizers_not_the_schedulers_initial_lr(schedule):
    # Was 0.004, the scheduler's own base rate, recorded as the run's lr_used.
    model = torch.nn.Linear(1, 1)
    rate = StartingRate()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    ds.train(model, (X, 2 * X + 1), optimizer=optimizer, schedule=schedule, batch_size=8, epochs=2, tol=None,
             progress=False, callbacks=[rate])  # fmt: skip
    assert rate.lr == 0.1
