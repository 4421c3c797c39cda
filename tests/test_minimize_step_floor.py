"""Rprop's steps have a floor (step_sizes[0]): a run cycling at it is told to lower the floor,
not the rate, which sets only its first step."""

import descend as ds

F = ds.functions


def test_rprop_cycling_at_its_smallest_step_is_told_to_lower_that_floor():
    # was "the learning rate is too large, try lr=0.001 or smaller"; at lr=0.005 it cycled again
    # at the same 1e-06 steps (144 iterations), the floor untouched
    res = ds.minimize(F.booth, [-1.2, 1.0], optimizer="rprop", lr=0.01, max_iter=300)
    assert res.status == "precision" and "too large" not in res.message
    assert res.message.endswith(
        "each step is the rule's smallest (step_sizes[0] = 1e-06), which overshoots: lower that floor "
        "(step_sizes=(1e-09, 50))"
    )
    assert [(d.kind, d.change) for d in res.diagnoses] == [("oscillation", {"step_sizes": (1e-09, 50)})]
    assert ds.minimize(F.booth, [-1.2, 1.0], optimizer="rprop", lr=0.01, max_iter=300, **res.advice()).converged
