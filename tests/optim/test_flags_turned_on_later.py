"""A flag that adds state (Adam's ``amsgrad``, RMSprop's ``centered`` and ``momentum``) turned
on in a group after steps were taken applies from the next step, its state starting at zero."""

import copy

import pytest
import torch

from descend import optim


def _steps(opt, w, grads):
    for g in grads:
        w.grad = torch.tensor([g])
        opt.step()


@pytest.mark.parametrize("cls", [optim.Adam, optim.AdamW])
def test_amsgrad_turned_on_after_steps_keeps_the_largest_second_moment(cls):
    w = torch.nn.Parameter(torch.tensor([1.0]))
    opt = cls([w], lr=0.1)
    _steps(opt, w, [1.0])
    plain_w = copy.deepcopy(w)
    plain = cls([plain_w], lr=0.1)
    plain.load_state_dict(copy.deepcopy(opt.state_dict()))  # loading shares the state's tensors
    opt.param_groups[0]["amsgrad"] = True

    _steps(opt, w, [10.0, 0.1, 0.1])
    _steps(plain, plain_w, [10.0, 0.1, 0.1])
    state = opt.state[w]
    # The maximum since amsgrad was turned on: the second moment after the gradient of 10.
    largest = 0.999 * (0.001 * 1.0**2) + 0.001 * 10.0**2
    assert state["max_exp_avg_sq"].item() == pytest.approx(largest, rel=1e-6)
    assert state["exp_avg_sq"].item() < state["max_exp_avg_sq"].item()
    assert w.item() != pytest.approx(plain_w.item(), rel=1e-6)  # smaller steps than plain Adam's


@pytest.mark.parametrize("flags", [{"centered": True}, {"momentum": 0.5}, {"centered": True, "momentum": 0.5}])
def test_rmsprop_centered_or_momentum_turned_on_after_steps_starts_from_zero(flags):
    w = torch.nn.Parameter(torch.tensor([1.0]))
    opt = optim.RMSprop([w], lr=0.1, alpha=0.9)
    _steps(opt, w, [1.0])
    opt.param_groups[0].update(flags)
    before = w.item()
    _steps(opt, w, [2.0])

    state = opt.state[w]
    square_avg = 0.9 * (0.1 * 1.0) + 0.1 * 4.0
    assert state["square_avg"].item() == pytest.approx(square_avg)
    grad_avg = 0.1 * 2.0 if flags.get("centered") else 0.0
    if "centered" in flags:
        assert state["grad_avg"].item() == pytest.approx(grad_avg)  # 0.9 * 0 + 0.1 * g
    step = 2.0 / ((square_avg - grad_avg**2) ** 0.5 + 1e-8)
    if "momentum" in flags:
        assert state["momentum_buffer"].item() == pytest.approx(step)  # 0.5 * 0 + the step
    assert before - w.item() == pytest.approx(0.1 * step)
