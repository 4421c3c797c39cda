"""A blow-up the loss came back from is "too large" only where the counterfactual probe at a smaller
rate ends lower than the run's own rate (descend.doctor._smaller_rate, _instability.py): a run held
up by its rate keeps the swing; a run that recovered, whose own rate descends further, loses it
and is read by the other checks; a run without the probe is read as before."""

from __future__ import annotations

import dataclasses

import numpy as np
from _built_runs import full_batch_run

import descend as ds
from descend.doctor import wants_smaller_rate_probe
from descend.doctor._instability import instability, swing_after_blow_up
from descend.doctor._smaller_rate import recovered, smaller_rate_gain

STEPS = 200


def _swing_run(smaller: float | None, own: float = 0.05):
    """Full-batch steps from 1 up to 8 (past BLOWN_UP) over the first 5 steps, then down to 0.05
    (no catapult: it came down too little), readings stable; the smaller-rate probe read ``own``
    after 8 updates at the run's rate and ``smaller`` at a third of it."""
    up = np.geomspace(1.0, 8.0, 6)
    c = full_batch_run(np.concatenate([up, np.geomspace(8.0, 0.05, STEPS - len(up) + 1)[1:]]), lr=1.0, stability=0.05)
    probe = (
        None
        if smaller is None
        else {"start": 0.05, "at_rate": [own], "at_factor": [smaller], "factor": 0.316, "steps": 8}
    )
    return dataclasses.replace(c, smaller_rate_probe=probe)


def test_a_swing_held_up_by_its_rate_stays_too_large():
    held = _swing_run(smaller=0.03)  # the smaller rate ends lower: the rate holds the loss up
    assert swing_after_blow_up(held) and smaller_rate_gain(held) > 0 and not recovered(held)
    found = instability(held)
    assert found is not None and found.kind == "oscillation" and found.change == {"lr": 0.1}


def test_a_swing_the_run_recovered_from_is_no_finding():
    fine = _swing_run(smaller=0.049, own=0.045)  # the run's own rate descends further: it recovered
    assert swing_after_blow_up(fine) and recovered(fine)
    assert instability(fine) is None
    assert instability(_swing_run(smaller=0.05)) is None  # a tie: the smaller rate gains nothing


def test_a_swing_without_the_probe_or_with_a_non_finite_own_reading_is_read_as_before():
    for c in (_swing_run(None), _swing_run(0.03, own=float("inf")), _swing_run(float("nan"))):
        assert not recovered(c)
        found = instability(c)
        assert found is not None and found.kind == "oscillation"


def test_the_probe_is_wanted_only_where_the_swing_is_read():
    def history(loss):
        return ds.History(
            steps={"step": list(range(1, len(loss) + 1)), "loss": list(loss), "grad_norm": [1.0] * len(loss),
                   "lr": [[1.0]] * len(loss)},
            instruments=_swing_run(None).instruments,
        )  # fmt: skip

    swing = _swing_run(None).loss
    assert wants_smaller_rate_probe(history(swing))
    assert not wants_smaller_rate_probe(history(np.geomspace(1.0, 0.05, STEPS)))  # no blow-up
    assert not wants_smaller_rate_probe(history(np.geomspace(1.0, 8.0, STEPS)))  # never came back: divergence


def test_the_doctor_drops_the_swing_of_a_recovered_run_and_keeps_that_of_a_held_one():
    def diagnosed(smaller, own):
        c = _swing_run(smaller, own)
        h = ds.History(
            steps={"step": list(c.steps), "loss": list(c.loss), "grad_norm": list(c.grad_norm), "lr": [[1.0]] * STEPS},
            instruments=c.instruments,
        )
        h.smaller_rate_probe = c.smaller_rate_probe
        return [d.kind for d in ds.diagnose(h)]

    assert "oscillation" in diagnosed(0.03, 0.05)
    assert "oscillation" not in diagnosed(0.049, 0.045)
