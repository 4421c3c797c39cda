"""minimize(): reaching known minima, every stopping reason, bounds, Armijo, bad input."""

import math
import re

import numpy as np
import pytest
import torch

import descend as ds
from descend import functions as F

# (function, optimizer, lr, extra options) that reach a global minimum from the classic start.
REACHES_MINIMUM = {
    "quadratic": (F.quadratic(10.0), "gd", 0.15, {}),
    "rosenbrock": (F.rosenbrock, "adam", 0.01, {}),
    "beale": (F.beale, "adam", 0.01, {}),
    "booth": (F.booth, "gd", 0.05, {}),
    "himmelblau": (F.himmelblau, "momentum", 0.005, {}),
    "rastrigin": (F.rastrigin, "gd", 0.002, {}),
    # Ackley has a kink at its minimum: no gradient tolerance is met there, and the line
    # search ends the run when no step decreases the loss any more.
    "ackley": (F.ackley, "gd", 1.0, {"line_search": "armijo"}),
    "styblinski_tang": (F.styblinski_tang, "gd", 0.01, {}),
    "six_hump_camel": (F.six_hump_camel, "nesterov", 0.01, {}),
    "rosenbrock_armijo": (F.rosenbrock, "gd", 1.0, {"line_search": "armijo"}),
}


def _distance_to_nearest_minimum(x, fn):
    return min(max(abs(a - b) for a, b in zip(x.tolist(), m)) for m in fn.minima)


@pytest.mark.parametrize("case", list(REACHES_MINIMUM))
@pytest.mark.slow
def test_reaches_known_minimum(case):
    fn, optimizer, lr, options = REACHES_MINIMUM[case]
    x0 = torch.tensor(fn.start, dtype=torch.float64)
    res = ds.minimize(fn, x0, optimizer=optimizer, lr=lr, max_iter=30000, gtol=1e-9, **options)
    assert _distance_to_nearest_minimum(res.x, fn) < 1e-4, res
    assert res.fun == pytest.approx(fn.minimum_value, abs=1e-6)
    if case == "ackley":
        assert res.status == "line_search"
    else:
        assert res.converged and res.status == "gtol", res
        assert res.grad_norm <= 1e-9


def test_gd_on_quadratic_takes_the_textbook_number_of_steps():
    # GD with lr = 1/L on diag(1, kappa) contracts the slow coordinate by (1 - 1/kappa) a step.
    kappa = 10.0
    res = ds.minimize(
        F.quadratic(kappa), torch.tensor([1.0, 1.0], dtype=torch.float64), lr=1 / kappa, gtol=1e-8, max_iter=10_000
    )
    expected = math.ceil(math.log(1e-8) / math.log(1 - 1 / kappa))
    assert abs(res.nit - expected) <= 1
    np.testing.assert_allclose(res.history.x[1], [1 - 1 / kappa, 0.0], atol=1e-15)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_lr_above_two_over_L_is_reported_as_diverged(dtype):
    quad = F.quadratic(100.0)
    lr = 2.5 / quad.lipschitz
    res = ds.minimize(quad, torch.tensor(quad.start, dtype=dtype), optimizer="gd", lr=lr, max_iter=100_000)
    assert not res.converged and res.status == "diverged"
    assert "diverged" in res.message and f"lr={lr:g}" in res.message
    assert res.nit < 100  # caught by the loss blow-up, long before float overflow
    assert math.isfinite(res.fun) and torch.isfinite(res.x).all()


def test_non_finite_loss_stops_cleanly_at_the_last_finite_point():
    # log(x) is NaN once a too-large step jumps to x < 0: x = 0.5 -> 10.5 -> 1.452 -> -1.66.
    res = ds.minimize(lambda x: (x - torch.log(x)).sum(), [0.5], optimizer="gd", lr=10.0)
    assert res.status == "diverged" and not res.converged
    assert "loss became nan at iteration 3 with lr=10" in res.message
    assert res.x.item() == pytest.approx(10.5 - 10 * (1 - 1 / 10.5))
    assert res.fun == pytest.approx(res.x.item() - math.log(res.x.item()))
    assert res.nit == 3 and math.isnan(res.history.loss[-1])


def test_max_iter_message_names_the_budget_and_gradient():
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], optimizer="gd", lr=1e-4, max_iter=7)
    assert res.status == "max_iter" and not res.converged and res.nit == 7 and res.nfev == 8
    assert "max_iter=7" in res.message and f"{res.grad_norm:.3g}" in res.message


