"""minimize(method="lbfgs" | "bfgs", bounds=...): projected quasi-Newton within a box, against
scipy's L-BFGS-B on problems whose minimum lies on the box; "cg" refuses a box."""

import numpy as np
import pytest
import scipy.optimize
import torch

import descend as ds
from descend.functions import mgh
from descend.minimize.bounded_quasi_newton import ProjectedQuasiNewton, feasible_step, free_mask
from descend.minimize.bounds import box

METHODS = ["lbfgs", "bfgs"]

A = torch.tensor([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], dtype=torch.float64)
c = torch.tensor([3.0, -2.0, 0.4], dtype=torch.float64)


def quadratic(x):
    """Convex; its unconstrained minimum A^-1 c = (0.98, -0.99, 0.05) lies outside [0, 0.5]^3."""
    return 0.5 * x @ A @ x - c @ x


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


CASES = {
    "rosenbrock x<=0.5": (rosenbrock, [-1.2, 1.0], [(None, 0.5), (None, None)]),
    "quadratic in [0, 0.5]^3": (quadratic, [0.0, 0.0, 0.0], (0, 0.5)),
    "Beale in a box": (mgh.beale, mgh.beale.start, [(0, 2.5), (0, 0.4)]),
    "helical valley x1<=0.5": (mgh.helical_valley, mgh.helical_valley.start, [(-2, 0.5), (None, None), (None, None)]),
    "extended Rosenbrock x<=0.7": (mgh.extended_rosenbrock, mgh.extended_rosenbrock.start, (None, 0.7)),
    "Powell singular, x1 and x4 >= 0.1": (
        mgh.powell_singular,
        mgh.powell_singular.start,
        [(0.1, 4), (-2, 2), (-1, 1), (0.1, 2)],
    ),
}


def scipy_lbfgsb(fn, x0, bounds):
    def value_and_grad(x):
        t = torch.tensor(x, requires_grad=True)
        value = fn(t)
        value.backward()
        return value.item(), t.grad.numpy()

    n = len(x0)
    pairs = [tuple(bounds)] * n if len(bounds) == 2 and not isinstance(bounds[0], tuple) else bounds
    options = dict(gtol=1e-10, ftol=0, maxiter=3000)
    return scipy.optimize.minimize(
        value_and_grad, np.array(x0, float), jac=True, method="L-BFGS-B", bounds=pairs, options=options
    )


@pytest.mark.filterwarnings("ignore:x0 is not within bounds")  # some starts are outside: both clip them
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_reaches_scipy_lbfgsb_minimum_on_the_bound(method, case):
    fn, x0, bounds = CASES[case]
    ref = scipy_lbfgsb(fn, x0, bounds)
    res = ds.minimize(fn, x0, method=method, bounds=bounds, gtol=1e-10, max_iter=3000)
    assert res.converged, res.message
    assert res.fun == pytest.approx(ref.fun, abs=1e-6, rel=1e-6)
    np.testing.assert_allclose(res.x.numpy(), ref.x, atol=1e-6)
    if method == "lbfgs":  # about as many evaluations as L-BFGS-B (0.38x to 1.14x here)
        assert res.nfev <= 1.2 * ref.nfev + 2, (res.nfev, ref.nfev)
    lower, upper = box(bounds, res.x)
    xs = torch.as_tensor(np.asarray(res.history.x))
    assert bool(((xs >= lower) & (xs <= upper)).all())  # every iterate in the box
    on_bound = (res.x == lower) | (res.x == upper)
    assert bool(on_bound.any())  # the minimum lies on the box, exactly


def test_the_known_constrained_minimum_of_rosenbrock():
    res = ds.minimize(rosenbrock, [-1.2, 1.0], method="lbfgs", bounds=[(None, 0.5), (None, None)])
    assert res.status == "gtol" and res.x.tolist() == pytest.approx([0.5, 0.25], abs=1e-6)
    assert res.fun == pytest.approx(0.25, abs=1e-10)
    assert res.history.grad_norm[-1] <= 1e-5  # the projected gradient: the plain one is 1 here


def test_a_box_without_a_finite_side_is_the_unbounded_method():
    free = ds.minimize(mgh.wood, mgh.wood.start, method="lbfgs")
    boxed = ds.minimize(mgh.wood, mgh.wood.start, method="lbfgs", bounds=(None, None))
    assert boxed.nit == free.nit and np.array_equal(boxed.x.numpy(), free.x.numpy())


def test_a_start_outside_the_box_is_projected_into_it():
    with pytest.warns(UserWarning, match="x0 is not within bounds: 3 of 3 coordinates moved"):
        res = ds.minimize(quadratic, [5.0, -5.0, 5.0], method="bfgs", bounds=(0, 0.5), max_iter=1)
    assert np.asarray(res.history.x)[0].tolist() == [0.5, 0.0, 0.5]


def test_history_size_applies_to_projected_lbfgs():
    with pytest.raises(ValueError, match="history_size must be"):
        ds.minimize(quadratic, [0.0] * 3, method="lbfgs", bounds=(0, 1), history_size=0)
    f, box_ = mgh.helical_valley, [(-2, 0.5), (None, None), (None, None)]
    res = ds.minimize(f, f.start, method="lbfgs", bounds=box_)
    short = ds.minimize(f, f.start, method="lbfgs", bounds=box_, history_size=1)
    assert res.converged and short.converged and short.nit != res.nit


def test_cg_refuses_a_box_saying_why():
    with pytest.raises(ValueError, match=r"method='cg' takes no bounds: a bound that clips a step breaks the conj"):
        ds.minimize(quadratic, [0.0] * 3, method="cg", bounds=(0, 1))


def test_feasible_step_and_free_mask():
    lower, upper = torch.zeros(3), torch.ones(3)
    x = torch.tensor([0.0, 0.5, 1.0])
    assert feasible_step(x, torch.tensor([0.0, 0.0, 0.0]), lower, upper) == float("inf")
    assert feasible_step(x, torch.tensor([1.0, 1.0, -0.5]), lower, upper) == 0.5
    # pushed out of the box at both ends: active; pushed inwards: free
    assert free_mask(x, torch.tensor([1.0, 0.0, -1.0]), lower, upper).tolist() == [0.0, 1.0, 0.0]
    assert free_mask(x, torch.tensor([-1.0, 0.0, 1.0]), lower, upper).tolist() == [1.0, 1.0, 1.0]


def test_a_step_without_a_closure_is_refused():
    x = torch.zeros(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"ProjectedQuasiNewton.step needs a closure"):
        ProjectedQuasiNewton(x, torch.zeros(2), torch.ones(2)).step()
