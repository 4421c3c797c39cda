"""The learning-rate-free rules against their papers: schedule-free AdamW (Defazio et al.,
2024) and Prodigy (Mishchenko & Defazio, 2023).

Each is checked against a reference written out here from the published equations, one
tensor at a time with plain torch ops (the three schedule-free sequences kept explicitly;
Prodigy's sums in the paper's form), on random problems for >= 100 steps; then convergence
with the default hyper-parameters, state dicts, train/eval, validation and ``create``.
"""

from __future__ import annotations

import copy
import math
import re

import pytest
import torch

import descend.optim as do

from _steps import fresh_params, train

STEPS = 120
RTOL = {torch.float32: 1e-5, torch.float64: 1e-10}
DTYPES = pytest.mark.parametrize("dtype", RTOL, ids=str)
SHAPE_SETS = pytest.mark.parametrize("shapes", [[(7, 3), (5,)], [(2, 4, 5), (1,)]], ids=["matrix+vector", "3d+scalar"])


# -- references, from the papers' equations --------------------------------------------------


class _Reference:
    """What both paper references share: parameter groups and ``zero_grad``."""

    groups: list[dict]

    def zero_grad(self):
        for group in self.groups:
            for p in group["params"]:
                p.grad = None


class ScheduleFreeReference(_Reference):
    """Schedule-free AdamW (Defazio et al., 2024, Algorithm 1), with the authors' choices in
    ``AdamWScheduleFree``: linear warmup, Adam's bias correction on v, weight decay at y,
    average weights (t^r * max lr so far ^ weight_lr_power). x, y and z are all kept."""

    def __init__(
        self,
        groups,
        lr=0.0025,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0.0,
        warmup_steps=0,
        r=0.0,
        weight_lr_power=2.0,
        maximize=False,
    ):
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            warmup_steps=warmup_steps,
            r=r,
            weight_lr_power=weight_lr_power,
            maximize=maximize,
            t=0,
            weight_sum=0.0,
            lr_max=-1.0,
        )
        self.groups = [{**defaults, **g} for g in groups]
        self.state = {}

    @torch.no_grad()
    def step(self):
        for group in self.groups:
            beta1, beta2 = group["betas"]
            t = group["t"] = group["t"] + 1
            warmup = group["warmup_steps"]
            gamma = group["lr"] * (min(1.0, t / warmup) if warmup > 0 else 1.0)
            group["lr_max"] = max(group["lr_max"], gamma)
            w = t ** group["r"] * group["lr_max"] ** group["weight_lr_power"]
            group["weight_sum"] += w
            c = w / group["weight_sum"]
            for p in group["params"]:
                st = self.state.setdefault(p, dict(x=p.clone(), z=p.clone(), v=torch.zeros_like(p)))
                y = p.clone()
                g = -p.grad if group["maximize"] else p.grad
                st["v"] = beta2 * st["v"] + (1 - beta2) * g * g
                v_hat = st["v"] / (1 - beta2**t)
                st["z"] = st["z"] - gamma * (g / (v_hat.sqrt() + group["eps"]) + group["weight_decay"] * y)
                st["x"] = (1 - c) * st["x"] + c * st["z"]
                p.copy_((1 - beta1) * st["z"] + beta1 * st["x"])


