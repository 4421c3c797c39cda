"""A blow-up the run came back from and trained far past (under VISIBLE of its start, the last
reading stable: a catapult) is no "too large" finding; a swing whose last reading is unstable,
or whose loss came down less far, still is, and a blow-up it never came back from is a
divergence (_catapult.py, _instability.py)."""

from __future__ import annotations

import numpy as np
from _built_runs import full_batch_run

from descend.doctor._catapult import caught_after_swing
from descend.doctor._instability import instability
from descend.doctor._stability import readings
from descend.doctor._thresholds import BLOWN_UP, VISIBLE

STEPS = 200


def _swing(end: float) -> np.ndarray:
    """The loss from 1: up to 8 (past BLOWN_UP) over the first 5 steps, then down geometrically to ``end``."""
    up = np.geomspace(1.0, 8.0, 6)
    return np.concatenate([up, np.geomspace(8.0, end, STEPS - len(up) + 1)[1:]])


def _run(end: float, last_stability: float):
    c = full_batch_run(_swing(end), lr=1.0, stability=0.05)
    c.instruments[-1]["stability"] = last_stability
    c.instruments[-1]["sharpness"] = last_stability * 2.0 / 1.0
    return c


def test_the_built_swing_blows_up_and_comes_back():
    loss = _swing(1e-4)
    assert loss.max() >= BLOWN_UP * loss[0] and loss[-1] < VISIBLE * loss[0] and len(loss) == STEPS


def test_a_catapult_that_trained_far_past_its_blow_up_with_stable_steps_is_no_finding():
    c = _run(1e-4, 0.05)
    assert caught_after_swing(c.loss, float(c.loss[0]), readings(c))
    assert instability(c) is None


def test_a_swing_whose_last_reading_is_unstable_is_still_too_large():
    found = instability(_run(1e-4, 2.0))
    assert found is not None and found.kind == "oscillation"


def test_a_swing_that_came_down_less_far_is_still_too_large():
    found = instability(_run(0.05, 0.05))
    assert found is not None and found.kind == "oscillation"
    assert not caught_after_swing(_swing(0.05), 1.0, readings(_run(0.05, 0.05)))


def test_a_blow_up_it_never_came_back_from_is_a_divergence():
    found = instability(_run(5.0, 0.05))
    assert found is not None and found.kind == "divergence"


def test_a_loss_of_zero_to_float32_is_caught_whatever_the_last_reading():
    assert instability(_run(1e-9, 3.0)) is None
    found = instability(_run(1e-4, 3.0))  # far down, but not that far, and unstable: still a swing
    assert found is not None and found.kind == "oscillation"


def test_a_swing_that_collapsed_to_exactly_zero_is_still_too_large():
    # A model that stopped predicting (a detector whose boxes match nothing) scores exactly 0,
    # as flat to the probe as a converged one: an exact 0 does not clear the swing.
    loss = _swing(1e-6)
    loss[-20:] = 0.0
    c = full_batch_run(loss, lr=1.0, stability=0.05)
    assert not caught_after_swing(c.loss, float(c.loss[0]), readings(c))
    found = instability(c)
    assert found is not None and found.kind == "oscillation"
