"""A loss with no curvature to measure (absolute error through a linear model: its Hessian is
0 wherever it exists) gives the instruments a sharpness of 0; the doctor reads the headroom
from the curve there, not from a ratio of 0 (which had advised lr=2.5e+295)."""

from __future__ import annotations

import math

import torch

import descend as ds


def _mae_linear_run(lr: float) -> ds.History:
    torch.manual_seed(0)
    X = torch.randn(400, 6)
    y = (X @ torch.randn(6) + 0.1 * torch.randn(400)).unsqueeze(1)
    return ds.train(
        "linear", (X, y), loss="mae", optimizer="sgd", lr=lr, epochs=10, batch_size=32,
        progress=False, instruments=True, seed=0,
    )  # fmt: skip


def test_a_zero_sharpness_bounds_no_rate_and_the_curve_advises():
    history = _mae_linear_run(1e-4)
    assert history.instruments and all(row["sharpness"] == 0 for row in history.instruments)
    (slow,) = [d for d in history.diagnoses if d.kind == "slow_progress"]
    assert math.isfinite(slow.change["lr"]) and slow.change["lr"] == 3e-4
    assert "may be too small: try lr=0.0003" in slow.advice and "stability ratio" not in slow.advice