class ProdigyReference(_Reference):
    """Prodigy (Mishchenko & Defazio, 2023, Algorithm 3, Adam version), in the paper's form:

        m = b1 m + (1-b1) d g;  v = b2 v + (1-b2) d^2 g^2
        r = b3 r + (1-b3) lr d^2 <g, x0 - x>;  s = b3 s + (1-b3) lr d^2 g
        d_hat = d_coef r / |s|_1;  d_new = max(d, d_hat)
        x = x - lr d m / (sqrt(v) + d_new eps)

    with the authors' (prodigyopt) additions: d_coef, growth_rate, beta3 (default
    sqrt(b2)), Adam's bias correction folded into lr, safeguard_warmup (lr left out of s),
    decoupled or L2 weight decay, eps scaled by the new d, no step while |s|_1 = 0, and one
    d for all groups (each group's lr weighting its own terms)."""

    def __init__(
        self,
        groups,
        lr=1.0,
        betas=(0.9, 0.999),
        beta3=None,
        eps=1e-8,
        weight_decay=0.0,
        decouple=True,
        use_bias_correction=False,
        safeguard_warmup=False,
        d0=1e-6,
        d_coef=1.0,
        growth_rate=math.inf,
        maximize=False,
    ):
        self.groups = [{"lr": lr, **g} for g in groups]
        self.b1, self.b2 = betas
        self.b3 = math.sqrt(self.b2) if beta3 is None else beta3
        self.eps, self.wd, self.decouple = eps, weight_decay, decouple
        self.bias_correction, self.safeguard = use_bias_correction, safeguard_warmup
        self.d0, self.d_coef, self.growth, self.maximize = d0, d_coef, growth_rate, maximize
        self.d = self.d_max = d0
        self.r, self.k, self.state = 0.0, 0, {}

    @torch.no_grad()
    def step(self):
        b1, b2, b3, d = self.b1, self.b2, self.b3, self.d
        k = self.k + 1
        bc = math.sqrt(1 - b2**k) / (1 - b1**k) if self.bias_correction else 1.0
        numerator, l1 = 0.0, 0.0
        for group in self.groups:
            lr = group["lr"] * bc
            for p in group["params"]:
                st = self.state.setdefault(
                    p, dict(x0=p.clone(), s=torch.zeros_like(p), m=torch.zeros_like(p), v=torch.zeros_like(p))
                )
                g = -p.grad if self.maximize else p.grad
                if self.wd and not self.decouple:
                    g = g + self.wd * p
                st["m"] = b1 * st["m"] + (1 - b1) * d * g
                st["v"] = b2 * st["v"] + (1 - b2) * d**2 * g * g
                s_lr = 1.0 if self.safeguard else lr
                st["s"] = b3 * st["s"] + (1 - b3) * s_lr * d**2 * g
                dot = torch.sum(g.double() * (st["x0"] - p).double()).item()
                numerator += (1 - b3) * lr * d**2 * dot
                l1 += st["s"].abs().sum().item()
        if l1 == 0:
            return
        self.r = b3 * self.r + numerator
        d_hat = self.d_coef * self.r / l1
        d_new = max(d, d_hat) if d == self.d0 else d
        self.d_max = max(self.d_max, d_hat)
        d_new = min(self.d_max, d_new * self.growth)
        for group in self.groups:
            lr = group["lr"] * bc
            for p in group["params"]:
                st = self.state[p]
                if self.wd and self.decouple:
                    p.mul_(1 - self.wd * d * lr)
                p.sub_(lr * d * st["m"] / (st["v"].sqrt() + d_new * self.eps))
        self.d, self.k = d_new, k


# -- lockstep runs ----------------------------------------------------------------------------


def loss(params, batch):
    """Non-convex: fine for schedule-free AdamW, whose steps are bounded by its lr."""
    return sum(((a * p).sin() - b).square().sum() for p, (a, b) in zip(params, batch))


def noisy_least_squares(params, batch):
    """Convex, with a fresh random minimizer every step. Prodigy's d grows until it matches the
    distance it has to travel, and on a periodic loss like ``loss`` it keeps growing and the
    run turns chaotic: float32 rounding (in the sums behind d) is then amplified without
    bound, for any two correct implementations. Here it stays at rounding level."""
    return sum(0.5 * (a * p - b).square().sum() for p, (a, b) in zip(params, batch))


def negated(fn):
    return lambda params, batch: -fn(params, batch)


def batches(shapes, dtypes, seed=1):
    gen = torch.Generator().manual_seed(seed)
    while True:
        yield [
            (torch.randn(shape, generator=gen, dtype=dt), torch.randn(shape, generator=gen, dtype=dt))
            for shape, dt in zip(shapes, dtypes)
        ]


def start_points(shapes, dtypes, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn(shape, generator=gen, dtype=dt) for shape, dt in zip(shapes, dtypes)]


def lockstep(make_ours, make_ref, shapes, dtypes, groups_of, check, steps=STEPS, fn=loss):
    """Train ours and the reference on the same mini-batches; ``check`` after every step."""
    start = start_points(shapes, dtypes)
    runs = []
    for make in (make_ours, make_ref):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        runs.append((params, make(groups_of(params))))
    data = batches(shapes, dtypes)
    for k in range(1, steps + 1):
        batch = next(data)
        for params, opt in runs:
            opt.zero_grad()
            fn(params, batch).backward()
            opt.step()
        check(k, *runs)
    return runs


def close(a, b, dtype):
    torch.testing.assert_close(a, b, rtol=RTOL[dtype], atol=RTOL[dtype])


