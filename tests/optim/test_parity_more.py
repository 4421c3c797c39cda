"""Adamax, ASGD, Rprop and Adafactor against ``torch.optim`` step by step, to the last ulps.

Written with the same tensor operations in the same order as torch.optim's multi-tensor
(``foreach=True``) implementations, descend's iterates and state agree with torch's exactly;
the tolerance below leaves room for a few ulps, not for a different rule. (Torch's own
for-loop implementations of ASGD and Adafactor round differently from its foreach ones.)
Each case trains both in lockstep for many steps, with two param groups (different lr),
parameters of three shapes (a matrix, a vector, a 3-D tensor) and a fresh batch every step.
"""

from __future__ import annotations

import functools

import pytest
import torch
from test_parity import SHAPES, STEPS, assert_same_run, loss

import descend.optim as do

ULPS = 4
DTYPES = pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
T = torch.optim


def foreach(theirs):
    """torch's multi-tensor implementation (on the CPU, torch's default is its for-loop)."""
    return functools.partial(theirs, foreach=True)


def case(ours, theirs, **hyper):
    name = "-".join([ours.__name__, *(key for key in hyper if key != "lr")])
    return pytest.param(ours, foreach(theirs), hyper, id=name)


CASES = [
    case(do.Adamax, T.Adamax, lr=0.01),
    case(do.Adamax, T.Adamax, lr=0.01, betas=(0.8, 0.9)),
    case(do.Adamax, T.Adamax, lr=0.01, eps=1e-16),
    case(do.Adamax, T.Adamax, lr=0.01, weight_decay=0.1),
    case(do.Adamax, T.Adamax, lr=0.01, weight_decay=0.1, maximize=True),
    case(do.ASGD, T.ASGD, lr=0.01),  # t0 = 1e6: the average is the iterate
    case(do.ASGD, T.ASGD, lr=0.01, t0=20),  # averaging starts at step 20
    case(do.ASGD, T.ASGD, lr=0.01, t0=20, lambd=0.01, alpha=0.5),
    case(do.ASGD, T.ASGD, lr=0.01, t0=20, weight_decay=0.1),
    case(do.ASGD, T.ASGD, lr=0.01, t0=20, weight_decay=0.1, maximize=True),
    case(do.Rprop, T.Rprop, lr=0.01),
    case(do.Rprop, T.Rprop, lr=0.01, etas=(0.3, 1.5)),
    case(do.Rprop, T.Rprop, lr=0.01, step_sizes=(1e-3, 0.012)),  # both bounds are reached
    case(do.Rprop, T.Rprop, lr=0.01, maximize=True),
    case(do.Adafactor, T.Adafactor, lr=0.01),
    case(do.Adafactor, T.Adafactor, lr=0.01, beta2_decay=-0.5),
    case(do.Adafactor, T.Adafactor, lr=0.01, eps=(1e-6, 0.1)),
    case(do.Adafactor, T.Adafactor, lr=0.01, d=1.5),
    case(do.Adafactor, T.Adafactor, lr=0.01, weight_decay=0.1),
    case(do.Adafactor, T.Adafactor, lr=0.01, weight_decay=0.1, maximize=True),
]


def train_in_lockstep(make_ours, make_reference, hyper, dtype, steps=STEPS):
    gen = torch.Generator().manual_seed(0)
    start = [torch.randn(shape, generator=gen, dtype=dtype) for shape in SHAPES]
    runs = []
    for make in (make_ours, make_reference):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        groups = [{"params": params[:2]}, {"params": params[2:], "lr": hyper["lr"] / 2}]
        runs.append((params, make(groups, **hyper)))
    tol = ULPS * torch.finfo(dtype).eps
    for _ in range(steps):
        batch = [
            (torch.randn(shape, generator=gen, dtype=dtype), torch.randn(shape, generator=gen, dtype=dtype))
            for shape in SHAPES
        ]
        for params, opt in runs:
            opt.zero_grad()
            loss(params, batch).backward()
            opt.step()
        assert_same_run(*runs, rtol=tol, atol=tol)
    return runs


@DTYPES
@pytest.mark.parametrize(("ours", "theirs", "hyper"), CASES)
def test_matches_torch_optim_to_the_last_ulps(ours, theirs, hyper, dtype):
    (params, _), _ = train_in_lockstep(ours, theirs, hyper, dtype)
    assert all(p.isfinite().all() for p in params)


def test_the_cases_take_every_branch():
    """ASGD's average moves away from the iterate after t0; Rprop hits both step-size bounds;
    Adafactor clips some updates (and factors the matrices: their state is a row and a column)."""
    (params, opt), _ = train_in_lockstep(do.ASGD, foreach(T.ASGD), dict(lr=0.01, t0=20), torch.float64)
    assert not torch.equal(params[0], opt.state[params[0]]["ax"])
    (params, opt), _ = train_in_lockstep(
        do.Rprop, foreach(T.Rprop), dict(lr=0.01, step_sizes=(1e-3, 0.012)), torch.float64
    )
    sizes = torch.cat([opt.state[p]["step_size"].flatten() for p in params])
    assert sizes.min() == 1e-3 and sizes.max() == 0.012
    (params, opt), _ = train_in_lockstep(do.Adafactor, foreach(T.Adafactor), dict(lr=0.01), torch.float64, steps=1)
    assert opt.state[params[0]]["row_var"].shape == (7, 1) and opt.state[params[0]]["col_var"].shape == (1, 3)
    assert opt.state[params[2]]["row_var"].shape == (2, 4, 1) and "variance" in opt.state[params[1]]


