"""Every descend rule against a reference, one configuration per option, in the style of
optax's ``alias_test``: the rules with a ``torch.optim`` counterpart against it (foreach
implementation), Lion against its published update rule written out one tensor at a time.

Each case trains both on the same problem in lockstep, with two param groups (different lr)
and a fresh random mini-batch every step, and compares parameters and state after every step.
"""

from __future__ import annotations

import functools

import pytest
import torch

import descend.optim as do

STEPS = 120
SHAPES = [(7, 3), (3,), (2, 4, 5)]
RTOL = {torch.float32: 1e-5, torch.float64: 1e-10}
DTYPES = pytest.mark.parametrize("dtype", RTOL, ids=str)


def case(ours, theirs, **hyper):
    """``ours`` against ``theirs`` (torch.optim's foreach implementation), both given ``hyper``."""
    name = "-".join([ours.__name__, *(key for key in hyper if key != "lr")])
    return pytest.param(ours, functools.partial(theirs, foreach=True), hyper, id=name)


T = torch.optim
TORCH_CASES = [
    case(do.GD, T.SGD, lr=0.02),  # torch's SGD with its default momentum=0
    case(do.GD, T.SGD, lr=0.02, weight_decay=0.1),
    case(do.SGD, T.SGD, lr=0.02),
    case(do.SGD, T.SGD, lr=0.02, momentum=0.9),
    case(do.SGD, T.SGD, lr=0.02, momentum=0.9, dampening=0.3),
    case(do.SGD, T.SGD, lr=0.02, momentum=0.9, nesterov=True),
    case(do.SGD, T.SGD, lr=0.02, momentum=0.9, weight_decay=0.1),
    case(do.SGD, T.SGD, lr=0.02, momentum=0.9, maximize=True),
    case(do.Adagrad, T.Adagrad, lr=0.1),
    case(do.Adagrad, T.Adagrad, lr=0.1, lr_decay=0.01),
    case(do.Adagrad, T.Adagrad, lr=0.1, initial_accumulator_value=0.5),
    case(do.Adagrad, T.Adagrad, lr=0.1, weight_decay=0.1),
    case(do.RMSprop, T.RMSprop, lr=0.01),
    case(do.RMSprop, T.RMSprop, lr=0.01, centered=True),
    case(do.RMSprop, T.RMSprop, lr=0.01, momentum=0.9),
    case(do.RMSprop, T.RMSprop, lr=0.01, centered=True, momentum=0.9),
    case(do.RMSprop, T.RMSprop, lr=0.01, weight_decay=0.1),
    case(do.Adadelta, T.Adadelta, lr=1.0),
    case(do.Adadelta, T.Adadelta, lr=1.0, weight_decay=0.1),
    case(do.Adam, T.Adam, lr=0.01),
    case(do.Adam, T.Adam, lr=0.01, amsgrad=True),
    case(do.Adam, T.Adam, lr=0.01, weight_decay=0.1),
    case(do.Adam, T.Adam, lr=0.01, maximize=True),
    case(do.AdamW, T.AdamW, lr=0.01),
    case(do.AdamW, T.AdamW, lr=0.01, amsgrad=True),
    case(do.NAdam, T.NAdam, lr=0.01),
    case(do.NAdam, T.NAdam, lr=0.01, momentum_decay=0.02),
    case(do.NAdam, T.NAdam, lr=0.01, weight_decay=0.1),
    case(do.NAdam, T.NAdam, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    case(do.RAdam, T.RAdam, lr=0.01),
    case(do.RAdam, T.RAdam, lr=0.01, weight_decay=0.1),
    case(do.RAdam, T.RAdam, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    case(do.RAdam, T.RAdam, lr=0.01, betas=(0.9, 0.9)),
]


class LionReference(torch.optim.Optimizer):
    """Lion as published (Chen et al., 2023, Algorithm 2), one tensor at a time."""

    def __init__(self, params, lr, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2, lr = *group["betas"], group["lr"]
            for p in group["params"]:
                m = self.state[p].setdefault("exp_avg", torch.zeros_like(p))
                c = beta1 * m + (1 - beta1) * p.grad
                p.sub_(lr * (c.sign() + group["weight_decay"] * p))
                m.copy_(beta2 * m + (1 - beta2) * p.grad)


def loss(params, batch):
    return sum(((a * p).sin() - b).square().sum() for p, (a, b) in zip(params, batch))


def train_in_lockstep(make_ours, make_reference, hyper, dtype, atol=0.0, device="cpu", rtol=None):
    """Train both optimizers on the same problem; compare after every step."""
    gen = torch.Generator().manual_seed(0)
    start = [torch.randn(shape, generator=gen, dtype=dtype).to(device) for shape in SHAPES]
    runs = []
    for make in (make_ours, make_reference):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        groups = [{"params": params[:2]}, {"params": params[2:], "lr": hyper["lr"] / 2}]
        runs.append((params, make(groups, **hyper)))
    for _ in range(STEPS):
        batch = [
            (
                torch.randn(shape, generator=gen, dtype=dtype).to(device),
                torch.randn(shape, generator=gen, dtype=dtype).to(device),
            )
            for shape in SHAPES
        ]
        for params, opt in runs:
            opt.zero_grad()
            loss(params, batch).backward()
            opt.step()
        assert_same_run(*runs, rtol=RTOL[dtype] if rtol is None else rtol, atol=atol)


def assert_same_run(ours, reference, rtol, atol):
    """Same parameters, and every reference state tensor present in ours with the same value."""
    (our_params, our_opt), (ref_params, ref_opt) = ours, reference
    for p, q in zip(our_params, ref_params):
        torch.testing.assert_close(p, q, rtol=rtol, atol=atol)
        for key, expected in ref_opt.state[q].items():
            # torch's fused kernels keep the step count on the GPU; descend keeps it on the host.
            torch.testing.assert_close(our_opt.state[p][key], expected, rtol=rtol, atol=atol, check_device=False)


@DTYPES
@pytest.mark.parametrize(("ours", "theirs", "hyper"), TORCH_CASES)
def test_matches_torch_optim(ours, theirs, hyper, dtype):
    train_in_lockstep(ours, theirs, hyper, dtype)


@DTYPES
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_lion_matches_published_rule(weight_decay, dtype):
    # Written differently (lerp vs. multiply-add), the two round differently; the momentum's
    # entries that pass near zero need an absolute tolerance on the scale of the values (~1).
    hyper = dict(lr=1e-3, weight_decay=weight_decay)
    train_in_lockstep(do.Lion, LionReference, hyper, dtype, atol=RTOL[dtype])


NEEDS_CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.mark.cuda
@NEEDS_CUDA
@DTYPES
@pytest.mark.parametrize(("ours", "theirs", "hyper"), TORCH_CASES)
def test_matches_torch_optim_on_cuda(ours, theirs, hyper, dtype):
    # CUDA's foreach kernels contract a multiply and an add into one rounding (FMA) where the
    # rule's own ops round twice: float32 values of order 1 then differ by up to about 1e-7.
    atol = 1e-6 if dtype == torch.float32 else 0.0
    train_in_lockstep(ours, theirs, hyper, dtype, device="cuda", atol=atol)


# torch has fused CUDA kernels for these three (Adagrad's fused kernel is CPU-only). maximize
# climbs a loss without bound: rounding differences compound there (1e-4 after 120 steps
# against torch's fused CPU kernel), so the fused comparison leaves it to the foreach one.
FUSED_ON_CUDA = [
    c for c in TORCH_CASES if c.values[1].func in (T.SGD, T.Adam, T.AdamW) and not c.values[2].get("maximize")
]


@pytest.mark.cuda
@NEEDS_CUDA
@pytest.mark.parametrize(("ours", "theirs", "hyper"), FUSED_ON_CUDA)
def test_matches_torch_optims_fused_cuda_kernels(ours, theirs, hyper):
    """torch's fused CUDA kernels (one launch for every tensor) order their float32 arithmetic
    their own way: the same run to within a few float32 roundings per step, over 120 steps."""
    fused = functools.partial(theirs.func, fused=True)
    train_in_lockstep(ours, fused, hyper, torch.float32, device="cuda", rtol=1e-4, atol=1e-5)


def radam_rho(t, beta2):
    rho_inf = 2 / (1 - beta2) - 1
    return rho_inf - 2 * t * beta2**t / (1 - beta2**t)


@pytest.mark.parametrize(("ours", "theirs", "hyper"), [c for c in TORCH_CASES if c.values[0] is do.RAdam])
def test_radam_cases_cover_both_regimes(ours, theirs, hyper):
    """Each RAdam case takes un-rectified first steps (rho_t <= 5), then rectified ones."""
    beta2 = hyper.get("betas", (0.9, 0.999))[1]
    assert radam_rho(1, beta2) <= 5 < radam_rho(STEPS, beta2)
