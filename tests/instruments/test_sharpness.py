"""Sharpness and stability thresholds against closed forms: a quadratic, linear regression,
heavy-ball and Nesterov momentum run on a 1-D quadratic on either side of their threshold,
and the preconditioned sharpness of adaptive rules against P^{-1/2} H P^{-1/2} built by hand."""

from __future__ import annotations

import math

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.instruments import sharpness, sharpness_from_gradient, stability_rule, stability_threshold, top_eigenvalue


class _Point(torch.nn.Module):
    """The model of a test function: its output is its one parameter vector."""

    def __init__(self, x0):
        super().__init__()
        self.x = torch.nn.Parameter(torch.as_tensor(x0, dtype=torch.float64).clone())

    def forward(self, _):
        return self.x


def _quadratic(A):
    return lambda x, _: 0.5 * x @ A @ x


def test_quadratic_top_eigenvalue_is_the_largest_of_A_not_the_largest_in_size():
    g = torch.Generator().manual_seed(1)
    Q, _ = torch.linalg.qr(torch.randn(12, 12, generator=g, dtype=torch.float64))
    eigs = torch.tensor([-9.0, -3, -1, 0, 0.5, 1, 2, 2.5, 3, 4, 5, 7.5], dtype=torch.float64)
    A = Q @ torch.diag(eigs) @ Q.T
    model = _Point(torch.randn(12, generator=g))
    found = sharpness(model, _quadratic(A), torch.zeros(2), torch.zeros(2), tol=1e-10, iterations=12)
    assert found.value == pytest.approx(7.5, rel=1e-8)
    assert math.isnan(found.threshold) and math.isnan(found.stability)


def test_linear_regression_sharpness_is_the_top_eigenvalue_of_2XtX_over_n():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(100, 6, generator=g) * torch.tensor([1.0, 2, 3, 0.5, 1, 4])
    y = torch.randn(100, generator=g)
    model = torch.nn.Linear(6, 1, bias=False)
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    found = sharpness(model, mse, X, y, tol=1e-7, iterations=6)
    exact = torch.linalg.eigvalsh(2 * X.T.double() @ X.double() / 100)[-1].item()
    assert found.value == pytest.approx(exact, rel=1e-4)


def test_top_eigenvalue_is_deterministic_and_leaves_the_global_random_state_alone():
    A = torch.diag(torch.arange(1.0, 30.0))
    state = torch.get_rng_state()
    first = top_eigenvalue(lambda v: A @ v, 29, iterations=5, seed=3)
    assert torch.equal(state, torch.get_rng_state())
    assert first == top_eigenvalue(lambda v: A @ v, 29, iterations=5, seed=3)


def _run_on_quadratic(make_opt, h: float, steps: int = 600) -> float:
    x = torch.nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    opt = make_opt([x])
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * h * x**2).sum().backward()
        opt.step()
    return abs(x.item())


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p, lr: ds.optim.GD(p, lr=lr), lambda lr: 2 / lr),
        (lambda p, lr: torch.optim.SGD(p, lr=lr), lambda lr: 2 / lr),
        (lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), lambda lr: 3.8 / lr),
        (lambda p, lr: ds.optim.SGD(p, lr=lr, momentum=0.5), lambda lr: 3.0 / lr),
        (lambda p, lr: ds.optim.SGD(p, lr=lr, momentum=0.9, dampening=0.5), lambda lr: 3.8 / (0.5 * lr)),
        (lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True), lambda lr: 3.8 / (2.8 * lr)),
        (lambda p, lr: ds.optim.create("nesterov", p, lr=lr), lambda lr: 3.8 / (2.8 * lr)),
    ],
)
def test_gd_family_thresholds_hold_when_run_just_below_and_above(make, expected):
    lr = 0.01
    threshold = stability_threshold(make([torch.nn.Parameter(torch.zeros(1))], lr))
    assert threshold == pytest.approx(expected(lr))
    assert _run_on_quadratic(lambda p: make(p, lr), 0.97 * threshold) < 1e-3  # converges
    assert _run_on_quadratic(lambda p: make(p, lr), 1.03 * threshold) > 1e3  # diverges


