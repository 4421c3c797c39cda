"""A watched loop that steps through a ``torch.amp.GradScaler``: the gradients after each backward
pass are the scaled loss's, so ``gradients="accumulated"`` reads them divided by the scaler's scale
(``watch(..., scaler=scaler)``); ``"step"`` reads what ``scaler.step`` unscaled."""

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument


def _scaled_loop(gradients, scaler_given):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**10)
    monitor = ds.watch(
        model, opt, gradients=gradients, grad_clip=1.0, print_findings=False, scaler=scaler if scaler_given else None
    )
    raw = []
    for _ in range(12):  # all read
        opt.zero_grad()
        loss = model(torch.randn(16, 3)).pow(2).mean()
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        raw.append(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0).item())  # the norm before clipping
        scaler.step(opt)
        scaler.update()
        monitor.log(loss)
    monitor.close()
    return monitor.history.steps["grad_norm"], raw


def test_accumulated_norms_under_a_grad_scaler_are_the_unscaled_gradients():
    """Were read scaled: here 1024 times the gradient's norm (65536 at GradScaler's default
    start), evidence of exploding gradients the loop never had."""
    read, raw = _scaled_loop("accumulated", scaler_given=True)
    assert read == pytest.approx(raw, rel=1e-5)


def test_step_norms_under_a_grad_scaler_are_unscaled_without_the_scaler():
    read, raw = _scaled_loop("step", scaler_given=False)  # clipped at 1: what the step used
    assert read == pytest.approx([min(r, 1.0) for r in raw], rel=1e-5)


def test_a_scaler_that_is_not_a_grad_scaler_is_refused_by_name():
    model = torch.nn.Linear(2, 1)
    with pytest.raises(
        InvalidArgument, match=r"scaler must be the loop's torch.amp.GradScaler or None, got str: 'amp'"
    ):
        ds.watch(model, torch.optim.SGD(model.parameters(), lr=0.1), scaler="amp")
