"""The rule's columns of a reading row (threshold_lr, gain, preconditioned, base_lr): what the
doctor, the plots and the report read instead of guessing the rule from threshold · lr."""

from __future__ import annotations

import math

import pytest
import torch

import descend as ds
from descend.instruments import COLUMNS, Instruments
from descend.instruments.thresholds import rule_columns, rule_of_row, stability_rule


def _stepped(opt_class, steps=2, **kw):
    w = torch.nn.Parameter(torch.ones(3))
    opt = opt_class([w], **kw)
    for _ in range(steps):
        opt.zero_grad()
        (w**2).sum().backward()
        opt.step()
    return opt


@pytest.mark.parametrize(
    ("opt_class", "kw", "c", "gain", "preconditioned"),
    [
        (torch.optim.SGD, {"lr": 0.1}, 2.0, 1.0, False),
        (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}, 3.8, 19.0, False),
        # Nesterov: threshold (2+2β)/((1+2β)lr), effective rate lr/(1-β)
        (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}, 3.8 / 2.8, 1.9 / (0.1 * 2.8), False),
        # dampening τ: threshold (2+2β)/((1-τ)lr), effective rate (1-τ)lr/(1-β): heavy ball's gain
        (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, 7.6, 19.0, False),
        (ds.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}, 3.8 / 2.8, 1.9 / (0.1 * 2.8), False),
        (torch.optim.Adam, {"lr": 0.01}, 38.0, 19.0, True),
        (torch.optim.RMSprop, {"lr": 0.01}, 2.0, 1.0, True),
        (torch.optim.RMSprop, {"lr": 0.01, "momentum": 0.5}, 3.0, 3.0, True),
        # Adagrad's lr_decay: the rate of step t is lr/(1+(t-1) decay), no momentum
        (torch.optim.Adagrad, {"lr": 0.1, "lr_decay": 0.5}, 3.0, 1.0, True),
    ],
)
def test_the_rule_columns_of_each_family(opt_class, kw, c, gain, preconditioned):
    row = rule_columns(stability_rule(_stepped(opt_class, **kw)))
    assert row["threshold_lr"] == pytest.approx(c) and row["gain"] == pytest.approx(gain)
    assert row["preconditioned"] is preconditioned and row["base_lr"] == kw["lr"]


def test_the_base_rate_is_the_one_before_a_schedule():
    w = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.SGD([w], lr=1.0)
    schedule = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.1)
    (w**2).sum().backward()
    opt.step()
    schedule.step()
    row = rule_columns(stability_rule(opt))
    assert row["base_lr"] == 1.0 and row["threshold_lr"] == pytest.approx(2.0)
    assert stability_rule(opt).lr == pytest.approx(0.1)


def test_rows_without_the_columns_fall_back_to_the_guess_from_threshold_times_lr():
    assert rule_of_row({}, 2.0) == (2.0, 1.0, False)
    assert rule_of_row({}, 3.8) == (3.8, 19.0, False)
    assert rule_of_row({}, 38.0) == (38.0, 19.0, True)
    assert math.isnan(rule_of_row({})[0])


def test_the_sampler_and_minimize_record_the_columns():
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    x, y = torch.randn(16, 2), torch.randn(16)
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    inst = Instruments(model, mse, (x, y), optimizer=opt, every=1)
    opt.zero_grad()
    mse(model(x), y).backward()
    opt.step()
    row = inst.after_step()
    assert list(row) == list(COLUMNS) and row["gain"] == pytest.approx(1.9 / 0.28)
    quad = ds.functions.quadratic(10.0)
    res = ds.minimize(quad, quad.start, optimizer="momentum", lr=0.01, max_iter=20)
    rows = res.history.instruments
    assert rows and all(set(COLUMNS) <= set(r) for r in rows)
    assert rows[0]["threshold_lr"] == pytest.approx(3.8) and rows[0]["gain"] == pytest.approx(19.0)
    assert rows[0]["base_lr"] == 0.01 and rows[0]["preconditioned"] is False