# -- schedule-free AdamW: against the paper -----------------------------------------------------

SF_CASES = [
    pytest.param(dict(lr=0.02), id="plain"),
    pytest.param(dict(lr=0.02, weight_decay=0.1), id="weight_decay"),
    pytest.param(dict(lr=0.02, warmup_steps=30), id="warmup"),
    pytest.param(dict(lr=0.02, warmup_steps=30, weight_decay=0.1), id="warmup+weight_decay"),
    pytest.param(dict(lr=0.02, betas=(0.95, 0.99), r=1.0, weight_lr_power=0.0), id="polynomial_weights"),
    pytest.param(dict(lr=0.02, maximize=True), id="maximize"),
]


def check_schedule_free(dtype):
    def check(k, ours, ref):
        (ps, opt), (qs, ref_opt) = ours, ref
        for p, q in zip(ps, qs):
            close(p, q, dtype)  # y
            close(opt.state[p]["z"], ref_opt.state[q]["z"], dtype)
            close(opt.state[p]["exp_avg_sq"], ref_opt.state[q]["v"], dtype)
        if k % 10 == 0:  # the x sequence, through eval()
            opt.eval()
            for p, q in zip(ps, qs):
                close(p, ref_opt.state[q]["x"], dtype)
            opt.train()

    return check


@DTYPES
@SHAPE_SETS
@pytest.mark.parametrize("hyper", SF_CASES)
def test_schedule_free_matches_the_paper(hyper, shapes, dtype):
    lockstep(
        lambda groups: do.ScheduleFreeAdamW(groups, **hyper),
        lambda groups: ScheduleFreeReference(groups, **hyper),
        shapes,
        [dtype] * len(shapes),
        lambda ps: [{"params": ps}],
        check_schedule_free(dtype),
    )


@DTYPES
def test_schedule_free_groups_keep_their_own_schedules(dtype):
    # Two groups, one with half the lr and its own warmup; a third parameter of another dtype
    # in the first group (two buckets).
    shapes = [(7, 3), (5,), (2, 3)]
    dtypes = [dtype, torch.float64 if dtype == torch.float32 else torch.float32, dtype]

    def groups_of(ps):
        return [{"params": ps[:2]}, {"params": ps[2:], "lr": 0.01, "warmup_steps": 10}]

    def check(k, ours, ref):
        (ps, _), (qs, _) = ours, ref
        for p, q in zip(ps, qs):
            close(p, q, torch.float32)

    lockstep(
        lambda groups: do.ScheduleFreeAdamW(groups, lr=0.02, weight_decay=0.05),
        lambda groups: ScheduleFreeReference(groups, lr=0.02, weight_decay=0.05),
        shapes,
        dtypes,
        groups_of,
        check,
    )


# -- Prodigy: against the paper -----------------------------------------------------------------

PRODIGY_CASES = [
    pytest.param(dict(), id="defaults"),
    pytest.param(dict(weight_decay=0.1), id="decoupled_weight_decay"),
    pytest.param(dict(weight_decay=0.1, decouple=False), id="l2_weight_decay"),
    pytest.param(dict(use_bias_correction=True), id="bias_correction"),
    pytest.param(dict(safeguard_warmup=True), id="safeguard_warmup"),
    pytest.param(
        dict(use_bias_correction=True, safeguard_warmup=True, weight_decay=0.05),
        id="bias_correction+safeguard+weight_decay",
    ),
    pytest.param(dict(growth_rate=1.05, d_coef=0.5), id="growth_rate+d_coef"),
    pytest.param(dict(lr=0.5, beta3=0.99, betas=(0.8, 0.99), d0=1e-4), id="beta3+d0"),
    pytest.param(dict(maximize=True), id="maximize"),
]


def check_prodigy(dtype):
    # d comes from <g, x0 - x>: while x has moved little, x0 - x cancels most of its digits,
    # and in float32 two correct runs agree on d only to ~1e-5..1e-4, depending on the order
    # the machine's kernels sum in. Every step is d-sized, so the parameters and moments
    # agree to the same relative 1e-4 (the float64 runs check the rule itself to 1e-10).
    tol = 1e-4 if dtype == torch.float32 else RTOL[dtype]

    def check(k, ours, ref):
        (ps, opt), (qs, ref_opt) = ours, ref
        for p, q in zip(ps, qs):
            torch.testing.assert_close(p, q, rtol=tol, atol=tol)
            torch.testing.assert_close(opt.state[p]["exp_avg"], ref_opt.state[q]["m"], rtol=tol, atol=tol)
            torch.testing.assert_close(opt.state[p]["exp_avg_sq"], ref_opt.state[q]["v"], rtol=tol, atol=tol)
        for group in opt.param_groups:
            assert group["d"] == pytest.approx(ref_opt.d, rel=tol)
            assert group["d_max"] == pytest.approx(ref_opt.d_max, rel=tol)

    return check


