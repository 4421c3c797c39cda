"""What the schedule tests share: the closed form of every schedule kind, an optimizer with two
param groups, the rates torch's schedulers and descend's adapter give it step by step, and a
plateau fed a run of metrics."""

from __future__ import annotations

import math

import torch

from descend.schedules import (
    attach,
    constant,
    cosine,
    exponential_decay,
    inverse_time,
    join,
    multistep_decay,
    one_cycle,
    step_decay,
    warmup,
)

pi, cos = math.pi, math.cos


CLOSED = {
    "constant": (constant(0.3), lambda t: 0.3),
    "step": (step_decay(0.2, step_size=3, gamma=0.5), lambda t: 0.2 * 0.5 ** (t // 3)),
    "multistep": (multistep_decay(0.2, [2, 5, 9], gamma=0.3), lambda t: 0.2 * 0.3 ** sum(t >= m for m in (2, 5, 9))),
    "exponential": (exponential_decay(0.2, gamma=0.9), lambda t: 0.2 * 0.9**t),
    "inverse_time": (inverse_time(0.2, power_t=0.3), lambda t: 0.2 / (t + 1) ** 0.3),
    "cosine": (cosine(0.2, total_steps=10, final_lr=0.01), lambda t: 0.01 + 0.19 * (1 + cos(pi * min(t, 10) / 10)) / 2),
    "warmup": (
        warmup(4, then=cosine(0.2, total_steps=10), start_factor=0.25),
        lambda t: 0.2 * (0.25 + 0.75 * t / 4) if t < 4 else 0.1 * (1 + cos(pi * min(t - 4, 10) / 10)),
    ),
    "join": (join([constant(0.3), exponential_decay(0.2, 0.5)], [3]), lambda t: 0.3 if t < 3 else 0.2 * 0.5 ** (t - 3)),
    # up over steps 0..3 (pct_start * total - 1 = 3), down over 3..9, then held
    "onecycle_linear": (
        one_cycle(1.0, 10, pct_start=0.4, anneal_strategy="linear", div_factor=4, final_div_factor=5),
        lambda t: 0.25 + 0.75 * t / 3 if t <= 3 else 1.0 + (0.05 - 1.0) * min(t - 3, 6) / 6,
    ),
    "onecycle_cos": (
        one_cycle(1.0, 10, pct_start=0.4, div_factor=4, final_div_factor=5),
        lambda t: (
            1.0 + (0.25 - 1.0) * (1 + cos(pi * t / 3)) / 2
            if t <= 3
            else 0.05 + (1.0 - 0.05) * (1 + cos(pi * min(t - 3, 6) / 6)) / 2
        ),
    ),
    "onecycle_three_phase": (
        one_cycle(1.0, 10, pct_start=0.2, anneal_strategy="linear", div_factor=4, final_div_factor=5, three_phase=True),
        lambda t: (
            0.25 + 0.75 * t
            if t <= 1
            else 1.0 - 0.75 * (t - 1) / 1
            if t <= 2
            else 0.25 + (0.05 - 0.25) * min(t - 2, 7) / 7
        ),
    ),
}


def two_groups(cls=torch.optim.SGD, lr=0.1):
    a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1))
    return cls([{"params": [a]}, {"params": [b], "lr": lr / 4}], lr=lr)


def torch_lrs(make, n, metrics=None):
    opt = two_groups()
    sched = make(opt)
    out = []
    for k in range(n):
        out.append([g["lr"] for g in opt.param_groups])
        opt.step()
        sched.step() if metrics is None else sched.step(metrics[k])
    return out


def our_lrs(schedule, n, metrics=None, opt=None):
    opt = opt or two_groups()
    adapter = attach(opt, schedule)
    out = []
    for k in range(n):
        out.append(list(adapter.last_lr))
        assert adapter.last_lr == [g["lr"] for g in opt.param_groups]
        opt.step()
        adapter.step()
        if metrics is not None:
            adapter.observe(metrics[k])
    return out


def observe_all(sched, metrics):
    for m in metrics:
        sched.observe(m)
    return sched
