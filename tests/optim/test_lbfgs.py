"""LBFGS against torch.optim.LBFGS, iterate for iterate, with and without the strong-Wolfe line
search; the state dict in both directions; the two-loop recursion against an explicit BFGS
inverse Hessian; the closure it needs."""

from __future__ import annotations

import copy
import warnings

import pytest
import torch
from torch.testing._internal.common_optimizers import OptimizerErrorEnum, optim_db

import descend.optim as do
from descend.optim.strong_wolfe import cubic_minimizer, strong_wolfe

F64 = dict(rtol=1e-12, atol=1e-14)


def rosenbrock():
    x = [torch.nn.Parameter(torch.tensor([-1.2, 1.0], dtype=torch.float64))]
    return x, lambda: (1 - x[0][0]) ** 2 + 100 * (x[0][1] - x[0][0] ** 2) ** 2


def regression():
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(40, 3, generator=gen, dtype=torch.float64)
    y = (
        X @ torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
        + 0.3
        + 0.1 * torch.randn(40, generator=gen, dtype=torch.float64)
    )
    w = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    b = torch.nn.Parameter(torch.zeros((), dtype=torch.float64))
    return [w, b], lambda: ((X @ w + b - y) ** 2).mean()


def logistic():
    gen = torch.Generator().manual_seed(1)
    X = torch.randn(60, 4, 2, generator=gen, dtype=torch.float64)
    labels = (torch.rand(60, generator=gen) < 0.5).double()
    W = torch.nn.Parameter(0.1 * torch.randn(4, 2, generator=gen, dtype=torch.float64))
    return (
        [W],
        lambda: (
            torch.nn.functional.binary_cross_entropy_with_logits((X * W).sum((1, 2)), labels) + 1e-3 * W.square().sum()
        ),
    )


def sines():
    gen = torch.Generator().manual_seed(2)
    x = [torch.nn.Parameter(torch.randn(s, generator=gen, dtype=torch.float64)) for s in [(3, 2), (4,)]]
    a = [torch.randn(s, generator=gen, dtype=torch.float64) for s in [(3, 2), (4,)]]
    return x, lambda: sum(((ai * xi).sin() - 0.3 * xi).square().sum() + 0.1 * xi.pow(4).sum() for ai, xi in zip(a, x))


PROBLEMS = {"rosenbrock": rosenbrock, "regression": regression, "logistic": logistic, "sines": sines}
SETTINGS = [
    dict(line_search_fn="strong_wolfe"),
    dict(line_search_fn="strong_wolfe", history_size=3, max_iter=7),
    dict(lr=0.1),
    dict(lr=0.5, history_size=2, max_iter=4, max_eval=9),
]


def closure_for(opt, fn):
    def closure():
        opt.zero_grad()
        loss = fn()
        loss.backward()
        return loss

    return closure


def run(cls, problem, hyper, steps, state_dict=None):
    params, fn = PROBLEMS[problem]()
    opt = cls(params, **hyper)
    if state_dict is not None:
        for p, saved in zip(params, state_dict["params"]):
            p.data.copy_(saved)
        opt.load_state_dict(state_dict["opt"])
    losses, iterates = [], []
    for _ in range(steps):
        losses.append(opt.step(closure_for(opt, fn)).item())
        iterates.append([p.detach().clone() for p in params])
    return losses, iterates, opt, params


def assert_close(got, expected):
    if isinstance(expected, list):
        assert len(got) == len(expected)
        for u, v in zip(got, expected):
            assert_close(u, v)
    else:  # a tensor, or a number (torch's t is an int when lr is; descend's lr is a float)
        torch.testing.assert_close(torch.as_tensor(got).double(), torch.as_tensor(expected).double(), **F64)


def assert_same_state(ours, theirs):
    a, b = ours.state_dict()["state"], theirs.state_dict()["state"]
    assert set(b[0]) - set(a[0]) == {"al"}  # torch's scratch space for the two-loop recursion
    for key, expected in b[0].items():
        if key != "al":
            assert_close(a[0][key], expected)


@pytest.mark.parametrize("hyper", SETTINGS, ids=lambda h: "-".join(f"{k}={v}" for k, v in h.items()))
@pytest.mark.parametrize("problem", PROBLEMS)
def test_same_iterates_as_torch(problem, hyper):
    ours = run(do.LBFGS, problem, hyper, steps=6)
    theirs = run(torch.optim.LBFGS, problem, hyper, steps=6)
    assert ours[0] == pytest.approx(theirs[0], rel=1e-12, abs=1e-14)
    for mine, reference in zip(ours[1], theirs[1]):
        for p, q in zip(mine, reference):
            torch.testing.assert_close(p, q, **F64)
    assert_same_state(ours[2], theirs[2])
    assert theirs[0][-1] < theirs[0][0]  # the problems are not solved at the start


