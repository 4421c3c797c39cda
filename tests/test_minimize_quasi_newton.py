"""minimize(method="lbfgs" | "bfgs" | "cg"): strong-Wolfe line-search methods with the same
Result, statuses, history and doctor as gradient descent."""

import math

import numpy as np
import pytest
import torch

import descend as ds
from descend import functions as F
from descend.functions import mgh
from descend.minimize.quasi_newton import BFGS, Evaluations, within_rounding

METHODS = ["lbfgs", "bfgs", "cg"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("problem", [mgh.rosenbrock, mgh.wood, mgh.helical_valley], ids=lambda p: p.name)
def test_reaches_the_minimum(method, problem):
    res = ds.minimize(problem, problem.start, method=method, gtol=1e-8, max_iter=2000)
    assert res.converged and res.status in ("gtol", "precision"), res
    assert res.fun == pytest.approx(problem.minimum_value, abs=1e-12)
    np.testing.assert_allclose(res.x.numpy(), problem.minima[0], atol=1e-5)


def test_lbfgs_takes_torch_lbfgs_iterates_and_counts_each_evaluation_once():
    # torch.optim.LBFGS with one iteration per step is the same method: the same points. It
    # evaluates the loss again at the start of every step; minimize reuses the line search's.
    res = ds.minimize(mgh.wood, mgh.wood.start, method="lbfgs", history_size=5, max_iter=30, gtol=0)
    x = torch.tensor(mgh.wood.start, dtype=torch.float64, requires_grad=True)
    eps = torch.finfo(torch.float64).tiny
    opt = torch.optim.LBFGS(
        [x],
        max_iter=1,
        max_eval=26,
        tolerance_grad=0,
        tolerance_change=eps,
        history_size=5,
        line_search_fn="strong_wolfe",
    )

    def closure():
        opt.zero_grad()
        loss = mgh.wood(x)
        loss.backward()
        return loss

    points = [x.detach().clone()]
    for _ in range(30):
        opt.step(closure)
        points.append(x.detach().clone())
    np.testing.assert_allclose(res.history.x, torch.stack(points).numpy(), rtol=1e-12, atol=1e-12)
    assert res.nfev == opt.state[x]["func_evals"] - 30 + 1
    assert res.history.lr[-2] == pytest.approx(float(opt.state[x]["t"]), rel=1e-12)  # the last step length


def test_every_evaluation_is_counted_and_none_repeated():
    calls = []

    def fn(x):
        calls.append(x.detach().clone())
        return mgh.beale(x)

    res = ds.minimize(fn, mgh.beale.start, method="bfgs", max_iter=5, gtol=0)
    assert res.nit == 5 and len(calls) == res.nfev + len(res.history.instruments)  # a call per reading
    readings = {tuple(res.history.x[row["step"]].tolist()) for row in res.history.instruments}
    searched = [tuple(c.tolist()) for c in calls]
    assert len({c for c in searched if c not in readings}) == res.nfev - len(readings)  # each point once


def test_evaluations_memo_keeps_only_the_accepted_point():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    f0 = (x**2).sum()
    (g0,) = torch.autograd.grad(f0, x)
    memo = Evaluations(lambda z: (z**2).sum(), x, f0, g0)
    assert memo().item() == 5.0 and memo.count == 0 and torch.equal(x.grad, g0)
    with torch.no_grad():
        x.mul_(0.5)
    assert memo().item() == 1.25 and memo.count == 1
    memo.accept()
    assert len(memo.memo) == 1 and memo.count == 1


def test_bfgs_learns_the_inverse_hessian_of_a_quadratic():
    quad = F.quadratic(100.0, dim=4)
    res = ds.minimize(quad, torch.ones(4, dtype=torch.float64), method="bfgs", gtol=1e-10, max_iter=100)
    assert res.converged and res.nit <= 30  # gradient descent at 1/L needs over 2000
    x = torch.ones(4, dtype=torch.float64, requires_grad=True)
    opt = BFGS(x)
    memo = Evaluations(quad, x, quad(x), torch.autograd.grad(quad(x), x)[0])
    for _ in range(22):
        opt.step(memo)
        memo.accept()
    H = opt.state[x]["H"]
    eig = torch.logspace(0, 2, 4, dtype=torch.float64)  # the Hessian's diagonal
    assert ((H.diagonal() * eig - 1).abs() < 0.2).all()


def test_same_result_history_and_doctor():
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], method="lbfgs")
    h = res.history
    assert res.status == "gtol" and "gradient norm" in res.message and res.x.dtype == torch.float64
    assert h.loss.shape == h.grad_norm.shape == h.lr.shape == (res.nit + 1,) and h.x.shape == (res.nit + 1, 2)
    assert not h.plain_steps and np.isfinite(h.lr[:-1]).all() and np.isnan(h.lr[-1])
    assert res.fun == h.loss[-1] and np.all(np.diff(h.loss) < 0)  # every step decreases f
    assert [d.kind for d in res.diagnoses] == ["converged"]
    assert h.instruments[0]["step"] == 0 and h.instruments[-1]["step"] == res.nit
    assert res.nfev < 2 * res.nit  # the unit step is accepted most of the time


