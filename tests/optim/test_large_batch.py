"""LARS and LAMB against their papers' equations written out one tensor at a time (You, Gitman &
Ginsburg, 2017, Algorithm 1; You et al., 2019, Algorithm 2): no torch.optim peer exists."""

from __future__ import annotations

import copy

import pytest
import torch

import descend.optim as do

from _steps import fresh_params, train

SHAPES = [(7, 3), (3,), (2, 4, 5)]
STEPS = 60
RTOL = {torch.float32: 1e-5, torch.float64: 1e-12}


class LARSPaper(torch.optim.Optimizer):
    """Algorithm 1: lambda = eta |w| / (|grad| + beta |w|); v = m v + gamma lambda (grad + beta w); w -= v."""

    def __init__(self, params, lr, momentum=0.9, weight_decay=0.0, trust_coefficient=0.001):
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay, eta=trust_coefficient))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            gamma, m, beta, eta = group["lr"], group["momentum"], group["weight_decay"], group["eta"]
            for w in group["params"]:
                grad = w.grad
                w_norm, g_norm = w.norm().item(), grad.norm().item()
                local_lr = eta * w_norm / (g_norm + beta * w_norm) if w_norm > 0 and g_norm > 0 else 1.0
                v = self.state[w].setdefault("momentum_buffer", torch.zeros_like(w))
                v.copy_(m * v + gamma * local_lr * (grad + beta * w))
                w.sub_(v)


class LAMBPaper(torch.optim.Optimizer):
    """Algorithm 2 with phi the identity."""

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            (beta1, beta2), eta, lam, eps = group["betas"], group["lr"], group["weight_decay"], group["eps"]
            for x in group["params"]:
                state = self.state[x]
                if not state:
                    state.update(step=0, exp_avg=torch.zeros_like(x), exp_avg_sq=torch.zeros_like(x))
                state["step"] += 1
                t, m, v, g = state["step"], state["exp_avg"], state["exp_avg_sq"], x.grad
                m.copy_(beta1 * m + (1 - beta1) * g)
                v.copy_(beta2 * v + (1 - beta2) * g * g)
                m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
                update = m_hat / (v_hat.sqrt() + eps) + lam * x
                x_norm, u_norm = x.norm().item(), update.norm().item()
                ratio = x_norm / u_norm if x_norm > 0 and u_norm > 0 else 1.0
                x.sub_(eta * ratio * update)


def loss(params, batch):
    return sum(((a * p).sin() - b).square().sum() for p, (a, b) in zip(params, batch))


def train_in_lockstep(ours, reference, hyper, dtype):
    gen = torch.Generator().manual_seed(0)
    # The middle tensor starts at zero (a bias): its trust ratio is 1 on the first step.
    start = [torch.randn(s, generator=gen, dtype=dtype) * (i != 1) for i, s in enumerate(SHAPES)]
    runs = []
    for make in (ours, reference):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        runs.append((params, make([{"params": params[:2]}, {"params": params[2:], "lr": hyper["lr"] / 2}], **hyper)))
    for _ in range(STEPS):
        batch = [
            (torch.randn(s, generator=gen, dtype=dtype), torch.randn(s, generator=gen, dtype=dtype)) for s in SHAPES
        ]
        for params, opt in runs:
            opt.zero_grad()
            loss(params, batch).backward()
            opt.step()
        (mine, my_opt), (theirs, their_opt) = runs
        for p, q in zip(mine, theirs):
            torch.testing.assert_close(p, q, rtol=RTOL[dtype], atol=RTOL[dtype])
            for key, value in their_opt.state[q].items():
                expected = torch.as_tensor(value, dtype=torch.float32) if key == "step" else value
                torch.testing.assert_close(my_opt.state[p][key], expected, rtol=RTOL[dtype], atol=RTOL[dtype])
    assert not torch.allclose(runs[0][0][0], start[0], atol=1e-3)  # the weights moved