@pytest.mark.parametrize("direction", ["torch->descend", "descend->torch"])
@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_state_dict_moves_between_torch_and_descend(direction, line_search_fn):
    hyper = dict(line_search_fn=line_search_fn, history_size=4, max_iter=3, lr=1 if line_search_fn else 0.2)
    first, second = (torch.optim.LBFGS, do.LBFGS) if direction == "torch->descend" else (do.LBFGS, torch.optim.LBFGS)
    *_, opt, params = run(first, "sines", hyper, steps=3)
    saved = {"opt": copy.deepcopy(opt.state_dict()), "params": [p.detach().clone() for p in params]}
    resumed = run(second, "sines", hyper, steps=3, state_dict=saved)
    straight = run(first, "sines", hyper, steps=6)
    for p, q in zip(resumed[1][-1], straight[1][-1]):
        torch.testing.assert_close(p, q, **F64)


def test_complex_parameters_as_torch():
    # torch treats a complex parameter as pairs of reals; so does descend.
    def problem():
        z = torch.nn.Parameter(torch.tensor([1.0 + 2.0j, -0.5 + 0.1j], dtype=torch.complex128))
        return [z], lambda: ((z - (0.3 - 0.2j)).abs() ** 2).sum() + (z.real**4).sum()

    PROBLEMS["complex"] = problem
    try:
        ours = run(do.LBFGS, "complex", dict(line_search_fn="strong_wolfe"), steps=2)
        theirs = run(torch.optim.LBFGS, "complex", dict(line_search_fn="strong_wolfe"), steps=2)
    finally:
        del PROBLEMS["complex"]
    torch.testing.assert_close(ours[1][-1][0], theirs[1][-1][0], **F64)


def test_two_loop_recursion_is_the_bfgs_inverse_hessian():
    """With the whole history, -lbfgs(g) equals H g for H built by the BFGS update (N&W 6.17)."""
    gen = torch.Generator().manual_seed(3)
    n, k = 5, 4
    A = torch.randn(n, n, generator=gen, dtype=torch.float64)
    A = A @ A.T + n * torch.eye(n, dtype=torch.float64)
    s = [torch.randn(n, generator=gen, dtype=torch.float64) for _ in range(k)]
    y = [A @ si for si in s]
    rho = [1 / yi.dot(si) for si, yi in zip(s, y)]
    gamma = s[-1].dot(y[-1]) / y[-1].dot(y[-1])
    H = gamma * torch.eye(n, dtype=torch.float64)
    for si, yi, ri in zip(s, y, rho):
        V = torch.eye(n, dtype=torch.float64) - ri * torch.outer(yi, si)
        H = V.T @ H @ V + ri * torch.outer(si, si)
    g = torch.randn(n, generator=gen, dtype=torch.float64)
    torch.testing.assert_close(do.lbfgs(g, s, y, rho, gamma), -H @ g, rtol=1e-10, atol=1e-12)


def test_strong_wolfe_step_satisfies_the_conditions():
    gen = torch.Generator().manual_seed(4)
    a = torch.rand(6, generator=gen, dtype=torch.float64) * 10 + 0.1
    x = torch.randn(6, generator=gen, dtype=torch.float64)

    def f_and_g(z):
        return float((a * z**2 + z.cos()).sum()), 2 * a * z - z.sin()

    f0, g0 = f_and_g(x)
    p = -g0
    f, g, alpha, evals = strong_wolfe(lambda t: f_and_g(x + t * p), p, 1.0, f0, g0, g0.dot(p))
    assert f <= f0 + 1e-4 * alpha * g0.dot(p)
    assert abs(g.dot(p)) <= 0.9 * abs(g0.dot(p))
    assert 1 <= evals <= 25


def test_strong_wolfe_bisects_back_from_a_nan_trial():
    # phi(a) = (a - 1)^2 - log(2 - a): nan for a > 2, where the first trial lands. torch's
    # search takes nan as neither higher nor lower and ends on it (an IndexError here).
    def phi(a):
        a = torch.tensor(float(a), dtype=torch.float64)
        return float((a - 1) ** 2 - (2 - a).log()), (2 * (a - 1) + 1 / (2 - a)).reshape(1)

    f0, g0 = phi(0.0)
    p = torch.ones(1, dtype=torch.float64)
    f, g, alpha, evals = strong_wolfe(phi, p, 3.0, f0, g0, g0.dot(p))
    assert 0 < alpha < 2 and f <= f0 + 1e-4 * alpha * g0.dot(p)
    assert abs(g.dot(p)) <= 0.9 * abs(g0.dot(p)) and evals <= 25