@DTYPES
@SHAPE_SETS
@pytest.mark.parametrize("hyper", PRODIGY_CASES)
def test_prodigy_matches_the_paper(hyper, shapes, dtype):
    (_, opt), (_, ref) = lockstep(
        lambda groups: do.Prodigy(groups, **hyper),
        lambda groups: ProdigyReference(groups, **hyper),
        shapes,
        [dtype] * len(shapes),
        lambda ps: [{"params": ps}],
        check_prodigy(dtype),
        fn=negated(noisy_least_squares) if hyper.get("maximize") else noisy_least_squares,
    )
    assert ref.d > 10 * ref.d0  # the estimate did move: the comparison is not trivial
    assert opt.param_groups[0]["k"] == STEPS


@DTYPES
def test_prodigy_reduces_d_over_every_bucket_and_group(dtype):
    # Four parameters in two dtypes (two buckets per group) and two groups with different
    # lr: one d, from sums over all of them, exactly as the reference's one loop computes it.
    other = torch.float64 if dtype == torch.float32 else torch.float32
    shapes = [(7, 3), (5,), (2, 4), (6,)]
    dtypes = [dtype, other, other, dtype]

    def groups_of(ps):
        return [{"params": ps[:2]}, {"params": ps[2:], "lr": 0.5}]

    (_, opt), (_, ref) = lockstep(
        lambda groups: do.Prodigy(groups, weight_decay=0.05),
        lambda groups: ProdigyReference(groups, weight_decay=0.05),
        shapes,
        dtypes,
        groups_of,
        check_prodigy(torch.float32),
        fn=noisy_least_squares,
    )
    assert opt.param_groups[0]["d"] == opt.param_groups[1]["d"] > 10 * ref.d0


def test_prodigy_separate_estimates_would_differ():
    # The test above has teeth: an optimizer per parameter (a d per parameter, as one d per
    # bucket would give) follows another trajectory.
    shapes, dtypes = [(7, 3), (5,)], [torch.float64] * 2
    start = start_points(shapes, dtypes)
    runs = []
    for split in (False, True):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        opts = [do.Prodigy([p]) for p in params] if split else [do.Prodigy(params)]
        data = batches(shapes, dtypes)
        for _ in range(60):
            for o in opts:
                o.zero_grad()
            loss(params, next(data)).backward()
            for o in opts:
                o.step()
        runs.append(params)
    assert not torch.allclose(runs[0][0], runs[1][0], rtol=1e-3)


def test_prodigy_zero_lr_group_is_frozen_and_left_out():
    shapes, dtypes = [(4,), (3,)], [torch.float64] * 2
    start = start_points(shapes, dtypes)
    params = [torch.nn.Parameter(x.clone()) for x in start]
    alone = [torch.nn.Parameter(start[0].clone())]
    opt = do.Prodigy([{"params": params[:1]}, {"params": params[1:], "lr": 0.0}])
    solo = do.Prodigy(alone)
    data = batches(shapes, dtypes)
    for _ in range(50):
        batch = next(data)
        for ps, o in ((params, opt), (alone, solo)):
            o.zero_grad()
            loss(ps, batch[: len(ps)]).backward()
            o.step()
    assert torch.equal(params[1], start[1]) and params[1] not in opt.state
    torch.testing.assert_close(params[0], alone[0], rtol=0, atol=0)
    assert opt.param_groups[1]["d"] == solo.param_groups[0]["d"]


# -- convergence with the defaults ----------------------------------------------------------------


