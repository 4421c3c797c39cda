"""descend.schedules give the rates of torch.optim.lr_scheduler's StepLR, MultiStepLR,
ExponentialLR, CosineAnnealingLR, OneCycleLR (cos, linear, three-phase) and LinearLR then
CosineAnnealingLR in a SequentialLR."""

from __future__ import annotations

import numpy as np
import pytest
from torch.optim import lr_scheduler as L

from _schedules import our_lrs, torch_lrs
from descend.schedules import cosine, exponential_decay, multistep_decay, one_cycle, step_decay, values, warmup

PARITY = {
    "StepLR": (lambda o: L.StepLR(o, step_size=3, gamma=0.5), step_decay(0.1, 3, 0.5), 30),
    "MultiStepLR": (lambda o: L.MultiStepLR(o, [2, 5, 9], gamma=0.3), multistep_decay(0.1, [2, 5, 9], 0.3), 20),
    "ExponentialLR": (lambda o: L.ExponentialLR(o, gamma=0.93), exponential_decay(0.1, 0.93), 50),
    "CosineAnnealingLR": (lambda o: L.CosineAnnealingLR(o, T_max=50, eta_min=1e-3), cosine(0.1, 50, final_lr=1e-3), 51),
    "OneCycleLR-cos": (
        lambda o: L.OneCycleLR(o, max_lr=[0.1, 0.025], total_steps=100, cycle_momentum=False),
        one_cycle(0.1, 100),
        100,
    ),
    "OneCycleLR-linear": (
        lambda o: L.OneCycleLR(
            o,
            max_lr=[0.1, 0.025],
            total_steps=37,
            pct_start=0.25,
            anneal_strategy="linear",
            div_factor=10,
            final_div_factor=100,
            cycle_momentum=False,
        ),
        one_cycle(0.1, 37, 0.25, "linear", 10, 100),
        37,
    ),
    "OneCycleLR-three-phase": (
        lambda o: L.OneCycleLR(
            o, max_lr=[0.1, 0.025], total_steps=41, pct_start=0.35, three_phase=True, cycle_momentum=False
        ),
        one_cycle(0.1, 41, 0.35, three_phase=True),
        41,
    ),
    "LinearLR+SequentialLR": (
        lambda o: L.SequentialLR(
            o, [L.LinearLR(o, start_factor=0.1, total_iters=5), L.CosineAnnealingLR(o, T_max=20, eta_min=1e-3)], [5]
        ),
        warmup(5, cosine(0.1, 20, final_lr=1e-3), start_factor=0.1),
        25,
    ),
}


@pytest.mark.parametrize("name", PARITY)
def test_same_lrs_as_torch(name):
    """The first group's lrs (torch's eta_min / min_lr are absolute in every group; ours
    scale with the group, see test_adapter_drives_two_param_groups)."""
    make, ours, n = PARITY[name]
    theirs = [lr for lr, _ in torch_lrs(make, n)]
    np.testing.assert_allclose([lr for lr, _ in our_lrs(ours, n)], theirs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(values(ours, n), theirs, rtol=1e-12, atol=0)