@pytest.mark.parametrize("name", ["adadelta", "lion", "prodigy", "schedulefree_adamw"])
def test_rules_without_a_known_threshold_give_nan_and_the_plain_hessian(name):
    model = torch.nn.Linear(3, 1)
    opt = ds.optim.create(name, model.parameters())
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    rule = stability_rule(opt)
    assert math.isnan(rule.threshold) and rule.preconditioner is None


def test_an_adaptive_rule_before_its_first_update_has_no_threshold():
    model = torch.nn.Linear(3, 1)
    assert math.isnan(stability_threshold(torch.optim.Adam(model.parameters())))


def _flat_hessian(model, loss_fn, x, y):
    params = list(model.parameters())
    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]

    def f(flat):
        parts = [c.view(s) for c, s in zip(torch.split(flat, sizes), shapes, strict=True)]
        out = torch.func.functional_call(model, dict(zip([n for n, _ in model.named_parameters()], parts)), (x,))
        return loss_fn(out, y)

    flat = torch.cat([p.detach().reshape(-1) for p in params])
    return torch.autograd.functional.hessian(f, flat)


def _p_adam(opt, p, beta1, beta2, eps, key="exp_avg_sq"):
    s = opt.state[p]
    t = float(s["step"])
    return (1 - beta1**t) * ((s[key] / (1 - beta2**t)).sqrt() + eps)


@pytest.mark.parametrize(
    ("make", "preconditioner", "threshold"),
    [
        (lambda ps: torch.optim.Adam(ps, lr=0.01), lambda o, p: _p_adam(o, p, 0.9, 0.999, 1e-8), 38 / 0.01),
        (lambda ps: ds.optim.Adam(ps, lr=0.01), lambda o, p: _p_adam(o, p, 0.9, 0.999, 1e-8), 38 / 0.01),
        (
            lambda ps: ds.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), amsgrad=True),
            lambda o, p: _p_adam(o, p, 0.8, 0.99, 1e-8, "max_exp_avg_sq"),
            3.6 / (0.2 * 0.01),
        ),
        (lambda ps: ds.optim.AdamW(ps, lr=0.01), lambda o, p: _p_adam(o, p, 0.9, 0.999, 1e-8), 38 / 0.01),
        (lambda ps: torch.optim.RMSprop(ps, lr=0.01), lambda o, p: o.state[p]["square_avg"].sqrt() + 1e-8, 2 / 0.01),
        (
            lambda ps: ds.optim.RMSprop(ps, lr=0.01, momentum=0.5),
            lambda o, p: o.state[p]["square_avg"].sqrt() + 1e-8,
            3 / 0.01,
        ),
        (lambda ps: ds.optim.Adagrad(ps, lr=0.01), lambda o, p: o.state[p]["sum"].sqrt() + 1e-10, 2 / 0.01),
    ],
)
def test_preconditioned_sharpness_matches_the_explicit_matrix(make, preconditioner, threshold):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1)).double()
    x, y = torch.randn(20, 3, dtype=torch.float64), torch.randn(20, dtype=torch.float64)
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    opt = make(model.parameters())
    for _ in range(5):
        opt.zero_grad()
        mse(model(x), y).backward()
        opt.step()
    H = _flat_hessian(model, mse, x, y)
    P = torch.cat([preconditioner(opt, p).reshape(-1) for p in model.parameters()])
    S = torch.diag(P.rsqrt())
    exact = torch.linalg.eigvalsh(S @ H @ S)[-1].item()
    found = sharpness(model, mse, x, y, opt, tol=1e-12, iterations=len(P))
    assert found.preconditioned
    assert found.value == pytest.approx(exact, rel=1e-6)
    assert found.threshold == pytest.approx(threshold)
    assert found.stability == pytest.approx(exact / threshold, rel=1e-6)