def least_squares(seed=0, m=40, n=8):
    """A well-conditioned 0.5 * ||A x - b||^2 (singular values in [1, 2]) and its minimizer."""
    gen = torch.Generator().manual_seed(seed)
    u, _ = torch.linalg.qr(torch.randn(m, n, generator=gen, dtype=torch.float64))
    v, _ = torch.linalg.qr(torch.randn(n, n, generator=gen, dtype=torch.float64))
    a = u @ torch.diag(torch.linspace(1.0, 2.0, n, dtype=torch.float64)) @ v.T
    b = torch.randn(m, generator=gen, dtype=torch.float64)
    x_star = torch.linalg.lstsq(a, b).solution
    f = lambda x: 0.5 * (a @ x - b).square().sum()  # noqa: E731
    return f, x_star


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_prodigy_converges_without_a_learning_rate(seed):
    f, x_star = least_squares(seed)
    x = torch.nn.Parameter(torch.zeros_like(x_star))
    opt = do.Prodigy([x])
    for _ in range(300):
        opt.zero_grad()
        f(x).backward()
        opt.step()
    assert (x - x_star).norm() < 1e-3
    assert f(x) - f(x_star) < 1e-6
    # d found the scale of the problem on its own, from 1e-6.
    assert opt.param_groups[0]["d"] > 1e-3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_schedule_free_average_converges_with_the_defaults(seed):
    f, x_star = least_squares(seed)
    x = torch.nn.Parameter(torch.zeros_like(x_star))
    opt = do.ScheduleFreeAdamW([x])
    start_gap = (f(torch.zeros_like(x_star)) - f(x_star)).item()
    for _ in range(3000):
        opt.zero_grad()
        f(x).backward()
        opt.step()
    opt.eval()
    with torch.no_grad():
        gap = (f(x) - f(x_star)).item()
        assert gap < 1e-3 * start_gap
        assert (x - x_star).norm() < 0.05 * x_star.norm()


# -- state dicts ----------------------------------------------------------------------------------

SD_CASES = [
    pytest.param(do.ScheduleFreeAdamW, dict(lr=0.02, weight_decay=0.1, warmup_steps=3), id="SF"),
    pytest.param(do.Prodigy, dict(weight_decay=0.1, use_bias_correction=True), id="Prodigy"),
]


def test_schedule_free_checkpoint_in_eval_mode_resumes_identically():
    hyper = dict(lr=0.02, weight_decay=0.1)
    params = fresh_params()
    opt = do.ScheduleFreeAdamW(params, **hyper)
    train(opt, params, 5)
    opt.eval()
    opt.train()
    train(opt, params, 5, start=5)

    first_params = fresh_params()
    first = do.ScheduleFreeAdamW(first_params, **hyper)
    train(first, first_params, 5)
    first.eval()  # the checkpoint holds x, the weights to deploy
    saved_weights = [p.detach().clone() for p in first_params]
    saved = copy.deepcopy(first.state_dict())
    assert saved["param_groups"][0]["train_mode"] is False
    resumed = [torch.nn.Parameter(w.clone()) for w in saved_weights]
    second = do.ScheduleFreeAdamW(resumed, **hyper)
    second.load_state_dict(saved)
    with pytest.raises(RuntimeError, match="eval mode"):
        train(second, resumed, 1)
    second.train()
    train(second, resumed, 5, start=5)
    for p, q in zip(params, resumed):
        torch.testing.assert_close(p, q, rtol=0, atol=0)


# -- train / eval ------------------------------------------------------------------------------


def test_eval_holds_the_average_and_train_restores_y():
    params = fresh_params()
    opt = do.ScheduleFreeAdamW(params, lr=0.05, betas=(0.8, 0.999))
    train(opt, params, 7)
    y = [p.detach().clone() for p in params]
    z = [opt.state[p]["z"].clone() for p in params]
    opt.eval()
    x = [p.detach().clone() for p in params]
    for xi, yi, zi in zip(x, y, z):
        torch.testing.assert_close(xi, (yi - 0.2 * zi) / 0.8)
        assert not torch.allclose(xi, yi)
    opt.eval()  # idempotent
    for p, xi in zip(params, x):
        assert torch.equal(p, xi)
    opt.train()
    for p, yi in zip(params, y):
        torch.testing.assert_close(p, yi)
    opt.train()  # idempotent
    for p, yi in zip(params, y):
        torch.testing.assert_close(p, yi)
    assert all(opt.state[p]["z"].equal(zi) for p, zi in zip(params, z))  # z never moves