CASES = [
    pytest.param(do.LARS, LARSPaper, dict(lr=2.0), id="LARS"),
    pytest.param(do.LARS, LARSPaper, dict(lr=1.0, weight_decay=5e-4, trust_coefficient=0.01), id="LARS-decay"),
    pytest.param(do.LARS, LARSPaper, dict(lr=1.0, momentum=0.0), id="LARS-no-momentum"),
    pytest.param(do.LAMB, LAMBPaper, dict(lr=0.01), id="LAMB"),
    pytest.param(do.LAMB, LAMBPaper, dict(lr=0.01, weight_decay=0.01), id="LAMB-decay"),
    pytest.param(do.LAMB, LAMBPaper, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-8), id="LAMB-betas"),
]


@pytest.mark.parametrize("dtype", RTOL, ids=str)
@pytest.mark.parametrize(("ours", "paper", "hyper"), CASES)
def test_matches_the_paper(ours, paper, hyper, dtype):
    train_in_lockstep(ours, paper, hyper, dtype)


def test_lamb_moves_each_tensor_by_lr_times_its_norm():
    params = fresh_params()
    before = [p.detach().clone() for p in params]
    train(do.LAMB(params, lr=0.01), params, 1)
    for p, b in zip(params, before):
        assert (p - b).norm().item() == pytest.approx(0.01 * b.norm().item(), rel=1e-5)


@pytest.mark.parametrize(("cls", "hyper"), [(do.LARS, dict(lr=1.0, weight_decay=0.1)), (do.LAMB, dict(lr=0.01))])
def test_state_dict_round_trip_continues_identically(cls, hyper):
    params = fresh_params()
    opt = cls(params, **hyper)
    train(opt, params, 5)
    resumed = [torch.nn.Parameter(p.detach().clone()) for p in params]
    opt2 = cls(resumed, **hyper)
    opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
    train(opt, params, 5, start=5)
    train(opt2, resumed, 5, start=5)
    for p, q in zip(params, resumed):
        assert torch.equal(p, q)


@pytest.mark.parametrize(("cls", "hyper"), [(do.LARS, dict(lr=1.0, weight_decay=0.1)), (do.LAMB, dict(lr=0.01))])
def test_maximize_climbs(cls, hyper):
    up, down = fresh_params(), [torch.nn.Parameter(-p.detach().clone()) for p in fresh_params()]
    for params, maximize in ((up, True), (down, False)):
        opt = cls(params, maximize=maximize, **hyper)
        opt.zero_grad()
        sum((-p.square() if maximize else p.square()).sum() for p in params).backward()
        opt.step()
    for p, q in zip(up, down):  # climbing -p^2 from p mirrors descending q^2 from q = -p
        torch.testing.assert_close(p, -q)


@pytest.mark.parametrize(
    ("cls", "name", "value", "shown"),
    [
        (do.LARS, "trust_coefficient", 0.0, "trust_coefficient must be a number > 0, got 0.0"),
        (do.LARS, "momentum", 1.0, "momentum must be a number in [0, 1), got 1.0"),
        (do.LARS, "lr", -1.0, "lr must be a number >= 0, got -1.0"),
        (do.LAMB, "betas", (0.9, 1.0), "betas[1] must be a number in [0, 1), got 1.0"),
        (do.LAMB, "eps", 0.0, "eps must be a number > 0, got 0.0"),
        (do.LAMB, "weight_decay", -0.1, "weight_decay must be a number >= 0, got -0.1"),
    ],
)
def test_bad_hyper_parameter_is_named(cls, name, value, shown):
    with pytest.raises(ValueError) as error:
        cls(fresh_params(), **{name: value})
    assert shown in str(error.value)


def test_by_name():
    assert type(do.create("LARS", fresh_params(), lr=0.5)) is do.LARS
    assert type(do.create("lamb", fresh_params(), weight_decay=0.01)) is do.LAMB