@pytest.mark.slow
def test_ftol_and_xtol_stop_with_their_message():
    slow = dict(optimizer="gd", lr=1e-3, gtol=0.0, max_iter=100_000)
    res = ds.minimize(F.booth, [0.0, 0.0], ftol=1e-6, **slow)
    assert res.status == "ftol" and res.converged and "ftol=1e-06" in res.message
    loss = res.history.loss
    assert abs(loss[-2] - loss[-1]) <= 1e-6 * max(abs(loss[-1]), abs(loss[-2]), 1)
    assert abs(loss[-3] - loss[-2]) > 1e-6 * max(abs(loss[-2]), abs(loss[-3]), 1)
    res = ds.minimize(F.booth, [0.0, 0.0], xtol=1e-5, **slow)
    steps = np.linalg.norm(np.diff(res.history.x, axis=0), axis=1)
    assert res.status == "xtol" and steps[-1] <= 1e-5 < steps[-2]


def test_ftol_message_prints_the_relative_change():
    # f near 1000: the relative change is a thousandth of the absolute one.
    res = ds.minimize(lambda x: 1000 + (x**2).sum(), [1.0], optimizer="gd", lr=0.1, ftol=1e-6, gtol=0)
    loss = res.history.loss
    relative = abs(loss[-2] - loss[-1]) / max(abs(loss[-1]), abs(loss[-2]), 1)
    assert res.status == "ftol" and f"relative loss change {relative:.3g} <= ftol=1e-06" in res.message
    assert relative < 1e-6 < abs(loss[-2] - loss[-1])


def test_history_records_every_iteration():
    res = ds.minimize(F.booth, [0.0, 0.0], optimizer="momentum", lr=0.01, max_iter=50, gtol=0)
    h = res.history
    assert h.loss.shape == h.grad_norm.shape == h.lr.shape == (51,)
    assert h.x.shape == (51, 2) and h.x[0].tolist() == [0.0, 0.0]
    np.testing.assert_allclose(h.loss, [float(F.booth(torch.tensor(p))) for p in h.x], rtol=1e-6)
    assert np.all(h.lr[:-1] == 0.01) and np.isnan(h.lr[-1])
    assert res.fun == h.loss[-1] and res.grad_norm == h.grad_norm[-1]
    big = ds.minimize(lambda x: (x**2).sum(), torch.ones(1000), lr=0.1, max_iter=3)
    assert big.history.x is None and big.history.loss.shape == (4,)


def test_same_iterates_as_a_hand_written_torch_loop():
    start = torch.tensor([-1.5, 2.0])
    res = ds.minimize(F.rosenbrock, start, optimizer=torch.optim.SGD, lr=1e-4, momentum=0.9, max_iter=200, gtol=0)
    mine = ds.minimize(F.rosenbrock, start, optimizer="momentum", lr=1e-4, max_iter=200, gtol=0)
    x = start.clone().requires_grad_(True)
    opt = torch.optim.SGD([x], lr=1e-4, momentum=0.9)
    for _ in range(200):
        opt.zero_grad()
        F.rosenbrock(x).backward()
        opt.step()
    assert torch.equal(res.x, x.detach()) and torch.equal(mine.x, x.detach())


def test_keeps_dtype_and_leaves_x0_untouched():
    x0 = torch.tensor([0.0, 0.0], dtype=torch.float64)
    res = ds.minimize(F.booth, x0, lr=0.05)
    assert res.x.dtype == torch.float64 and x0.tolist() == [0.0, 0.0]
    assert ds.minimize(F.booth, torch.zeros(2, dtype=torch.int64), lr=0.05).x.dtype == torch.get_default_dtype()


@pytest.mark.parametrize("lr", [0.1, 10.0], ids=["converges", "diverges"])
def test_a_bfloat16_x0_runs_and_keeps_its_dtype(lr):
    """Was, after the whole run: "Got unsupported ScalarType BFloat16" (its trajectory went to NumPy)."""
    x0 = torch.full((2,), 3.0, dtype=torch.bfloat16)
    res = ds.minimize(lambda x: ((x - 1) ** 4).sum(), x0, optimizer="gd", lr=lr, max_iter=50)
    assert res.status == ("diverged" if lr > 1 else "max_iter")
    assert res.x.dtype == torch.bfloat16 and res.history.x.dtype == np.float32
    last = int(np.isfinite(res.history.loss).nonzero()[0][-1])  # a diverged run ends at its last finite point
    assert torch.equal(res.x, torch.from_numpy(res.history.x[last]).bfloat16())


