"""The rate a ``minimize`` message names after "the learning rate is too large" is the one
the doctor's findings advise (``Result.advice()``): one number, from one source, and never a
larger rate or a schedule scaled up."""

import pytest
import torch

import descend as ds
from descend.doctor import Diagnosis
from descend.minimize.loop import rate_to_try

F = ds.functions
QUOTED = "(the doctor's, measured: see diagnoses)"


def test_a_lion_run_that_falls_then_cycles_is_told_the_rate_its_findings_advise():
    # was "the learning rate is too large, try lr=0.001 or smaller" beside a slow_progress finding
    # "the learning rate may be too small: try lr=0.03": 31 iterations of falling loss filled the
    # window the loss-curve rules read, the 20 of the cycle did not show as a swing
    # (since session 41 the cycle counts once Lion's momentum is seen to keep its steps: at
    # iteration 80, not 51, where the loss-curve rule reads the swing too)
    res = ds.minimize(F.rastrigin, [-1.2, 1.0], optimizer="lion", lr=0.01, max_iter=500)
    assert res.status == "precision" and "the iterates cycle" in res.message
    rate = res.advice()["lr"]
    assert rate < 0.01
    assert res.message.endswith(f"the learning rate is too large: try lr={rate:g} {QUOTED}")
    assert [d.kind for d in res.diagnoses] == ["oscillation"]


def test_a_cycling_run_that_no_loss_curve_rule_reads_gets_a_finding():
    # was no finding at all, and a message naming lr=0.001 of its own (Styblinski-Tang from
    # (3, -2) at lr=0.01, which since session 41 is no cycle: Lion's momentum changes its steps
    # there, and it wanders among a few points until max_iter)
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], optimizer="lion", lr=0.03, max_iter=500)
    assert res.status == "precision" and "the iterates cycle" in res.message
    assert [(d.kind, d.change) for d in res.diagnoses] == [("oscillation", {"lr": 0.015})]
    assert "the iterates cycle" in res.diagnoses[0].evidence
    assert res.message.endswith(f"try lr=0.015 {QUOTED}")
    # Lion's steps are lr long at any rate: the finding says what lets such a run settle
    assert "annealing the rate to 0 (schedule='cosine')" in res.diagnoses[0].advice


def test_a_cycling_run_under_a_schedule_object_is_told_to_scale_it_down():
    # was "the learning rate is too large: try schedule=scaled(schedule=constant(lr=0.01), factor=3.0)"
    res = ds.minimize(F.rastrigin, [-1.2, 1.0], optimizer="lion", schedule=ds.schedules.constant(0.01), max_iter=500)
    advised = res.advice()["schedule"]
    assert advised.rate_factor < 1
    assert res.message.endswith(f"the learning rate is too large: try schedule={advised!r} {QUOTED}")


@pytest.mark.parametrize("factor", [1.0, 3.0])
def test_a_schedule_scaled_by_one_or_more_is_no_rate_to_try_for_a_rate_too_large(factor):
    # was ": try schedule=scaled(..., factor=3.0)" after "the learning rate is too large"
    base = ds.schedules.constant(0.01)
    findings = [Diagnosis("slow_progress", 9, "e", "a", {"schedule": ds.schedules.scaled(base, factor)})]
    assert rate_to_try(findings, 0.01) == ": the doctor's findings name no smaller rate to try (see diagnoses)"


@pytest.mark.parametrize(
    "fn, optimizer, lr",
    [
        # was an oscillation finding "try lr=0.0005" beside the message's "try a larger lr"
        (F.rosenbrock, "gd", 0.001),
        # was "try lr=0.05": the cycle read with float32's epsilon, the trajectory's, not bfloat16's
        (F.booth, "lion", 0.1),
    ],
)
def test_a_run_whose_steps_round_away_is_never_told_a_smaller_rate(fn, optimizer, lr):
    res = ds.minimize(fn, torch.tensor([-1.2, 1.0], dtype=torch.bfloat16), optimizer=optimizer, lr=lr, max_iter=2000)
    assert res.status == "precision" and "the steps are too small to move x in bfloat16" in res.message
    assert not [d for d in res.diagnoses if d.change.get("lr", lr) < lr]
    assert res.diagnoses[0].advice == (
        "the steps round away at bfloat16 resolution, so a smaller rate cannot help: compute in float64 "
        "(x0 as a list, or a float64 tensor), or take a larger lr"
    )
