"""A run that blew up is placed where its loss left the range it started in, and its rate cut by
how fast it ran away from there (session 41): the lowest loss of such a run can come long after
the blow-up (exactly 0, a saturated softmax), where the doctor placed it before, and the falls
of a loss at 1e11 under the rate that blew it up are no rate that decreased the loss."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from _built_history import built_history

LR = 1e5  # Adam on an MLP: 1.19 -> 1.7e12 at the second step, then finite through 15 epochs


def _blown_up_run(decreasing_start: bool = False):
    """Mini-batches of 10 an epoch at ``LR``: the loss blows up at step 2 (4 with
    ``decreasing_start``, after two falls in its starting range), wanders down from ~2e11 to
    1e10, reads exactly 0 at step 50 and 7.9e9 after it."""
    start = [1.19, 1.1, 1.05] if decreasing_start else [1.19]
    after = np.r_[np.geomspace(2e11, 1e10, 49 - len(start)), 0.0, np.full(10, 7.9e9)]
    return built_history(np.r_[start, 1.7e12, after], lr=LR, batches=10)


def test_a_blow_up_at_the_second_step_is_placed_there_and_cut_by_its_growth():
    (d,) = ds.diagnose(_blown_up_run())
    assert d.kind == "divergence" and d.step == 2  # the parent: step 51, "grew from 0 (step 50)"
    assert d.evidence.startswith("the loss grew from 1.19 (step 1) to 1.7e+12 (step 2)")
    # 1.4e12x in one step, read as 64x (the cut's most, 101); the parent read 1x from the 0: a cut of 40
    assert "the current lr, 1e+05, divided by 101: the loss grew 1.43e+12× per step" in d.advice
    assert d.change == {"lr": pytest.approx(LR / 101, rel=5e-3)}


def test_only_falls_in_the_starting_range_are_a_rate_that_decreased_the_loss():
    (d,) = ds.diagnose(_blown_up_run(decreasing_start=True))
    assert d.step == 4 and "grew from 1.05 (step 3)" in d.evidence
    assert "(the last lr that decreased the loss, 1e+05, divided by 101" in d.advice