def test_lbfgs_steps_back_into_the_domain_of_its_loss():
    w = torch.nn.Parameter(torch.tensor([2.0, 3.0], dtype=torch.float64))
    opt = do.LBFGS([w], line_search_fn="strong_wolfe", max_iter=50)

    def closure():
        opt.zero_grad()
        loss = (w**2 + 5 * w - 0.01 * w.log()).sum()  # nan for w < 0, the minimum near 0
        loss.backward()
        return loss

    for _ in range(3):
        opt.step(closure)
    minimum = torch.full((2,), (25.08**0.5 - 5) / 4, dtype=torch.float64)
    torch.testing.assert_close(w.detach(), minimum, rtol=1e-4, atol=0)  # to tolerance_change


def test_cubic_minimizer_without_a_minimum_takes_the_midpoint():
    # Increasing throughout (slope 1 at both ends, rising 2/3): d1^2 < g1 g2.
    assert cubic_minimizer(0.0, 0.0, 1.0, 1.0, 2 / 3, 1.0) == 0.5


def test_step_without_closure_says_what_it_needs():
    params, _ = rosenbrock()
    opt = do.LBFGS(params)
    with pytest.raises(RuntimeError, match=r"needs a closure.*opt\.step\(closure\).*descend\.minimize"):
        opt.step()
    with pytest.raises(RuntimeError, match=r"needs a closure"):
        do.step_unhooked(opt)


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("line_search_fn", "armijo", "None or 'strong_wolfe', got 'armijo'"),
        ("history_size", 0, "history_size must be an integer >= 1, got 0"),
        ("max_iter", 2.5, "max_iter must be an integer >= 1, got 2.5"),
        ("tolerance_grad", -1.0, "tolerance_grad must be a number >= 0, got -1.0"),
        ("lr", -0.1, "lr must be a number >= 0, got -0.1"),
    ],
)
def test_bad_hyper_parameter_is_named(name, value, shown):
    with pytest.raises(ValueError, match=shown.replace("(", r"\(").replace(")", r"\)")):
        do.LBFGS(rosenbrock()[0], **{name: value})


def test_one_param_group_only():
    with pytest.raises(ValueError, match=r"LBFGS doesn't support per-parameter options"):
        do.LBFGS([{"params": regression()[0][:1]}, {"params": regression()[0][1:]}])


def test_defaults_as_torch():
    params = rosenbrock()[0]
    assert do.LBFGS(params).defaults == torch.optim.LBFGS(params).defaults
    assert do.LBFGS(params, max_iter=8).defaults["max_eval"] == 10


def test_by_name():
    assert type(do.create("LBFGS", rosenbrock()[0], line_search_fn="strong_wolfe")) is do.LBFGS


# -- PyTorch's own configurations and error inputs for LBFGS (common_optimizers.optim_db) -----

LBFGS_INFO = next(info for info in optim_db if info.name == "LBFGS")
OUR_WORDING = {
    "Tensor lr must be 1-element": r"lr must be a number or a one-element tensor, got a tensor of shape \(2,\)"
}


@pytest.mark.parametrize("k", range(len(LBFGS_INFO.optim_inputs_func("cpu", torch.float64))))
def test_torch_configuration_steps_like_torch(k):
    kwargs = LBFGS_INFO.optim_inputs_func("cpu", torch.float64)[k].kwargs
    ours = run(do.LBFGS, "sines", copy.deepcopy(kwargs), steps=3)
    theirs = run(torch.optim.LBFGS, "sines", copy.deepcopy(kwargs), steps=3)
    for p, q in zip(ours[1][-1], theirs[1][-1]):
        torch.testing.assert_close(p, q, **F64)


@pytest.mark.parametrize("k", range(len(LBFGS_INFO.optim_error_inputs_func("cpu", torch.float32))))
def test_torch_error_input_fails_as_in_torch(k):
    error = LBFGS_INFO.optim_error_inputs_func("cpu", torch.float32)[k]
    inp = error.optimizer_error_input
    assert error.error_on == OptimizerErrorEnum.CONSTRUCTION_ERROR
    wording = OUR_WORDING.get(error.error_regex, error.error_regex)
    if issubclass(error.error_type, Warning):
        with pytest.warns(error.error_type, match=wording):
            do.LBFGS(inp.params, **inp.kwargs)
    else:
        with pytest.raises(error.error_type, match=wording), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            do.LBFGS(inp.params, **inp.kwargs)
