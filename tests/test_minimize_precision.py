"""minimize() at the resolution of its dtype: a list or array computes in float64, and a run
whose point and loss repeat stops with status "precision", converged only when the gradient
is at the rounding level of fn."""

import math

import pytest
import torch

import descend as ds
from descend import functions as F
from descend.minimize.precision import REPEATS, Stall, rounding_tolerance, scaled_gradient


def test_momentum_on_rosenbrock_in_float32_stops_at_the_minimum_as_converged():
    # gtol=1e-7 is below what float32 can resolve near (1, 1): before, the run cycled there
    # until max_iter and said "not converged".
    x0 = torch.tensor([-1.5, 2.0])
    res = ds.minimize(F.rosenbrock, x0, optimizer="momentum", lr=2e-3, max_iter=20_000, gtol=1e-7)
    assert res.status == "precision" and res.converged and res.nit < 20_000
    assert res.message.startswith(f"converged after {res.nit} iterations: no further progress at float32 resolution")
    assert "the gradient is at the rounding level of fn" in res.message
    assert torch.allclose(res.x, torch.ones(2), atol=1e-5) and res.x.dtype == torch.float32
    tail = torch.from_numpy(res.history.x[-REPEATS:])
    assert (tail == tail[-1]).all() and len(set(res.history.loss[-REPEATS:])) == 1
    assert res.grad_norm > 1e-7  # gtol could not be met
    assert [d.kind for d in res.diagnoses] == ["converged"]


def test_the_same_run_from_a_list_is_float64_and_meets_gtol():
    res = ds.minimize(F.rosenbrock, [-1.5, 2.0], optimizer="momentum", lr=2e-3, max_iter=20_000, gtol=1e-7)
    assert res.status == "gtol" and res.x.dtype == torch.float64


def test_steps_that_round_away_far_from_the_minimum_are_not_converged():
    # lr * grad = 8e-9 is below half an ulp of 5 in float32: x never moves.
    res = ds.minimize(lambda x: 1000 * ((x - 1) ** 2).sum(), torch.tensor([5.0]), lr=1e-12, max_iter=1000)
    assert res.status == "precision" and not res.converged and res.nit == REPEATS + 1  # x0 is not revisited
    assert res.message.startswith(f"stopped after {REPEATS + 1} iterations: no further progress at float32 resolution")
    assert "scaled gradient 2.5 > eps^(1/3) = 0.00492" in res.message
    assert "start from a float64 x0" in res.message
    float64 = ds.minimize(lambda x: 1000 * ((x - 1) ** 2).sum(), [5.0], lr=1e-12, max_iter=1000)
    assert float64.status == "max_iter"  # float64 resolves these steps


def test_a_cycle_among_points_counts_and_a_new_best_resets_it():
    a, b = torch.tensor([1.0]), torch.tensor([2.0])
    stall, xs = Stall(), []
    for nit in range(2 * REPEATS + 2):
        xs.append(a if nit % 2 else b)
        fk = 1.0 if nit % 2 else 1.5
        if stall.stalled(nit, fk, 1.0, xs[-1], xs, lr_rose=False):
            break
    assert nit == REPEATS + 1 and stall.period == 2
    assert not stall.stalled(nit + 1, 0.5, 0.5, a, xs + [a], lr_rose=False)  # a new value
    assert stall.repeats == 0


def test_a_rising_learning_rate_or_a_moved_point_is_no_revisit():
    stall, xs = Stall(), [torch.tensor([1.0]), torch.tensor([1.0]), torch.tensor([1.5])]
    assert not stall.stalled(0, 2.0, 2.0, xs[0], xs, lr_rose=False)
    assert not stall.stalled(1, 2.0, 2.0, xs[1], xs, lr_rose=True) and stall.repeats == 0
    assert not stall.stalled(2, 2.0, 2.0, xs[2], xs, lr_rose=False) and stall.repeats == 0  # same loss, new point


def test_scaled_gradient_and_its_tolerance():
    x, g = torch.tensor([3.0, 0.5]), torch.tensor([1e-3, 1.0])
    assert scaled_gradient(x, g, 0.25, None) == pytest.approx(1.0)  # max(3e-3, 1.0) / 1
    assert scaled_gradient(x, g, 10.0, None) == pytest.approx(0.1)
    # Within bounds the projected gradient counts: x1 = 0.5 sits at its lower bound.
    assert scaled_gradient(x, g, 0.25, lambda z: z.clamp(min=0.5)) == pytest.approx(3e-3, rel=1e-4)
    assert rounding_tolerance(torch.float64) == pytest.approx(math.pow(2.0**-52, 1 / 3))


def test_without_a_trajectory_the_repeating_loss_alone_tells():
    res = ds.minimize(lambda x: 1000 * ((x - 1) ** 2).sum(), torch.full((200,), 5.0), lr=1e-12, max_iter=1000)
    assert res.history.x is None and res.status == "precision" and res.nit == REPEATS + 1


