"""attach(): the adapter sets every param group's lr and keeps their ratios (also for a group added
mid-run, as torch's StepLR does), the updates use those rates, and a bad optimizer, schedule or
metric gets one clear error."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as L

import descend.optim as do
from _schedules import our_lrs, torch_lrs, two_groups
from descend import schedules as S
from descend.schedules import attach, constant, cosine, exponential_decay, plateau, step_decay, values, warmup


@pytest.mark.parametrize("cls", [do.SGD, torch.optim.Adam], ids=lambda c: c.__module__)
def test_adapter_drives_two_param_groups(cls):
    """Group 0 follows the schedule, group 1 keeps its initial ratio 1/4; the lrs match torch's
    own CosineAnnealingLR (which scales each group's base lr) on the same optimizer."""
    sched = cosine(0.1, total_steps=10)
    ours = our_lrs(sched, 11, opt=two_groups(cls))
    assert ours == [[lr, lr * 0.25] for lr in values(sched, 11)]
    theirs = torch_lrs(lambda o: L.CosineAnnealingLR(o, T_max=10), 11)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-300)


def test_adapter_lrs_are_the_ones_the_updates_use():
    w = torch.nn.Parameter(torch.zeros(1))
    opt = do.SGD([w], lr=1.0)
    sched = warmup(3, exponential_decay(0.5, 0.5), start_factor=0.5)
    adapter = attach(opt, sched)
    for _ in range(8):
        w.grad = torch.ones(1)
        opt.step()
        adapter.step()
    assert w.item() == pytest.approx(-sum(values(sched, 8)), rel=1e-6)


def test_adapter_errors():
    opt = two_groups()
    with pytest.raises(TypeError, match="step-driven schedule and takes no metric"):
        attach(opt, constant(0.1)).observe(1.0)
    with pytest.raises(TypeError, match="schedule must be a Schedule or a number"):
        attach(opt, lambda t: 0.1)
    adapter = attach(opt, constant(0.1))
    opt.param_groups.pop()
    with pytest.raises(RuntimeError, match="1 param groups, the adapter was built for 2"):
        adapter.step()
    zero = torch.optim.SGD(
        [
            {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.0},
            {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.1},
        ]
    )
    with pytest.raises(ValueError, match="first param group's initial lr must be > 0.*got 0.0"):
        attach(zero, constant(0.1))


NOT_AN_OPTIMIZER = r"optimizer must be a torch\.optim\.Optimizer \(or anything whose param_groups"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: attach(None, constant(0.1)), TypeError, NOT_AN_OPTIMIZER + r".*got None \(NoneType\)"),
        (
            lambda: attach(torch.nn.Linear(2, 1), constant(0.1)),
            TypeError,
            NOT_AN_OPTIMIZER + r".*got Linear\(.*\) \(Linear\)",
        ),
        (
            lambda: attach(constant(0.1), two_groups()),
            TypeError,
            NOT_AN_OPTIMIZER + r".*got constant\(lr=0\.1\) \(Schedule\)",
        ),
        (lambda: S.for_run("cosine", torch.nn.Linear(2, 1), 10), TypeError, NOT_AN_OPTIMIZER + r".*\(Linear\)"),
        (
            lambda: plateau(0.1).observe("x"),
            TypeError,
            r"metric must be a real number or a one-element tensor, got 'x' \(str\)",
        ),
        (
            lambda: plateau(0.1).observe(None),
            TypeError,
            r"metric must be a real number or a one-element tensor, got None \(NoneType\)",
        ),
        (
            lambda: plateau(0.1).observe(True),
            TypeError,
            r"metric must be a real number or a one-element tensor, got True \(bool\)",
        ),
        (
            lambda: plateau(0.1).observe(torch.tensor([1.0, 2.0])),
            TypeError,
            r"metric must be a real number or a one-element tensor, got tensor\(\[1\., 2\.\]\)",
        ),
        (
            lambda: attach(two_groups(), plateau(0.1)).observe("loss"),
            TypeError,
            r"metric must be a real number or a one-element tensor, got 'loss' \(str\)",
        ),
    ],
)
def test_adapter_and_plateau_input_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_param_group_added_mid_run_follows_the_schedule_as_under_torch_steplr():
    """Was: RuntimeError "the optimizer has 2 param groups, the adapter was built for 1: attach
    the schedule again", and attaching again started the schedule over at update 0."""
    ours = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    theirs = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    adapter, steplr = attach(ours, step_decay(0.1, 2, 0.5)), torch.optim.lr_scheduler.StepLR(theirs, 2, 0.5)
    for update in range(7):
        if update == 3:
            for opt in (ours, theirs):
                opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.5})
        assert [g["lr"] for g in ours.param_groups] == pytest.approx([g["lr"] for g in theirs.param_groups])
        ours.step(), adapter.step(), theirs.step(), steplr.step()
    assert [g["lr"] for g in ours.param_groups] == pytest.approx([0.0125, 0.125])


def test_a_param_group_added_where_the_first_groups_lr_is_zero_needs_its_initial_lr():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    adapter = attach(opt, warmup(2, then=0.1))  # lr 0 at update 1
    opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.5})
    with pytest.raises(
        ValueError,
        match=r"added mid-run cannot be scaled by the first group's lr, which is 0.0 now: give the new group an 'initial_lr' \(to be scaled as the first group's, 1.0\)",
    ):
        adapter.step()
    opt.param_groups[1]["initial_lr"] = 2.0  # twice the first group's (1.0)
    adapter.step()
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([0.05, 0.1])


def test_a_tensor_lr_keeps_its_initial_lr_apart_as_torch_schedulers_do():
    """The adapter recorded the tensor itself as the group's initial_lr, so setting the lr in
    place moved it too: after a cosine to 0, a schedule name sized from it started at 0 (torch's
    schedulers record a clone)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=torch.tensor(0.1, dtype=torch.float64))
    adapter = attach(opt, cosine(0.1, total_steps=4))
    for _ in range(4):
        opt.step()
        adapter.step()
    assert (float(opt.param_groups[0]["lr"]), float(opt.param_groups[0]["initial_lr"])) == (0.0, 0.1)
    assert S.for_run("cosine", opt, 10).last_lr == [0.1]


def test_a_function_of_the_step_is_named_with_how_to_wrap_it():
    """The package calls a schedule "a callable schedule(step) -> lr": attach(opt, lambda t: ...)
    said only "schedule must be a Schedule or a number"."""
    with pytest.raises(
        TypeError,
        match=r"^schedule must be a Schedule or a number, got <function .*> \(a function of the step, step -> lr, "
        r"is a schedule once wrapped: descend.schedules.Schedule\('mine', fn\)\)$",
    ):
        attach(two_groups(), lambda t: 0.1 * 0.5**t)
    wrapped = attach(two_groups(), S.Schedule("mine", lambda t: 0.1 * 0.5**t))
    assert wrapped.last_lr == [0.1, 0.1 * 0.25]