def test_param_groups_with_other_rates_are_folded_into_the_preconditioner():
    # GD with rates 0.1 and 0.05 on two coordinates of curvature 10 and 30: the update
    # multiplies them by 1 - lr*h = 0 and -0.5; the ratio is max(lr_i h_i)/2 = 0.75.
    a, b = torch.nn.Parameter(torch.ones(1)), torch.nn.Parameter(torch.ones(1))
    opt = torch.optim.SGD([{"params": [a], "lr": 0.1}, {"params": [b], "lr": 0.05}])
    model = torch.nn.Module()
    model.a, model.b = a, b
    model.forward = lambda _: torch.cat([model.a, model.b])
    found = sharpness(model, lambda v, _: 5 * v[0] ** 2 + 15 * v[1] ** 2, torch.zeros(2), torch.zeros(2), opt, tol=1e-9)
    assert found.stability == pytest.approx(0.75)


def test_coupled_weight_decay_adds_to_the_curvature():
    model = _Point([1.0, 1.0])
    A = torch.diag(torch.tensor([4.0, 1.0], dtype=torch.float64))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.5)
    found = sharpness(model, _quadratic(A), torch.zeros(2), torch.zeros(2), opt, tol=1e-10)
    assert found.value == pytest.approx(4.5)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="iterations must be an integer >= 1, got 0"):
        top_eigenvalue(lambda v: v, 3, iterations=0)
    with pytest.raises(TypeError, match="optimizer must be a torch.optim.Optimizer, got str"):
        stability_rule("adam")
    with pytest.raises(ValueError, match="dim must be an integer >= 1, got 0"):
        top_eigenvalue(lambda v: v, 0)  # was (nan, 0, True): a value claimed converged
    with pytest.raises(ValueError, match="params must hold at least one tensor, got none"):
        sharpness_from_gradient([], [])
    w = torch.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match=r"gradient must hold one entry per parameter \(1\), got 2"):
        sharpness_from_gradient([w, w], [w])


def test_a_bad_model_or_probe_is_named_not_a_deep_error():
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    x, y = torch.zeros(8, 3), torch.zeros(8)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        sharpness("x", mse, x, y)
    with pytest.raises(TypeError, match="loss_fn must be a callable"):
        sharpness(torch.nn.Linear(3, 1), "mse", x, y)
    with pytest.raises(TypeError, match="y must be a tensor, got list"):
        sharpness(torch.nn.Linear(3, 1), mse, x, [0.0] * 8)
    with pytest.raises(
        ValueError, match=r"x of shape \(8, 4\) and y of shape \(8,\) must fit the model and loss_fn, got: "
    ):
        sharpness(torch.nn.Linear(3, 1), mse, torch.zeros(8, 4), y)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_a_non_finite_loss_reads_nan_not_a_linear_algebra_error(bad):
    model = torch.nn.Linear(3, 1)
    x = torch.randn(8, 3)
    x[0, 0] = bad
    found = sharpness(model, lambda out, t: ((out.squeeze(-1) - t) ** 2).mean(), x, torch.zeros(8))
    assert math.isnan(found.value) and not found.converged and found.vector is None
    value, _, ok = top_eigenvalue(lambda v: v * math.nan, 3)
    assert math.isnan(value) and not ok


def test_an_optimizer_over_another_models_parameters_is_refused_not_read_as_zero_curvature():
    model, other = torch.nn.Linear(3, 1), torch.nn.Linear(3, 1)
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    x, y = torch.randn(8, 3), torch.randn(8)
    with pytest.raises(
        InvalidArgument,
        match=r"optimizer steps 2 parameter tensors that are not model's \(of shape \(1, 3\), \(1,\)\): the instruments",
    ):
        sharpness(model, mse, x, y, torch.optim.SGD(other.parameters(), lr=0.1))
    with pytest.raises(InvalidArgument, match="model has no parameter that requires grad"):
        sharpness(model.requires_grad_(False), mse, x, y)


def test_a_reading_leaves_batchnorm_running_statistics_and_the_mode_as_they_were():
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))
    before = {name: b.clone() for name, b in model.named_buffers()}
    x, y = torch.randn(8, 3) + 3, torch.randn(8)
    sharpness(model, lambda out, t: ((out.squeeze(-1) - t) ** 2).mean(), x, y)
    assert model.training
    for name, b in model.named_buffers():
        assert torch.equal(b, before[name]), name
