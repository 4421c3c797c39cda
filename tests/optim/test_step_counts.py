"""The wrapper's step counts: one foreach add per group must give every parameter the step
number that counting them one by one gives, wherever the parameters' counts differ."""

from __future__ import annotations

import warnings

import pytest
import torch

import descend.optim as do
from descend.optim import step_unhooked
from descend.optim._optimizer import _count_steps


def _param(seed: int, n: int = 4) -> torch.nn.Parameter:
    return torch.nn.Parameter(torch.randn(n, generator=torch.Generator().manual_seed(seed)))


def _grad(p: torch.Tensor, seed: int) -> torch.Tensor:
    return torch.randn(p.shape, generator=torch.Generator().manual_seed(seed))


def test_a_parameter_listed_twice_is_stepped_twice_with_two_step_numbers():
    p, q = _param(0), _param(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns of the duplicate parameter
        twice = do.Adam([p, p], lr=0.1)
    once = do.Adam([q], lr=0.1)
    p.grad, q.grad = _grad(p, 1), _grad(q, 1)
    twice.step()
    once.step()
    once.step()  # the same gradient again: t=1 then t=2, as one by one
    assert twice.state[p]["step"].item() == 2
    assert torch.equal(p, q)
    assert torch.equal(twice.state[p]["exp_avg_sq"], once.state[q]["exp_avg_sq"])


def test_parameters_at_different_step_numbers_in_one_group():
    old, new = _param(2), _param(3)
    old_ref, new_ref = _param(2), _param(3)
    opt = do.Adam([old], lr=0.05)
    ref_old, ref_new = do.Adam([old_ref], lr=0.05), do.Adam([new_ref], lr=0.05)
    for k in range(6):
        if k == 3:  # a parameter joins the group mid-run: its count starts at 1
            opt.param_groups[0]["params"].append(new)
        for p, ref in ((old, old_ref), (new, new_ref)):
            p.grad, ref.grad = _grad(p, 10 + k), _grad(ref, 10 + k)
        step_unhooked(opt)
        step_unhooked(ref_old)
        if k >= 3:
            step_unhooked(ref_new)
    assert opt.state[old]["step"].item() == 6 and opt.state[new]["step"].item() == 3
    assert torch.equal(old, old_ref) and torch.equal(new, new_ref)


def test_step_counts_of_two_dtypes_and_a_reloaded_state():
    a, b = _param(4), _param(5)
    opt = do.NAdam([a, b], lr=0.05)
    for k in range(3):
        a.grad, b.grad = _grad(a, k), _grad(b, 20 + k)
        opt.step()
    saved = opt.state_dict()
    saved["state"][1]["step"] = torch.tensor(7.0, dtype=torch.float64)  # b's count: 7, float64
    opt.load_state_dict(saved)
    a.grad, b.grad = _grad(a, 3), _grad(b, 23)
    step_unhooked(opt)
    assert opt.state[a]["step"].item() == 4 and opt.state[a]["step"].dtype == torch.float32
    assert opt.state[b]["step"].item() == 8 and opt.state[b]["step"].dtype == torch.float64


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bfloat16, torch.int64])
def test_a_count_plus_one_is_the_tensor_sum_at_every_edge(dtype):
    values = [0, 1, 5, -3, 2.5, 2**24 - 1, 2**24, 2**24 + 2, 2**53 - 1, 2**53, 1e30]
    for value in values if dtype.is_floating_point else values[:-1]:
        ours, ref = torch.tensor(value, dtype=dtype), torch.tensor(value, dtype=dtype)
        counts = _count_steps([{"step": ours}])
        ref += 1
        assert ours.dtype == ref.dtype
        assert torch.equal(ours.reshape(1).view(torch.uint8), ref.reshape(1).view(torch.uint8)), value
        assert counts == [int(ref.item())]