def test_a_rate_too_large_that_bounces_between_bound_corners_is_named_as_such():
    # Was: "the steps are too small to move x in float64; rescale fn or x, or try a larger lr"
    # for projected gd at lr=100 jumping between (-2, 2) and (2, 2) on Rosenbrock.
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], lr=100.0, bounds=(-2, 2))
    assert res.status == "precision" and not res.converged
    assert res.history.x[-2:].tolist() in ([[-2.0, 2.0], [2.0, 2.0]], [[2.0, 2.0], [-2.0, 2.0]])
    assert "the iterates cycle, returning to the point of 2 iterations before with f = 409" in res.message
    assert "with steps of 4, and the gradient is above the rounding level of fn" in res.message
    doctor = min(d.change["lr"] for d in res.diagnoses if "lr" in d.change)
    assert res.message.endswith(
        f"each step overshoots; the learning rate is too large: try lr={doctor:g} (the doctor's, measured: see diagnoses)"
    )
    assert "too small" not in res.message and "larger lr" not in res.message


def test_a_two_cycle_of_gradient_descent_is_named_an_overshoot():
    # lr = 1/16 (what lr="auto" took from the curvature -16 at Styblinski-Tang's start (0, 0)
    # until session 41) is above 2/L at its minimum: gd jumps between -2.41 and -3.23 in each
    # coordinate. Was "the steps are too small to move x in float64; rescale fn or x, or try a
    # larger lr".
    f = F.styblinski_tang
    res = ds.minimize(f, list(f.start), lr=1 / 16)
    assert res.status == "precision" and not res.converged and res.fun > f.minimum_value + 1
    assert "the iterates cycle, returning to the point of 2 iterations before" in res.message
    doctor = min(d.change["lr"] for d in res.diagnoses if "lr" in d.change)
    assert doctor < 1 / 16  # below the rate that overshot
    assert f"each step overshoots; the learning rate is too large: try lr={doctor:g} (the doctor's" in res.message


def test_a_loss_that_grew_before_its_steps_rounded_away_is_told_the_findings_rate():
    # bfloat16 LARS on Himmelblau at lr=0.1: the loss went 170 -> 2.2e5, then the steps rounded
    # away. Was "start from a float64 x0, or try a larger lr" beside a divergence finding's
    # "try lr=0.01"; now the message quotes the finding.
    x0 = torch.tensor(F.himmelblau.start, dtype=torch.bfloat16)
    res = ds.minimize(F.himmelblau, x0, optimizer="lars", lr=0.1)
    assert res.status == "precision" and not res.converged
    assert [(d.kind, d.change) for d in res.diagnoses] == [("divergence", {"lr": 0.01})]
    assert "larger lr" not in res.message
    assert res.message.endswith(
        "; but the loss grew 1.3e+03 times before it stalled: the learning rate is too large: "
        "try lr=0.01 (the doctor's, measured: see diagnoses)"
    )


@pytest.mark.parametrize(
    ("name", "x0", "max_iter", "reached"),
    [
        ("six_hump_camel", None, 1000, -1.03),
        ("styblinski_tang", None, 1000, -78.3),
        ("rosenbrock", [-1.5, 2.0], 400, 1.0),
    ],
)
def test_lion_coming_back_to_a_point_with_other_momentum_is_no_cycle(name, x0, max_iter, reached):
    # Lion's power-of-two rates land exactly on earlier points while its momentum carries it
    # on: was status "precision", "the iterates cycle ... the learning rate is too large", at
    # iteration 322 (f = -0.958), 450 (-74.9) and 32 (6.38). Rosenbrock's run now ends in a
    # true cycle, at iteration 374.
    f = F.get(name)
    res = ds.minimize(f, list(x0 or f.start), optimizer="lion", lr="auto", max_iter=max_iter)
    assert res.fun < reached and res.nit > 300


def test_a_return_counts_only_when_the_optimizer_state_returns_too():
    a, b = torch.tensor([1.0]), torch.tensor([2.0])
    momentum = [torch.tensor([0.0])]
    stall, xs = Stall(lambda: momentum), []
    for nit in range(2 * REPEATS + 2):  # x and f in a 2-cycle, the momentum drifting
        xs.append(a if nit % 2 else b)
        momentum[0] = momentum[0] + 1.0
        assert not stall.stalled(nit, 1.0 if nit % 2 else 1.5, 1.0, xs[-1], xs, lr_rose=False)
    stall, xs = Stall(lambda: [torch.tensor([0.5])]), []
    for nit in range(2 * REPEATS + 4):  # the state in the cycle too: counted from the 2nd return
        xs.append(a if nit % 2 else b)
        if stall.stalled(nit, 1.0 if nit % 2 else 1.5, 1.0, xs[-1], xs, lr_rose=False):
            break
    assert nit == REPEATS + 3 and stall.period == 2
