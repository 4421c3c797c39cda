"""minimize(lr="auto") for the gradient-descent rules from a start with no positive curvature
(a double well's top, Styblinski-Tang's (0, 0)): the rate is read where the run's first steps
go, not from 1/|λ| of a negative curvature."""

import pytest

import descend as ds
from descend import functions as F


def _well(x):
    return (x**4 - x**2).sum()  # minimum -0.5 at x = ±1/√2, curvature 4 there, -2 at 0


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov"])
def test_a_double_well_from_its_top_converges(optimizer):
    # Was lr=0.53 (1/1.88, the top's curvature): momentum diverged at iteration 11, nesterov at 5,
    # gd cycled at f = -0.471.
    res = ds.minimize(_well, [0.1, 0.2], optimizer=optimizer, lr="auto", max_iter=2000)
    assert res.status == "gtol" and res.fun == pytest.approx(-0.5)
    assert res.history.lr[0] < 2 / 4  # stable at the minimum's curvature 4


@pytest.mark.parametrize("optimizer", ["gd", "momentum"])
def test_styblinski_tang_from_its_concave_start_reaches_the_global_minimum(optimizer):
    # Was lr=1/16 from the curvature -16 at (0, 0): gd cycled (f = -71.3), momentum diverged.
    f = F.styblinski_tang
    res = ds.minimize(f, list(f.start), optimizer=optimizer, lr="auto", max_iter=2000)
    assert res.converged and res.fun == pytest.approx(f.minimum_value)
