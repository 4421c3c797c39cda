"""Session 39: a run that blew up under a rate that changed (a one-cycle peak, a spike a callback
set) and whose readings never reached 1 is advised a tenth of the rate in force when the loss
blew up, as a run without readings always was, not a tenth of the rate its last reading was
taken at (a spike of 0.5 in a run at 1e-3 on the digits MLP was told lr=1e-4, now 0.05)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor._curves import Curves
from descend.doctor._instability import instability

N = 60
PEAK = 0.5


def _scheduled_blow_up(end: float) -> Curves:
    """Full-batch GD whose rate rises from 0.05 to ``PEAK`` at step 20, the loss blowing up there
    to 40x its start, then falls to 0.005 by the end, the loss ending at ``end``; two stable
    readings (effective ratio 0.01), at step 10 and at the last step, each at the rate of its step
    and with it as ``base_lr``, as ``train`` records a rate a callback set (no ``initial_lr``)."""
    lr = np.r_[np.linspace(0.05, PEAK, 20), np.geomspace(PEAK, 0.005, N - 20)]
    loss = np.r_[np.linspace(1.0, 0.8, 20), np.full(5, 40.0), np.linspace(40.0, end, N - 25)]
    run = full_batch_run(loss, lr=PEAK, stability=0.01)
    rows = [row | {"threshold": 2 / lr[row["step"] - 1], "base_lr": lr[row["step"] - 1]} for row in run.instruments]
    return dataclasses.replace(run, lr=lr, instruments=[row | {"sharpness": 0.01 * row["threshold"]} for row in rows])


@pytest.mark.parametrize(("end", "kind"), [(30.0, "divergence"), (0.9, "oscillation")])
def test_a_blow_up_at_a_schedule_peak_is_advised_a_tenth_of_that_peak(end, kind):
    found = instability(_scheduled_blow_up(end))
    assert found is not None and found.kind == kind
    assert found.change == {"lr": pytest.approx(0.1 * PEAK)}  # the parent: 0.1 * 0.005 (the last rate)
    assert "a tenth of the rate" in found.advice
    assert f"with lr={PEAK:.3g}" in found.evidence