def test_eval_before_any_step_changes_nothing_and_step_in_eval_mode_raises():
    params = fresh_params()
    before = [p.detach().clone() for p in params]
    opt = do.ScheduleFreeAdamW(params)
    assert opt.param_groups[0]["train_mode"] is True  # starts ready to train
    opt.eval()
    assert all(torch.equal(p, b) for p, b in zip(params, before))
    with pytest.raises(RuntimeError, match=r"eval mode.*opt\.train\(\)"):
        train(opt, params, 1)
    assert all(torch.equal(p, b) for p, b in zip(params, before)) and not opt.state
    opt.train()
    train(opt, params, 1)


def test_group_added_in_eval_mode_is_in_eval_mode():
    params = fresh_params()
    opt = do.ScheduleFreeAdamW(params[:1])
    train(opt, params[:1], 2)
    opt.eval()
    opt.add_param_group({"params": params[1:]})
    assert opt.param_groups[1]["train_mode"] is False
    opt.train()
    assert all(group["train_mode"] for group in opt.param_groups)
    train(opt, params, 2)


def test_schedule_free_group_without_gradients_does_not_advance():
    params = fresh_params()
    opt = do.ScheduleFreeAdamW([{"params": params[:1]}, {"params": params[1:]}])
    train(opt, params, 3)
    frozen = params[1].detach().clone()
    params[1].requires_grad_(False)
    train(opt, params[:1], 2, start=3)
    assert [g["k"] for g in opt.param_groups] == [5, 3]
    assert torch.equal(params[1], frozen)


# -- complex parameters, maximize ----------------------------------------------------------------


@pytest.mark.parametrize(("cls", "hyper"), SD_CASES)
def test_complex_parameters_are_pairs_of_reals(cls, hyper):
    gen = torch.Generator().manual_seed(0)
    z0 = torch.randn(4, dtype=torch.complex128, generator=gen)
    target = torch.randn(4, dtype=torch.complex128, generator=gen)
    zc = torch.nn.Parameter(z0.clone())
    zr = torch.nn.Parameter(torch.view_as_real(z0).clone())
    opt_c, opt_r = cls([zc], **hyper), cls([zr], **hyper)
    for _ in range(30):
        opt_c.zero_grad()
        opt_r.zero_grad()
        (zc - target).abs().square().sum().backward()
        (zr - torch.view_as_real(target)).square().sum().backward()
        opt_c.step()
        opt_r.step()
    torch.testing.assert_close(torch.view_as_real(zc.detach()), zr.detach())


# -- validation ---------------------------------------------------------------------------------

BAD = [
    (do.ScheduleFreeAdamW, "lr", -0.1, ValueError, "lr must be a number >= 0, got -0.1"),
    (do.ScheduleFreeAdamW, "betas", (1.0, 0.999), ValueError, r"betas\[0\] must be a number in \[0, 1\), got 1.0"),
    (do.ScheduleFreeAdamW, "betas", (0.0, 0.999), ValueError, r"betas\[0\] must be in \(0, 1\).*got 0.0"),
    (do.ScheduleFreeAdamW, "betas", (0.9, 1.5), ValueError, r"betas\[1\] must be a number in \[0, 1\), got 1.5"),
    (do.ScheduleFreeAdamW, "eps", 0.0, ValueError, "eps must be a number > 0, got 0.0"),
    (do.ScheduleFreeAdamW, "weight_decay", -0.1, ValueError, "weight_decay must be a number >= 0, got -0.1"),
    (do.ScheduleFreeAdamW, "warmup_steps", -5, ValueError, "warmup_steps must be an integer >= 0, got -5"),
    (do.ScheduleFreeAdamW, "warmup_steps", 2.5, TypeError, "warmup_steps must be an integer >= 0, got 2.5"),
    (do.ScheduleFreeAdamW, "r", -1.0, ValueError, "r must be a number >= 0, got -1.0"),
    (
        do.ScheduleFreeAdamW,
        "weight_lr_power",
        float("nan"),
        ValueError,
        "weight_lr_power must be a finite number >= 0, got nan",
    ),
    (do.ScheduleFreeAdamW, "maximize", 1, TypeError, "maximize must be True or False, got 1"),
    (do.Prodigy, "lr", -1.0, ValueError, "lr must be a number >= 0, got -1.0"),
    (do.Prodigy, "betas", (0.9, 1.0), ValueError, r"betas\[1\] must be a number in \[0, 1\), got 1.0"),
    (do.Prodigy, "beta3", 1.0, ValueError, r"beta3 must be a number in \[0, 1\), got 1.0"),
    (do.Prodigy, "eps", -1e-8, ValueError, "eps must be a number > 0, got -1e-08"),
    (do.Prodigy, "weight_decay", -0.1, ValueError, "weight_decay must be a number >= 0, got -0.1"),
    (do.Prodigy, "d0", 0.0, ValueError, "d0 must be a number > 0, got 0.0"),
    (do.Prodigy, "d_coef", -2.0, ValueError, "d_coef must be a number > 0, got -2.0"),
    (do.Prodigy, "growth_rate", 0.5, ValueError, r"growth_rate must be a number >= 1 \(or inf\), got 0.5"),
    (do.Prodigy, "growth_rate", float("nan"), ValueError, r"growth_rate must be a number >= 1 \(or inf\), got nan"),
    (do.Prodigy, "decouple", "yes", TypeError, "decouple must be True or False, got 'yes'"),
    (do.Prodigy, "use_bias_correction", None, TypeError, "use_bias_correction must be True or False, got None"),
    (do.Prodigy, "safeguard_warmup", 0, TypeError, "safeguard_warmup must be True or False, got 0"),
]