@pytest.mark.parametrize("x0", [[0.1, 0], (0.1, 0.0), np.array([0.1, 0.0], dtype=np.float32), [[0.1, 0.0]]])
def test_a_list_or_array_computes_in_float64_as_scipy_does(x0):
    seen = []
    res = ds.minimize(lambda x: seen.append(x.dtype) or F.booth(x.reshape(2)), x0, lr=0.05, max_iter=3)
    assert res.x.dtype == torch.float64 and set(seen) == {torch.float64}
    assert res.history.x[0].flatten()[0] == np.float64(np.asarray(x0, dtype=np.float64).flat[0])


def test_bounds_make_it_projected_gradient_descent():
    # min (x-3)^2 + (y+1)^2 on [0, 1] x [0, 2] is at the corner (1, 0).
    fn = lambda x: (x[0] - 3) ** 2 + (x[1] + 1) ** 2  # noqa: E731
    res = ds.minimize(fn, [0.5, 1.0], lr=0.1, bounds=[(0, 1), (0, 2)])
    assert res.converged and res.x.tolist() == [1.0, 0.0]
    assert (res.history.x >= [0, 0]).all() and (res.history.x <= [1, 2]).all()
    # A scalar pair bounds every coordinate; None leaves a side open; x0 outside is projected.
    with pytest.warns(UserWarning, match="x0 is not within bounds"):
        res = ds.minimize(fn, [5.0, 5.0], lr=0.1, bounds=(None, 2))
    assert res.converged and res.x.tolist() == pytest.approx([2.0, -1.0], abs=1e-5)
    assert res.history.x[0].tolist() == [2.0, 2.0]


@pytest.mark.parametrize("method", [None, "lbfgs"])
def test_an_x0_outside_the_bounds_is_clipped_into_them_with_a_warning_naming_the_coordinates_moved(method):
    """Rosenbrock from (5, 2) in [0, 1]^2 reported "converged after 0 iterations" at (1, 1), its
    minimum, without a word that x0 had been moved: scipy.optimize.minimize warns of it too."""
    with pytest.warns(UserWarning) as caught:
        res = ds.minimize(F.rosenbrock, [5.0, 2.0], bounds=(0, 1), method=method, **({} if method else {"lr": 1e-3}))
    [warning] = caught
    assert str(warning.message) == (
        "x0 is not within bounds: 2 of 2 coordinates moved into the box (clipped): coordinate 0 from 5 to 1, "
        "coordinate 1 from 2 to 1"
    )
    assert warning.filename == __file__  # the caller's line, not descend's
    assert res.history.x[0].tolist() == [1.0, 1.0]  # the clip is kept
    with pytest.warns(
        UserWarning,
        match=r"7 of 8 coordinates .*: coordinate 1 from 5 to 1, coordinate 2 from -2 to 0, .*, and 2 more$",
    ):
        ds.minimize(F.rosenbrock, [0.5, *[5.0, -2.0] * 3, 7.0], lr=1e-3, bounds=(0, 1), max_iter=1)


@pytest.mark.parametrize(
    "bounds, match",
    [
        ([(0, 1)], r"2 \(lower, upper\) pairs"),
        ([(1, 0), (0, 1)], r"lower <= upper, got \(1.0, 0.0\) at coordinate 0"),
        ("ab", r"bounds must be"),
        ([(0, float("nan")), (0, 1)], "NaN"),
    ],
)
def test_bad_bounds(bounds, match):
    with pytest.raises(ValueError, match=match):
        ds.minimize(F.booth, [0.5, 0.5], lr=0.1, bounds=bounds)


def test_armijo_rescues_a_too_large_learning_rate():
    quad = F.quadratic(100.0)
    plain = ds.minimize(quad, [1.0, 1.0], lr=1.0, max_iter=500)
    searched = ds.minimize(quad, [1.0, 1.0], lr=1.0, max_iter=5000, line_search="armijo")
    assert plain.status == "diverged"
    assert searched.converged and searched.x.abs().max() < 1e-5
    assert searched.nfev > searched.nit + 1  # backtracking evaluated extra trial points
    assert np.all(np.diff(searched.history.loss) <= 0)  # Armijo never lets the loss rise
    assert np.all(searched.history.lr[:-1] <= 1.0)