def test_ftol_max_iter_and_callback_stop_as_for_gradient_descent():
    res = ds.minimize(mgh.freudenstein_roth, mgh.freudenstein_roth.start, method="lbfgs", ftol=1e-9, gtol=0)
    assert res.status == "ftol" and res.fun == pytest.approx(48.98425367924, rel=1e-8)  # its local minimum
    res = ds.minimize(mgh.wood, mgh.wood.start, method="cg", max_iter=3)
    assert res.status == "max_iter" and res.nit == 3 and "max_iter=3" in res.message
    seen = []
    res = ds.minimize(mgh.wood, mgh.wood.start, method="bfgs", callback=lambda it: seen.append(it.lr) or it.nit == 2)
    assert res.status == "callback" and len(seen) == 2


def test_float32_stops_at_its_resolution_as_converged():
    res = ds.minimize(F.rosenbrock, torch.tensor([-1.2, 1.0]), method="cg", gtol=1e-9)
    assert res.status == "precision" and res.converged and res.x.dtype == torch.float32
    assert "the line search found no point lower than" in res.message and "at float32 resolution" in res.message
    assert torch.allclose(res.x, torch.ones(2), atol=1e-4)


def test_optimizer_lbfgs_is_the_method():
    by_name = ds.minimize(F.booth, [0.0, 0.0], optimizer="lbfgs")
    assert by_name.converged and by_name.nit == ds.minimize(F.booth, [0.0, 0.0], method="lbfgs").nit


@pytest.mark.parametrize(
    ("options", "match"),
    [
        (
            dict(method="newton"),
            r"method must be None \(gradient descent\) or one of 'lbfgs', 'bfgs', 'cg', got 'newton'",
        ),
        (
            dict(method="lbfgs", lr=0.1),
            r"method='lbfgs' searches its own step .*: lr is a setting of gradient descent \(method=None\) only",
        ),
        (dict(method="cg", bounds=(0, 1), optimizer="adam"), "optimizer is a setting of gradient descent"),
        (dict(method="bfgs", lr=0.1, schedule="cosine"), "lr, schedule are settings of gradient descent"),
        (dict(method="lbfgs", history_size=0), "history_size must be"),
        (dict(method="bfgs", momentum=0.9), r"method='bfgs' takes no option momentum \(its options: none\)"),
        (dict(method="lbfgs", history=3), r"takes no option history \(its options: history_size\)"),
    ],
)
def test_bad_method_options_are_named(options, match):
    with pytest.raises(ValueError, match=match):
        ds.minimize(F.booth, [0.0, 0.0], **options)


