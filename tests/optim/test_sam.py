"""SAM against the paper's update computed by hand (Foret et al., 2021, Algorithm 1): the
gradient at w + rho g / |g| (norm over every parameter), applied at w by the base optimizer."""

from __future__ import annotations

import copy
import pickle

import pytest
import torch

import descend.optim as do

SHAPES = [(4, 3), (3,)]


def problem(dtype=torch.float64):
    gen = torch.Generator().manual_seed(0)
    a = [torch.randn(s, generator=gen, dtype=dtype) for s in SHAPES]
    start = [torch.randn(s, generator=gen, dtype=dtype) for s in SHAPES]

    def loss(params):
        return sum(((ai * p).sin() - 0.5 * p).square().sum() + 0.1 * p.pow(4).sum() for ai, p in zip(a, params))

    return start, loss


def gradient(loss, point):
    xs = [x.detach().clone().requires_grad_() for x in point]
    return torch.autograd.grad(loss(xs), xs)


def closure_for(params, loss, calls=None):
    def closure():
        if calls is not None:
            calls.append(1)
        value = loss(params)
        value.backward()
        return value

    return closure


@pytest.mark.parametrize(
    ("base", "hyper", "reference"),
    [
        ("sgd", dict(lr=0.05), lambda ps: torch.optim.SGD(ps, lr=0.05)),
        ("momentum", dict(lr=0.05), lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
        ("adam", dict(lr=0.01, weight_decay=0.1), lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1)),
        (torch.optim.AdamW, dict(lr=0.01), lambda ps: torch.optim.AdamW(ps, lr=0.01)),
    ],
    ids=["sgd", "momentum", "adam", "torch-AdamW"],
)
def test_matches_the_paper_by_hand(base, hyper, reference):
    start, loss = problem()
    rhos = [0.05, 0.2]  # one per param group
    params = [torch.nn.Parameter(x.clone()) for x in start]
    opt = do.SAM([{"params": [p], "rho": r} for p, r in zip(params, rhos)], base=base, **hyper)
    # By hand: epsilon = rho g / |g| with |g| over both tensors; the base steps with the
    # gradient at w + epsilon (fed to it as .grad), from w.
    w = [torch.nn.Parameter(x.clone()) for x in start]
    ref = reference(w)
    for _ in range(25):
        at_w = loss([x.detach() for x in w]).item()
        g = gradient(loss, w)
        norm = torch.sqrt(sum((gi**2).sum() for gi in g))
        g_sam = gradient(loss, [wi + r * gi / norm for wi, r, gi in zip(w, rhos, g)])
        for wi, gi in zip(w, g_sam):
            wi.grad = gi
        ref.step()
        first = opt.step(closure_for(params, loss))
        assert first.item() == pytest.approx(at_w, rel=1e-12)  # the loss at w, not at w + epsilon
        for p, q in zip(params, w):
            torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12)
    assert not torch.allclose(params[0], start[0], atol=1e-2)


def test_returns_the_loss_at_w_and_evaluates_twice():
    start, loss = problem()
    params = [torch.nn.Parameter(x.clone()) for x in start]
    opt = do.SAM(params, rho=0.1, lr=0.1)
    calls = []
    expected = loss(params).item()
    assert opt.step(closure_for(params, loss, calls)).item() == expected
    assert len(calls) == 2


def test_zero_gradient_leaves_the_point():
    w = torch.nn.Parameter(torch.zeros(3))
    opt = do.SAM([w], base="sgd", lr=0.1)
    opt.step(closure_for([w], lambda ps: (ps[0] ** 2).sum()))
    assert torch.equal(w, torch.zeros(3))


@pytest.mark.parametrize("base", ["adam", torch.optim.SGD], ids=["descend-adam", "torch-SGD"])
@pytest.mark.parametrize("how", ["state_dict", "deepcopy", "pickle"])
def test_resumed_run_continues_identically(base, how):
    start, loss = problem()
    hyper = dict(lr=0.01, momentum=0.9) if base is torch.optim.SGD else dict(lr=0.01)
    params = [torch.nn.Parameter(x.clone()) for x in start]
    opt = do.SAM(params, base=base, rho=0.1, **hyper)
    for _ in range(3):
        opt.step(closure_for(params, loss))
    if how == "state_dict":
        resumed = [torch.nn.Parameter(p.detach().clone()) for p in params]
        opt2 = do.SAM(resumed, base=base, rho=0.1, **hyper)
        opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
        assert opt2.state_dict()["param_groups"] == opt.state_dict()["param_groups"]
    else:
        clone = copy.deepcopy if how == "deepcopy" else lambda x: pickle.loads(pickle.dumps(x))
        opt2 = clone(opt)
        resumed = opt2.param_groups[0]["params"]
        assert opt2.base_optimizer.param_groups is opt2.param_groups
    for _ in range(3):
        opt.step(closure_for(params, loss))
        opt2.step(closure_for(resumed, loss))
    for p, q in zip(params, resumed):
        assert torch.equal(p, q)


