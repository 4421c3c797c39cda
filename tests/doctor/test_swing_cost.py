"""A swing whose cost the replay at a lower rate did not measure is no rate too large
(descend.doctor._swing_cost): the swing stands where the lower rate got further than the run, and
goes where the run's final weights are no worse on the probe than the lower rate's after as many
updates."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch

import descend as ds
from descend.doctor import diagnose, wants_lower_replay
from descend.doctor._curves import from_history
from descend.doctor._instability import instability, swing
from descend.doctor._swing_cost import swing_cost_unmeasured


@pytest.fixture(scope="module")
def swinging():
    """Full-batch SGD at lr 0.3 on a small MLP: the loss rises to more than 3x its start and comes back."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(128, 4, generator=g)
    y = torch.sin(X @ torch.randn(4, generator=g))
    return ds.train(
        "mlp", (X, y), loss="mse", optimizer="sgd", lr=0.3, epochs=30, batch_size=None, progress=False, seed=0
    )


def _with(h, replay):
    out = ds.History()
    for key, value in vars(h).items():
        setattr(out, key, value)
    out.lower_replay = replay  # set after construction: a History without the field takes it too
    return out


def test_train_replays_a_swing_and_the_swing_stands_where_the_lower_rate_got_further(swinging):
    replay = swinging.lower_replay
    assert replay is not None and replay["updates"] == len(replay["at_lower"]) == 30
    assert replay["at_lower"][-1] < replay["final"]  # the lower rate got further: the swing cost
    assert "oscillation" in [d.kind for d in diagnose(swinging)]
    assert wants_lower_replay(swinging)


def test_a_swing_whose_cost_the_replay_did_not_measure_gets_no_finding(swinging):
    replay = swinging.lower_replay
    level = replay["final"] * 1.5  # the lower rate, as many updates from the same start, stayed above the run
    cleared = _with(swinging, {**replay, "at_lower": [*replay["at_lower"][:-1], level]})
    assert "oscillation" not in [d.kind for d in diagnose(cleared)]
    assert swing(from_history(cleared))  # still read as a swing before the replay speaks
    assert "oscillation" in [d.kind for d in diagnose(_with(swinging, None))]  # no replay: it stands


@pytest.mark.parametrize(
    "change",
    [
        {"at_lower": [5.0, 0.1]},  # the lower rate blew up too (5x the start of 1)
        {"at_lower": [0.5, math.inf]},  # ... or went non-finite
        {"final": math.nan},
        {"start": 0.0},
        {"at_lower": []},
    ],
)
def test_a_replay_that_cannot_speak_leaves_the_swing(change):
    base = {"start": 1.0, "final": 0.2, "at_lower": [0.9, 0.5], "factor": 3.16, "updates": 2}
    c = dataclasses.replace(from_history(ds.History()), lower_replay={**base, **change})
    assert not swing_cost_unmeasured(c)
    assert swing_cost_unmeasured(dataclasses.replace(c, lower_replay=base))


def test_a_calm_run_takes_no_replay():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(128, 4, generator=g)
    y = torch.sin(X @ torch.randn(4, generator=g))
    h = ds.train("mlp", (X, y), loss="mse", optimizer="sgd", lr=0.01, epochs=5, batch_size=None, progress=False, seed=0)
    assert h.lower_replay is None and not wants_lower_replay(h)
    assert instability(from_history(h)) is None
