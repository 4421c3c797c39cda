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
