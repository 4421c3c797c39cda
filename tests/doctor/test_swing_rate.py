"""A swing (a loss that blew up and came back down) whose readings measured the step unstable is
advised the rate that puts the measured ratio at TARGET, as README says of every rate finding,
from the reading its evidence quotes (session 41): before, only the reading after the swing was
read, and where it was stable the advice was a tenth of the rate, still 4.4x over the threshold
by the reading quoted beside it (momentum SGD at lr 50: 'λ_max = 3.33 is 44 × the stability
threshold', lr=5)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor._instability import instability
from descend.doctor._stability import TARGET

N, LR, RATIO = 60, 50.0, 44.0


def _swing(reading_step: int):
    """Full-batch GD at ``LR``: the loss blows up to 40x its start at step 20 and comes back down
    to 0.9; a reading at ``reading_step`` at a stability ratio of ``RATIO`` and a stable one
    (0.5) at the last step."""
    loss = np.r_[np.linspace(1.0, 0.8, 19), np.full(5, 40.0), np.linspace(40.0, 0.9, N - 24)]
    run = full_batch_run(loss, lr=LR, stability=0.5)
    rows = [dict(run.instruments[0], step=reading_step, stability=RATIO, sharpness=RATIO * 2 / LR), run.instruments[1]]
    return dataclasses.replace(run, instruments=rows)


@pytest.mark.parametrize("step", [10, 22])  # before the blow-up (step 20), and during the swing
def test_a_swing_is_advised_the_rate_at_target_of_the_unstable_reading_it_quotes(step):
    found = instability(_swing(step))
    assert found is not None and found.kind == "oscillation"
    assert f"λ_max = {RATIO * 2 / LR:.3g} is {RATIO:.2g} × the stability threshold" in found.evidence
    # The parent: a tenth of the rate, 5, from the stable reading after the swing.
    assert found.change == {"lr": pytest.approx(LR * TARGET / RATIO, rel=5e-3)}  # 3 digits
    assert f"the rate that puts the effective stability ratio measured at step {step} at 0.5" in found.advice
