"""``minimize(lr="auto")`` for Lion, whose every step moves each coordinate by ``lr`` whatever
the gradient: the rate is the largest whose run still travels over a quarter of ``max_iter``
(``lr_find.sign_step_lr``), not the largest whose first step passes an Armijo test, which says
nothing of the distance to the minimum (session 39's round:
bench/minimize_sign_auto_s39_prereg.md). Every other rule's auto rate is the first-step probe's,
unchanged."""

import pytest
import torch

import descend as ds
from descend import functions as F
from descend.lr_find import curvature_lr, probe_lr

_FAR = torch.tensor([30.3, -20.7], dtype=torch.float64)


def _far_bowl(x):
    """A quadratic whose minimum lies 37 from the origin, off the lattice of dyadic rates."""
    return ((x - _FAR) ** 2 * torch.tensor([1.0, 4.0], dtype=x.dtype)).sum()


def test_lion_auto_reaches_a_minimum_far_from_x0():
    # The first-step probe accepted lr=1: the run circled the minimum at 0.76 from it (f = 2.05).
    res = ds.minimize(_far_bowl, [0.0, 0.0], optimizer="lion", lr="auto")
    assert float(torch.linalg.vector_norm(res.x - _FAR)) < 0.2
    assert float(res.fun) < 0.1


def test_lion_auto_on_rosenbrock_leaves_its_start():
    # The first-step probe accepted 0.25, and the run cycled back to f(x0) = 24.2 at iteration 22.
    res = ds.minimize(F.rosenbrock, list(F.rosenbrock.start), optimizer="lion", lr="auto")
    assert float(res.fun) < 0.1


def test_lion_auto_rate_is_chosen_against_the_budget():
    # Four times the steps cover the distance at a quarter of the rate (or less).
    short = ds.minimize(_far_bowl, [0.0, 0.0], optimizer="lion", lr="auto", max_iter=200)
    long = ds.minimize(_far_bowl, [0.0, 0.0], optimizer="lion", lr="auto", max_iter=800)
    assert long.history.lr[0] <= short.history.lr[0] / 4


_CURVATURE = ("gd", "sgd", "momentum", "nesterov")
_OTHERS = [n for n in ds.optim.names() if n not in ("lion", "lbfgs", "sparse_adam", "sam")]  # the last 3: no lr="auto"


@pytest.mark.parametrize("name", _OTHERS)
def test_other_rules_keep_their_auto_rate(name):
    x0 = torch.tensor([-1.2, 1.0], dtype=torch.float64)
    res = ds.minimize(F.rosenbrock, x0, optimizer=name, lr="auto", max_iter=1)
    expected = curvature_lr(F.rosenbrock, x0)[0] if name in _CURVATURE else probe_lr(F.rosenbrock, x0, name, {})
    assert res.history.lr[0] == expected