@pytest.mark.parametrize(
    ("cls", "name", "value", "error", "message"),
    BAD,
    ids=[f"{c.__name__}-{n}={v}" for c, n, v, _, _ in BAD],
)
def test_bad_hyper_parameter_is_named_with_its_value(cls, name, value, error, message):
    with pytest.raises(error, match=message):
        cls(fresh_params(), **{name: value})
    opt = cls(fresh_params())
    with pytest.raises(error, match=message):  # groups added later are checked too
        opt.add_param_group({"params": [torch.nn.Parameter(torch.ones(2))], name: value})


def test_prodigy_growth_rate_may_be_infinite():
    assert do.Prodigy(fresh_params(), growth_rate=math.inf).defaults["growth_rate"] == math.inf


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("d0", 1e-5),
        ("d_coef", 2.0),
        ("growth_rate", 1.02),
        ("safeguard_warmup", True),
        ("beta3", 0.9),
        ("betas", (0.9, 0.99)),
    ],
)
def test_prodigy_groups_must_share_the_estimate_settings(key, value):
    params = fresh_params()
    opt = do.Prodigy(params[:1])
    shown = "beta3" if key == "betas" else key
    expected = rf"one d for all param groups, so {shown} must be the same"
    with pytest.raises(ValueError, match=expected):
        opt.add_param_group({"params": params[1:], key: value})
    assert len(opt.param_groups) == 1  # the rejected group is not left behind
    with pytest.raises(ValueError, match=re.escape(shown)):
        do.Prodigy([{"params": params[:1]}, {"params": params[1:], key: value}])


def test_prodigy_group_added_later_joins_the_current_estimate():
    params = fresh_params()
    opt = do.Prodigy(params[:1])
    train(opt, params[:1], 20)
    opt.add_param_group({"params": params[1:], "weight_decay": 0.1})
    assert opt.param_groups[1]["d"] == opt.param_groups[0]["d"] > 1e-6
    train(opt, params, 5, start=20)
    assert opt.param_groups[0]["k"] == 25 and opt.param_groups[1]["k"] == 5


# -- create ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("prodigy", do.Prodigy),
        ("Prodigy", do.Prodigy),
        ("schedulefree_adamw", do.ScheduleFreeAdamW),
        ("adamw_schedulefree", do.ScheduleFreeAdamW),
        ("ScheduleFree_AdamW", do.ScheduleFreeAdamW),
    ],
)
def test_create_by_name(name, cls):
    opt = do.create(name, fresh_params(), weight_decay=0.01)
    assert type(opt) is cls and opt.defaults["weight_decay"] == 0.01
    assert {"prodigy", "schedulefree_adamw", "adamw_schedulefree"} <= set(do.names())
    hint = r"no hyper-parameter 'warmup'.*Did you mean 'warmup_steps'"
    with pytest.raises(TypeError, match=hint):
        do.create("schedulefree_adamw", fresh_params(), warmup=10)


@pytest.mark.parametrize(("cls", "hyper"), SD_CASES)
def test_params_without_grad_are_skipped(cls, hyper):
    params = fresh_params()
    frozen = torch.nn.Parameter(torch.ones(5))
    opt = cls([*params, frozen], **hyper)
    before = [p.detach().clone() for p in params]
    train(opt, params, 3)
    assert torch.equal(frozen, torch.ones(5)) and frozen not in opt.state
    assert all(not torch.equal(p, b) for p, b in zip(params, before))
