"""A rule that pulls x toward 0 every step (weight_decay, ASGD's lambd) minimizes fn plus a
penalty: a run that stops short of gtol for it is told so, and to zero the setting, not given
advice read on a run that minimized another function."""

import pytest

import descend as ds

F = ds.functions
START = list(F.booth.start)


def test_gradient_descent_at_rest_under_weight_decay_is_told_to_drop_it():
    # was "the steps are too small to move x in float64; rescale fn or x, or try a larger lr",
    # with no finding: x rests where 0.1 x balances the gradient of fn (0.312 at x = (1.04, 2.94))
    res = ds.minimize(F.booth, START, optimizer="gd", lr=0.05, weight_decay=0.1)
    assert res.status == "precision" and not res.converged
    assert res.message.endswith(
        "weight_decay=0.1 pulls x toward 0 at every step, so the run minimizes fn plus a penalty on x, "
        "and comes to rest where that pull balances the gradient of fn: give weight_decay=0 to minimize fn itself"
    )
    assert [(d.kind, d.change) for d in res.diagnoses] == [("slow_progress", {"weight_decay": 0})]
    fixed = ds.minimize(F.booth, START, optimizer="gd", lr=0.05, **{"weight_decay": 0.1, **res.advice()})
    assert fixed.converged


@pytest.mark.parametrize(
    "optimizer, setting",
    [
        # was "the learning rate is too small, by about 140x ...: try lr=7.17" (AdamW's default 0.01)
        ("adamw", "weight_decay"),
        # was no finding, and "rescale fn or x, or try a larger lr" (ASGD's default lambd=1e-4)
        ("asgd", "lambd"),
    ],
)
def test_a_default_decay_that_keeps_the_run_from_gtol_is_the_finding(optimizer, setting):
    res = ds.minimize(F.booth, START, optimizer=optimizer, lr=0.05, max_iter=3000)
    assert not res.converged
    assert res.advice() == {setting: 0}
    assert f"{setting}=0 to minimize fn itself" in res.diagnoses[0].advice
    assert ds.minimize(F.booth, START, optimizer=optimizer, lr=0.05, max_iter=3000, **res.advice()).converged


def test_a_larger_rate_advised_under_weight_decay_names_the_decay_at_0_too():
    # AdamW at 1e-3 on Booth, far from rest: told "too small, by about 120000x: try lr=122", which
    # alone ends at fn = 0.33 (weight_decay=0.01 still on, the run never reaches gtol); with the
    # decay at 0 as well, the advice converges (9e-15)
    res = ds.minimize(F.booth, START, optimizer="adamw", lr=1e-3)
    [found] = res.diagnoses
    assert found.kind == "slow_progress" and found.change["lr"] > 1.0
    assert found.change["weight_decay"] == 0  # the parent: {'lr': 122.0}
    assert "with weight_decay=0: at weight_decay=0.01 the run minimizes fn plus a penalty" in found.advice
    assert ds.minimize(F.booth, START, optimizer="adamw", **{"lr": 1e-3, **res.advice()}).converged
