"""``fused=True`` compiles each rule's own step with ``torch.compile``: over 50 steps, every
rule (and the variants that take other branches of its code) must land where the eager step
lands."""

from __future__ import annotations

import inspect

import pytest
import torch

import descend.optim as do

from _steps import fresh_params, train

# Each rule at a learning rate that moves the weights over 50 steps without blowing up; the
# variants switch on the branches (momentum, Nesterov, AMSGrad, centred, decay) of the code.
CASES = [
    pytest.param(do.GD, dict(lr=0.02), id="GD"),
    pytest.param(do.SGD, dict(lr=0.02), id="SGD"),
    pytest.param(do.SGD, dict(lr=0.02, momentum=0.9, dampening=0.1, weight_decay=0.01), id="SGD-momentum"),
    pytest.param(do.SGD, dict(lr=0.02, momentum=0.9, nesterov=True), id="SGD-nesterov"),
    pytest.param(do.Adagrad, dict(lr=0.05, lr_decay=0.01, weight_decay=0.01), id="Adagrad"),
    pytest.param(do.RMSprop, dict(lr=0.005), id="RMSprop"),
    pytest.param(
        do.RMSprop, dict(lr=0.005, centered=True, momentum=0.5, weight_decay=0.01), id="RMSprop-centered-momentum"
    ),
    pytest.param(do.Adadelta, dict(lr=1.0, weight_decay=0.01), id="Adadelta"),
    pytest.param(do.Adam, dict(lr=0.01), id="Adam"),
    pytest.param(do.Adam, dict(lr=0.01, amsgrad=True, weight_decay=0.01), id="Adam-amsgrad"),
    pytest.param(do.AdamW, dict(lr=0.01, weight_decay=0.1), id="AdamW"),
    pytest.param(do.NAdam, dict(lr=0.01, weight_decay=0.01), id="NAdam"),
    pytest.param(do.RAdam, dict(lr=0.01, weight_decay=0.01), id="RAdam"),
    pytest.param(do.Lion, dict(lr=0.001, weight_decay=0.1), id="Lion"),
    pytest.param(do.ScheduleFreeAdamW, dict(lr=0.02, weight_decay=0.1, warmup_steps=3), id="ScheduleFreeAdamW"),
    pytest.param(do.Prodigy, dict(weight_decay=0.1, use_bias_correction=True), id="Prodigy"),
    pytest.param(do.Adamax, dict(lr=0.01, weight_decay=0.01), id="Adamax"),
    pytest.param(do.ASGD, dict(lr=0.01, t0=20, lambd=0.01, weight_decay=0.01), id="ASGD"),
    pytest.param(do.Rprop, dict(lr=0.01, step_sizes=(1e-4, 0.05)), id="Rprop"),
    pytest.param(do.LARS, dict(lr=1.0, weight_decay=0.01, trust_coefficient=0.01), id="LARS"),
    pytest.param(do.LAMB, dict(lr=0.01, weight_decay=0.01), id="LAMB"),
]
STEPS = 50


def test_every_rule_is_covered():
    covered = {p.values[0] for p in CASES}
    rules = {c for c in vars(do).values() if isinstance(c, type) and issubclass(c, torch.optim.Optimizer)}
    # Adafactor and SparseAdam offer no fused=True (it would not pay; torch has none either).
    rules = {c for c in rules if "fused" in inspect.signature(c).parameters}
    assert rules - covered == set()


@pytest.mark.slow
@pytest.mark.parametrize(("cls", "hyper"), CASES)
def test_fused_matches_eager_over_50_steps(cls, hyper):
    runs = []
    for fused in (False, True):
        params = fresh_params()
        start = [p.detach().clone() for p in params]
        opt = cls(params, fused=fused, **hyper)
        train(opt, params, STEPS)
        if hasattr(opt, "eval"):  # schedule-free: compare at the evaluation point
            opt.eval()
        runs.append(params)
    assert any(not torch.equal(p, s) for p, s in zip(runs[0], start)), "the eager run did not move"
    for p, q in zip(*runs):
        torch.testing.assert_close(q, p, rtol=1e-5, atol=1e-6)


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize(("cls", "hyper"), [c for c in CASES if c.id in ("SGD-momentum", "Adam", "AdamW", "Lion")])
def test_fused_matches_eager_on_cuda(cls, hyper):
    """On a GPU torch.compile writes Triton kernels for the step: the same run as eager's."""
    runs = []
    for fused in (False, True):
        params = fresh_params("cuda")
        opt = cls(params, fused=fused, **hyper)
        train(opt, params, STEPS)
        runs.append(params)
    for p, q in zip(*runs):
        torch.testing.assert_close(q, p, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("cls", "hyper"), [c for c in CASES if c.id in ("SGD-momentum", "Adam-amsgrad", "NAdam", "ASGD", "Prodigy")]
)
@pytest.mark.parametrize("fused", [False, True], ids=["eager-rule", "fused-rule"])
def test_torch_compile_of_step_runs_it_as_step_does_without_graphs(cls, hyper, fused):
    """torch.compile(opt.step), torch's recipe for a compiled optimizer step: descend's step
    reads its step count as a Python number, on which each graph specialised (a new graph
    every step until torch's limit of 8, then eager with warnings); the step now runs
    outside the graph (fused=True compiles the rule itself), the same run as step()."""
    graphs = []

    def backend(gm, example_inputs):
        graphs.append(gm)
        return gm.forward

    torch.compiler.reset()
    runs = []
    for compiled in (False, True):
        params = fresh_params()
        opt = cls(params, fused=fused, **hyper)
        step = torch.compile(opt.step, backend=backend) if compiled else opt.step
        for k in range(12):
            opt.zero_grad()
            sum(((p - k / 10) ** 2).sum() for p in params).backward()
            step()
        runs.append(params)
    assert graphs == []
    for p, q in zip(*runs):
        torch.testing.assert_close(q, p, rtol=0, atol=0)