def test_a_schedule_sets_the_base_optimizers_rate():
    w = torch.nn.Parameter(torch.ones(2))
    opt = do.SAM([w], base="adam", lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    opt.step(closure_for([w], lambda ps: (ps[0] ** 2).sum()))
    sched.step()
    assert opt.base_optimizer.param_groups[0]["lr"] == 0.05


def test_add_param_group_reaches_the_base():
    a, b = torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))
    opt = do.SAM([a], base="sgd", lr=0.1)
    opt.add_param_group({"params": [b], "rho": 0.3})
    assert len(opt.base_optimizer.param_groups) == 2 and opt.param_groups[1]["rho"] == 0.3
    with pytest.raises(ValueError, match=r"rho must be a number > 0, got -1"):
        opt.add_param_group({"params": [torch.nn.Parameter(torch.ones(1))], "rho": -1})


def test_by_name():
    opt = do.create("SAM", [torch.nn.Parameter(torch.ones(2))], base="adamw", rho=0.1, lr=0.01)
    assert type(opt) is do.SAM and type(opt.base_optimizer) is do.AdamW
    assert opt.defaults["lr"] == 0.01 and opt.defaults["rho"] == 0.1


def test_the_rules_by_name_come_through_a_public_hook():
    w = torch.nn.Parameter(torch.ones(2))
    try:
        do.SAM.use_rules({"mine": do.Adagrad}.get)
        assert type(do.SAM([w], base="mine").base_optimizer) is do.Adagrad
    finally:
        do.SAM.use_rules(do.get)
    assert type(do.SAM([w], base="adamw").base_optimizer) is do.AdamW


def test_step_without_closure_says_what_it_needs():
    opt = do.SAM([torch.nn.Parameter(torch.ones(2))])
    with pytest.raises(RuntimeError, match=r"two gradients per step.*opt\.step\(closure\)"):
        opt.step()
    with pytest.raises(RuntimeError, match=r"two gradients per step"):
        do.step_unhooked(opt)


@pytest.mark.parametrize(
    ("kwargs", "error", "shown"),
    [
        (dict(rho=0.0), ValueError, "rho must be a number > 0, got 0.0"),
        (
            dict(base="lbfgs"),
            ValueError,
            "base must be an optimizer that steps with the gradient it is given, got LBFGS",
        ),
        (dict(base=42), ValueError, "base must be an optimizer name or a torch.optim.Optimizer class, got 42"),
        (dict(base="adma"), ValueError, "unknown optimizer 'adma'"),
        (dict(base="sgd", moment=0.9), TypeError, "moment"),
        # The SAM reference code's keywords (torch's words were "SGD.__init__() got an
        # unexpected keyword argument 'base_optimizer'").
        (
            dict(base_optimizer=torch.optim.SGD, lr=0.1),
            TypeError,
            "SAM got base_optimizer=<class 'torch.optim.sgd.SGD'>: SAM takes its base optimizer as base=",
        ),
        (dict(adaptive=True, lr=0.1), TypeError, "SAM got adaptive=True: SAM has no adaptive (ASAM"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, shown):
    with pytest.raises(error) as caught:
        do.SAM([torch.nn.Parameter(torch.ones(2))], **kwargs)
    assert shown in str(caught.value)


def test_the_reference_codes_adaptive_false_is_sam_itself():
    w = torch.nn.Parameter(torch.ones(2))
    assert do.SAM([w], base=torch.optim.SGD, lr=0.1, adaptive=False).base_optimizer.defaults["lr"] == 0.1


@pytest.mark.parametrize("base", ["adam", torch.optim.SGD], ids=["descend-adam", "torch-SGD"])
def test_maximize_mirrors_minimize(base):
    start, loss = problem()
    runs = []
    for maximize in (False, True):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        opt = do.SAM(params, base=base, rho=0.1, lr=0.01, maximize=maximize)
        objective = (lambda ps: -loss(ps)) if maximize else loss
        for _ in range(5):
            opt.step(closure_for(params, objective))
        runs.append(params)
    for p, q in zip(*runs):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12)
