"""``minimize(lr="auto")`` for Lion, whose every step moves each coordinate by ``lr`` whatever
the gradient, and NAdam, whose first step does: the rate is the largest whose run still travels
over a quarter of ``max_iter`` (``minimize.auto_rate.sign_step_lr``), not the largest whose first step
passes an Armijo test, which says nothing of the distance to the minimum (session 39's rounds:
bench/minimize_sign_auto_s39_prereg.md, bench/minimize_adam_auto_s39_prereg.md). Every other
rule's auto rate is the first-step probe's, unchanged (Adam, AdamW, RAdam and Adamax included:
they failed the second round's held-out read)."""

import pytest
import torch

import descend as ds
from descend import functions as F
from descend.lr_find import curvature_lr
from descend.minimize.auto_rate import probe_lr, sign_step_lr

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


@pytest.mark.parametrize(
    ("fn", "x0"),
    [
        (F.himmelblau, [0.0, 0.0]),  # the first-step probe accepted lr=1 and the run ended at f = 4.73
        (F.beale, [1.0, 1.0]),  # lr=1, f = 1.36
    ],
)
def test_nadam_auto_reaches_the_minimum_the_first_step_probe_missed(fn, x0):
    res = ds.minimize(fn, x0, optimizer="nadam", lr="auto")
    assert float(res.fun) - fn.minimum_value < 1e-8


def test_nadam_auto_stops_swinging_across_a_bowls_minimum():
    # At the first-step probe's lr=1 the run ended flipping between x = +-0.0157 every step (f = 1.4e-3).
    res = ds.minimize(F.quadratic(10.0), [1.0, 1.0], optimizer="nadam", lr="auto")
    assert float(res.fun) < 1e-10


_SIGN_STEP = ("lion", "nadam")
_CURVATURE = ("gd", "sgd", "momentum", "nesterov")
_NO_AUTO = ("lbfgs", "sparse_adam", "sam")
_OTHERS = [n for n in ds.optim.names() if n not in _SIGN_STEP + _NO_AUTO]


@pytest.mark.parametrize("name", _SIGN_STEP)
def test_sign_step_rules_take_the_travel_probe(name):
    x0 = torch.zeros(2, dtype=torch.float64)  # Himmelblau: the travel probe's rate is below the first step's
    res = ds.minimize(F.himmelblau, x0, optimizer=name, lr="auto", max_iter=40)
    assert res.history.lr[0] == sign_step_lr(F.himmelblau, x0, name, {}, 40) < probe_lr(F.himmelblau, x0, name, {})


@pytest.mark.parametrize("name", _OTHERS)
def test_other_rules_keep_their_auto_rate(name):
    x0 = torch.tensor([-1.2, 1.0], dtype=torch.float64)
    res = ds.minimize(F.rosenbrock, x0, optimizer=name, lr="auto", max_iter=1)
    expected = curvature_lr(F.rosenbrock, x0)[0] if name in _CURVATURE else probe_lr(F.rosenbrock, x0, name, {})
    assert res.history.lr[0] == expected


@pytest.mark.parametrize("name", _SIGN_STEP)
def test_sign_step_auto_probes_nothing_for_max_iter_0(name):
    """max_iter=0 takes no step; the travel probe cost Lion 33 more calls of fn and NAdam 8."""
    calls = []

    def counted(x):
        calls.append(1)
        return _far_bowl(x)

    ds.minimize(counted, [0.0, 0.0], optimizer=name, lr=0.1, max_iter=0)
    given = len(calls)  # f(x0) and its reading
    res = ds.minimize(counted, [0.0, 0.0], optimizer=name, lr="auto", max_iter=0)
    assert len(calls) == 2 * given
    assert res.nit == 0 and res.history.lr[0] != res.history.lr[0]  # nan: no rate stepped with