def test_adafactor_clips_large_updates():
    # One step on a matrix whose gradient has one large entry: RMS(U) > d, so the step is
    # alpha * U / (RMS(U) / d), smaller than the unclipped alpha * U.
    theta = [torch.ones(4, 4, dtype=torch.float64)]
    g = torch.full((4, 4), 1e-3, dtype=torch.float64)
    g[0, 0] = 1.0
    R, C = [torch.zeros(4, 1, dtype=torch.float64)], [torch.zeros(1, 4, dtype=torch.float64)]
    do.adafactor(theta, [g], R, C, [None], t=1, lr=0.01, beta2_decay=-0.8, eps1=None, eps2=1e-3, d=1.0)
    U = g / (R[0] @ C[0] / R[0].mean()).sqrt()
    rms_U = U.square().mean().sqrt()
    assert rms_U > 1
    torch.testing.assert_close(theta[0], 1 - 0.01 * U / rms_U)


def test_adafactor_steps_an_empty_parameter_beside_the_others():
    """Was ZeroDivisionError from its RMS (as torch.optim.Adafactor's): a zero-width layer
    stopped the whole step; now it has nothing to update, and the others step as torch's."""
    shapes = [(0, 3), (0,), (3, 0), (2, 3)]
    ours = [torch.nn.Parameter(torch.ones(s)) for s in shapes]
    theirs = torch.nn.Parameter(torch.ones(2, 3))
    for p in [*ours, theirs]:
        p.grad = torch.linspace(-1, 1, p.numel()).reshape(p.shape)
    opt = do.Adafactor(ours, lr=0.01)
    opt.step()
    torch.optim.Adafactor([theirs], lr=0.01).step()
    assert torch.equal(ours[3], theirs)
    assert all(torch.isfinite(v).all() for state in opt.state.values() for v in state.values())


# -- bad input: one clear error naming the value and what is allowed -------------------------

BAD = [
    (do.Adamax, dict(betas=(0.9, 1.0)), r"betas\[1\] must be a number in \[0, 1\), got 1\.0"),
    (do.Adamax, dict(eps=-1e-8), r"eps must be a number > 0, got -1e-08"),
    (do.ASGD, dict(lambd=-0.1), r"lambd must be a number >= 0, got -0\.1"),
    (do.ASGD, dict(t0=float("nan")), r"t0 must be a finite number, got nan"),
    (do.ASGD, dict(weight_decay=-0.5), r"weight_decay must be a number >= 0, got -0\.5"),
    (do.Rprop, dict(etas=(1.0, 0.5)), r"etas must be a pair .* 0 < eta_minus < 1 < eta_plus, got \(1\.0, 0\.5\)"),
    (do.Rprop, dict(etas=0.5), r"etas must be a pair .*got 0\.5"),
    (do.Rprop, dict(step_sizes=(1.0, 0.1)), r"step_sizes must be a pair \(min, max\) .*got \(1\.0, 0\.1\)"),
    (do.Rprop, dict(step_sizes=(-1.0, 0.1)), r"step_sizes\[0\] must be a number >= 0, got -1\.0"),
    (do.Adafactor, dict(beta2_decay=0.5), r"beta2_decay must be a number <= 0, got 0\.5"),
    (do.Adafactor, dict(eps=(-1e-30, 1e-3)), r"eps\[0\] \(epsilon1\) must be a number > 0, got -1e-30"),
    (do.Adafactor, dict(eps=(None, -1.0)), r"eps\[1\] \(epsilon2\) must be a number >= 0, got -1\.0"),
    (do.Adafactor, dict(eps=1e-3), r"eps must be a pair \(epsilon1 or None, epsilon2\), got 0\.001"),
    (do.Adafactor, dict(d=0.5), r"d \(the clipping threshold\) must be a number >= 1, got 0\.5"),
]


@pytest.mark.parametrize(("cls", "hyper", "message"), BAD, ids=lambda v: getattr(v, "__name__", None))
def test_bad_hyper_parameter_is_named_with_what_is_allowed(cls, hyper, message):
    with pytest.raises(ValueError, match=message):
        cls([torch.nn.Parameter(torch.ones(2))], **hyper)


def test_adafactor_rejects_complex_parameters_as_torch():
    p = torch.nn.Parameter(torch.ones(2, 3, dtype=torch.complex64))
    p.grad = torch.ones_like(p)
    with pytest.raises(RuntimeError, match="Adafactor does not support complex parameters"):
        do.Adafactor([p]).step()


@pytest.mark.parametrize("cls", [do.Adamax, do.ASGD, do.Rprop, do.Adafactor], ids=lambda c: c.__name__)
def test_sparse_gradients_are_rejected(cls):
    p = torch.nn.Parameter(torch.ones(3, 2))
    p.grad = torch.sparse_coo_tensor([[0]], torch.ones(1, 2), (3, 2), check_invariants=True)
    with pytest.raises(RuntimeError, match=f"{cls.__name__} does not support sparse gradients"):
        cls([p]).step()