@pytest.mark.parametrize("method", METHODS)
def test_a_function_unbounded_below_is_named(method):
    res = ds.minimize(lambda x: -(x**2).sum(), [1.0, 1.0], method=method)
    assert res.status == "diverged" and not res.converged
    assert "fn appears unbounded below: the loss fell" in res.message and "check its sign" in res.message


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("fn", "minimum"),
    [
        (lambda x: (x * x.log()).sum(), math.exp(-1)),  # nan for x < 0, where the search overshot
        # A log barrier: the minimum 2x^2 + 5x - 0.01 = 0 lies near the edge of the domain.
        (lambda x: (x**2 + 5 * x - 0.01 * x.log()).sum(), (math.sqrt(25.08) - 5) / 4),
    ],
    ids=["x-log-x", "log-barrier"],
)
def test_a_search_past_the_domain_of_fn_backs_into_it(method, fn, minimum):
    # Trials where fn is nan are steps too long: the search brackets them and bisects back.
    # It used to extrapolate past them (x log x: 'diverged ... with lr=3.29e+18') or fail
    # with an IndexError from inside the search (the log barrier, as torch.optim.LBFGS).
    res = ds.minimize(fn, [2.0, 3.0], method=method)
    assert res.status == "gtol", res.message
    torch.testing.assert_close(res.x, torch.full((2,), minimum, dtype=torch.float64), rtol=1e-5, atol=0)


@pytest.mark.parametrize("method", ["lbfgs", "bfgs"])
def test_float16_searches_in_a_wider_dtype_and_converges_at_its_resolution(method):
    # |g|^2 at Rosenbrock's start is 54304, near float16's largest number (65504), and the
    # cubic's d1^2 overflowed: the first search stepped to nan ('diverged ... with lr=nan; try
    # lr=nan or smaller'). The search's slopes and steps are now float64 numbers for float16.
    res = ds.minimize(F.rosenbrock, torch.tensor([-1.2, 1.0], dtype=torch.float16), method=method)
    assert res.converged and res.x.dtype == torch.float16, res.message
    torch.testing.assert_close(res.x.float(), torch.ones(2), rtol=0, atol=0.07)


def test_a_bfloat16_search_that_ends_names_its_dtype_as_a_cause():
    # x itself moves in steps of 1/128 near 1: Rosenbrock's valley is finer than that.
    res = ds.minimize(F.rosenbrock, torch.tensor([-1.2, 1.0], dtype=torch.bfloat16), method="lbfgs")
    assert res.status == "line_search" and not res.converged
    assert "(or bfloat16, 2 significant digits, too coarse for it: compute in float32 or float64)" in res.message


def test_a_step_without_a_closure_is_refused():
    with pytest.raises(RuntimeError, match=r"BFGS.step needs a closure that returns fn\(x\) and sets x.grad"):
        BFGS(torch.zeros(2, requires_grad=True)).step()


def test_the_doctor_advises_a_method_only_settings_it_takes():
    # The loss curve zigzags (an oscillation to the doctor), and the searched step is no rate.
    f = mgh.powell_badly_scaled
    res = ds.minimize(f, f.start, method="lbfgs", max_iter=300)
    assert res.status == "max_iter" and res.diagnoses
    assert all(not {"lr", "momentum", "schedule"} & d.change.keys() for d in res.diagnoses)
    assert res.advice() == {"max_iter": 600}
    assert "no learning rate applies" in str(res.diagnoses[0])
    ds.minimize(f, f.start, method="lbfgs", **res.advice())  # the advice is taken
    assert all(math.isnan(row["threshold"]) for row in res.history.instruments)


@pytest.mark.parametrize("method", ["lbfgs", "bfgs"])
def test_meyer_ends_at_the_precision_of_its_rounding_not_as_a_failed_search(method):
    # Every trial of the last line search is within eps^(2/3)|f| of f: Meyer's exponentials
    # round f coarsely; the gradient test alone (scaled gradient ~0.2) cannot tell.
    f = mgh.meyer
    res = ds.minimize(f, f.start, method=method, max_iter=3000)
    assert res.status == "precision" and "ill-conditioned" in res.message
    assert res.fun == pytest.approx(f.minimum_value, rel=1e-11)


class _WrongGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x**2).sum()

    @staticmethod
    def backward(ctx, out):
        (x,) = ctx.saved_tensors
        return -2 * x * out  # the sign flipped: every trial rises well above rounding


def test_a_search_whose_trials_rise_keeps_the_non_smooth_hint():
    res = ds.minimize(_WrongGradient.apply, [1.0, 2.0], method="lbfgs")
    assert res.status == "line_search" and not res.converged
    assert "trials above f by more than rounding: fn may be non-smooth" in res.message
    assert within_rounding(5.0, [5.0 + 1e-12], torch.float64) and not within_rounding(5.0, [5.1], torch.float64)
