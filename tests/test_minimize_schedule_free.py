"""A schedule-free optimizer's ``minimize`` result is its average of the iterates (``opt.eval()``):
``fun`` and ``grad_norm`` are that point's, not those of the last point it took a gradient at."""

import math

import pytest
import torch

import descend as ds

F = ds.functions


@pytest.mark.parametrize("optimizer", ["schedulefree_adamw", "adamw_schedulefree"])
def test_fun_and_grad_norm_are_those_of_the_x_returned(optimizer):
    # was fun=3.83e-08 beside an x where rastrigin is 0.205 (the gradients' point, not the average)
    fn = F.rastrigin
    res = ds.minimize(fn, list(fn.start), optimizer=optimizer, max_iter=300)
    x = res.x.detach().clone().requires_grad_(True)
    value = fn(x)
    (grad,) = torch.autograd.grad(value, x)
    assert res.fun == value.item()
    assert math.isclose(res.grad_norm, float(grad.norm()), rel_tol=1e-12)
    assert res.nfev == res.nit + 2  # x0, one per iteration, and the average
    assert res.message.endswith(
        f"; x is the optimizer's average of its iterates (schedule-free), where fn = {res.fun:.6g} "
        f"and the gradient norm is {res.grad_norm:.3g}"
    )


def test_within_bounds_the_average_is_measured_by_its_projected_gradient():
    # was fun=0.5 and grad_norm=0 of the corner (1.5, 1.5) beside x = (1.25, 1.40), where fn = 0.93
    def fn(p):
        return ((p["w"] - 2) ** 2).sum()

    res = ds.minimize(fn, {"w": [1.0, 0.0]}, optimizer="schedulefree_adamw", lr=0.1, max_iter=500, bounds=(0, 1.5))
    w = res.x["w"]
    assert res.fun == pytest.approx(float(((w - 2) ** 2).sum()), rel=1e-12)
    assert res.grad_norm == pytest.approx(float((w - (w - 2 * (w - 2)).clamp(0, 1.5)).norm()), rel=1e-12)


@pytest.mark.parametrize("bounds", [None, (-5, 5)])
def test_a_gtol_stop_is_met_at_the_average_returned(bounds):
    # was converged=True after 1897 iterations with grad_norm 0.0317 at the x returned (gtol 1e-5,
    # met at the iterate the gradient was taken at); now it goes on until the average meets gtol
    res = ds.minimize(F.booth, [0.0, 0.0], optimizer="schedulefree_adamw", lr=0.05, bounds=bounds, max_iter=5000)
    assert (res.status, res.converged) == ("gtol", True)
    assert res.grad_norm <= 1e-5
    assert "gtol=1e-05 at the optimizer's average of its iterates" in res.message
    assert res.x.tolist() == pytest.approx([1.0, 3.0], abs=1e-5)


def test_a_bounded_average_is_returned_within_the_bounds_and_judged_there():
    # was x = (1.8, -34.5) outside bounds (0, 2), reported converged (the iterate (1.8, 2) was at
    # the rounding level; the average's gradient norm was 36.5)
    res = ds.minimize(F.booth, [0.0, 0.0], optimizer="schedulefree_adamw", lr=0.5, bounds=(0, 2), max_iter=5000)
    assert ((res.x >= 0) & (res.x <= 2)).all()
    assert (res.status, res.converged) == ("precision", False)
    assert res.message.startswith("stopped after")
    assert res.message.endswith(": the average has not settled where the iterates did")
    assert "converged" not in [d.kind for d in res.diagnoses]


def test_an_unfinished_run_is_advised_more_iterations_not_a_schedule():
    # was "anneal the rate to 0 over the run (schedule='cosine', ...)", {'schedule': 'cosine'}: a
    # schedule-free optimizer needs none; at lr=0.01 its average reaches gtol by iteration 17809
    res = ds.minimize(F.booth, [-5.0, -5.0], optimizer="schedulefree_adamw", lr=0.01, max_iter=5000)
    assert res.status == "max_iter"
    assert [(d.kind, d.change) for d in res.diagnoses] == [("slow_progress", {"max_iter": 10000})]
    assert res.diagnoses[0].advice.startswith("a schedule-free optimizer needs no schedule")
    assert res.history.averaged


def test_a_budget_spent_before_the_average_met_gtol_says_so():
    # the iterate meets gtol at iteration 433 (the run stopped there as converged), the average at 624
    res = ds.minimize(F.booth, [0.0, 0.0], optimizer="schedulefree_adamw", lr=0.5, max_iter=600)
    assert (res.status, res.converged) == ("max_iter", False)
    assert res.message.startswith(
        "stopped after 600 iterations: reached max_iter=600 before the optimizer's average of its iterates met gtol=1e-05"
    )
    assert res.grad_norm > 1e-5