def test_armijo_counts_non_finite_trials_as_failed():
    # sqrt of a negative number is NaN: trial points left of 0 must be rejected, not accepted.
    fn = lambda x: (torch.sqrt(x) - 2).pow(2).sum() + 0.0 * x.sum()  # noqa: E731
    res = ds.minimize(fn, [1.0], lr=100.0, line_search="armijo", gtol=1e-7)
    assert res.converged and res.x.item() == pytest.approx(4.0, abs=1e-5)
    assert np.isfinite(res.history.loss).all()


def test_armijo_reports_failure_when_no_step_decreases():
    class WrongGradient(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return (x**2).sum()

        @staticmethod
        def backward(ctx, grad):
            return -grad * torch.ones(1)  # points uphill: no step along it decreases x^2

    res = ds.minimize(WrongGradient.apply, [1.0], lr=0.1, line_search="armijo")
    assert res.status == "line_search" and not res.converged
    assert "no decrease" in res.message and res.x.tolist() == [1.0]


def test_armijo_along_an_uphill_step_says_so_without_trials():
    # Adam's second step on Rosenbrock from (-1.2, 1) keeps the momentum of the first gradient,
    # against the new one: it used to spend 52 evaluations and blame fn's smoothness.
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], optimizer="adam", lr=1.0, line_search="armijo")
    assert res.status == "line_search" and res.nit == 1 and res.nfev == 1 + 3  # x0, then the first search's 3 trials
    assert "the optimizer's step at iteration 1 points uphill" in res.message
    assert "optimizer without momentum (optimizer='gd')" in res.message


@pytest.mark.parametrize(("optimizer", "lr"), [("momentum", 0.01), ("adam", 0.01)])
def test_armijo_along_an_uphill_step_finds_what_its_message_says(optimizer, lr):
    # momentum on Booth was told 'try lr=0.106' (slow_progress) beside a message advising
    # optimizer='gd'; adam on Rosenbrock 'try lr=1.62': no rate turns an uphill step downhill
    fn = F.booth if optimizer == "momentum" else F.rosenbrock
    res = ds.minimize(fn, list(fn.start), optimizer=optimizer, lr=lr, line_search="armijo", max_iter=500)
    assert res.status == "line_search" and "points uphill" in res.message
    assert [(d.kind, d.change) for d in res.diagnoses] == [("slow_progress", {"optimizer": "gd"})]
    assert res.message.endswith(res.diagnoses[0].advice)
    again = ds.minimize(fn, list(fn.start), **{"lr": lr, "line_search": "armijo", "max_iter": 500, **res.advice()})
    assert again.status != "line_search"


def test_callback_sees_each_iterate_and_can_stop():
    seen = []

    def callback(it):
        seen.append(it)
        return it.nit == 5

    res = ds.minimize(F.booth, [0.0, 0.0], lr=0.01, callback=callback)
    assert res.status == "callback" and res.nit == 5 and "iteration 5" in res.message
    assert [it.nit for it in seen] == [1, 2, 3, 4, 5]
    assert seen[-1].x.tolist() == res.x.tolist() and seen[-1].fun == res.fun and seen[-1].lr == 0.01


def test_result_reads_like_scipy():
    res = ds.minimize(F.booth, [0.0, 0.0], lr=0.05)
    text = repr(res)
    assert "converged: True" in text and "status: gtol" in text and "nfev:" in text
    assert res.success is res.converged and [d.kind for d in res.diagnoses] == ["converged"]


@pytest.mark.parametrize(
    "fn, x0, error, match",
    [
        (F.booth, "abc", TypeError, "x0 must be a tensor or an array-like of numbers"),
        (F.booth, {"a": 1}, TypeError, "x0 came in parts, a dict of tensors, and fn gets them as that dict"),
        (F.booth, [float("nan"), 0.0], ValueError, r"x0 must be finite, got \[nan, 0.0\]"),
        (F.booth, [], ValueError, "x0 is empty"),
        (lambda x: x * 2, [1.0, 2.0], ValueError, r"fn must return a scalar, got a tensor of shape \(2,\)"),
        (lambda x: 3.0, [1.0], TypeError, "fn must return a scalar torch.Tensor"),
        (lambda x: (x.detach() ** 2).sum(), [1.0], ValueError, "not differentiable with respect to x"),
        (lambda x: torch.ones(1, requires_grad=True).sum(), [1.0], ValueError, "does not depend on x"),
        (lambda x: torch.log(x - 2).sum(), [1.0], ValueError, "fn\\(x0\\) is nan"),
    ],
)
def test_bad_problem_raises_a_clear_error(fn, x0, error, match):
    with pytest.raises(error, match=match):
        ds.minimize(fn, x0)


@pytest.mark.parametrize(
    "options, error, match",
    [
        (dict(optimizer="nestrov"), ValueError, "unknown optimizer 'nestrov'. Did you mean 'nesterov'"),
        (dict(optimizer=42), TypeError, "optimizer must be a name"),
        (dict(lr=-0.1), ValueError, r"lr must be a finite number > 0, got -0.1"),
        (dict(lr=0), ValueError, "lr must be"),
        (dict(max_iter=-1), ValueError, "max_iter must be an integer >= 0, got -1"),
        (dict(max_iter=2.5), ValueError, "max_iter must be an integer"),
        (dict(gtol=-1e-3), ValueError, "gtol must be a number >= 0, got -0.001"),
        (dict(ftol=float("nan")), ValueError, "ftol must be a finite number >= 0"),
        (dict(line_search="wolfe"), ValueError, "line_search must be None or 'armijo', got 'wolfe'"),
        (dict(callback=3), TypeError, "callback must be callable"),
        (dict(optimizer="adam", betas=(1.0, 0.9)), ValueError, r"betas\[0\] must be a number in \[0, 1\), got 1.0"),
        (dict(optimizer="adam", momentum=0.9), TypeError, "has no hyper-parameter 'momentum'"),
        (
            dict(max_iters=10),
            TypeError,
            r"minimize\(\) takes no keyword 'max_iters', and optimizer 'gd' has no hyper-parameter 'max_iters'\. "
            r"Did you mean 'max_iter'\? minimize takes: fn, x0, .*; optimizer 'gd' takes: lr",
        ),
    ],
)
def test_bad_options_raise_a_clear_error(options, error, match):
    with pytest.raises(error, match=match):
        ds.minimize(F.booth, [0.0, 0.0], **options)


def test_a_plateau_schedule_cuts_the_rate_when_f_stalls():
    # |x| from 1.05 at lr 0.1: the constant rate ends bouncing between +-0.05 for ever; reduce
    # on plateau (observing f every iteration) cuts the rate and gets closer to the minimum 0.
    def f(x):
        return x.abs().sum()

    x0 = torch.tensor([1.05], dtype=torch.float64)
    constant = ds.minimize(f, x0, lr=0.1, max_iter=100, gtol=0)
    assert constant.fun == pytest.approx(0.05)
    for schedule in ("plateau", ds.schedules.plateau(0.1, factor=0.1, patience=2)):
        res = ds.minimize(f, x0, lr=0.1, max_iter=100, gtol=0, schedule=schedule)
        lrs = [v for v in res.history.lr if math.isfinite(v)]  # the last point takes no step
        assert lrs[0] == 0.1 and min(lrs) <= 1e-3 and all(b <= a for a, b in zip(lrs, lrs[1:]))
        assert res.fun < 0.01


def test_the_module_and_the_function_keep_their_names():
    # descend.minimize is the function; the module (a package of one idea per file) is still
    # importable under that name and exports the same public names.
    import sys

    from descend.minimize import STATUSES, Iterate, Result, Trace, minimize

    module = sys.modules["descend.minimize"]
    assert ds.minimize is minimize is module.minimize and minimize.__module__ == "descend.minimize"
    assert (ds.Result, ds.Trace, ds.Iterate) == (Result, Trace, Iterate)
    assert STATUSES[:3] == ("gtol", "ftol", "xtol") and set(module.__all__) >= {"minimize", "Result"}


def test_the_trace_prints_in_one_line():
    """res.history printed every row of loss, grad_norm, lr and x (24,164 characters after 300 iterations)."""
    res = ds.minimize(ds.functions.rosenbrock, [-1.2, 1.0], lr=1e-3, max_iter=300)
    text = repr(res.history)
    want = r"Trace\(301 points of 2 coordinates, loss 24\.2 -> 3\.101; loss, grad_norm, lr, x, instruments \(\d+ readings\)\)"
    assert re.fullmatch(want, text), text
