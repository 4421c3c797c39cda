"""Cockpit's α on quadratics where it is known: a step to the minimum is 0, half way -0.5,
twice the distance 1, no move -1; measured by Instruments around real optimizer steps."""

from __future__ import annotations

import math

import pytest
import torch

from descend.instruments import Instruments, step_alpha


@pytest.mark.parametrize(("fraction", "alpha"), [(1.0, 0.0), (0.5, -0.5), (2.0, 1.0), (1.5, 0.5), (0.0, -1.0)])
def test_alpha_on_a_1d_quadratic(fraction, alpha):
    h, x0 = 3.0, 2.0
    x1 = x0 - fraction * x0  # fraction of the way to the minimum at 0
    d = x1 - x0
    f = lambda x: 0.5 * h * x * x  # noqa: E731
    assert step_alpha(f(x0), h * x0 * d, f(x1), h * x1 * d) == pytest.approx(alpha, abs=1e-12)


def test_alpha_of_a_step_from_the_minimum_is_an_overshoot_and_a_concave_fit_is_minus_one():
    assert step_alpha(0.0, 0.0, 1.0, 2.0) == math.inf
    assert step_alpha(1.0, -1.0, -1.0, -3.0) == -1.0  # still going downhill: concave
    assert math.isnan(step_alpha(1.0, math.nan, 0.0, 0.0))


class _Point(torch.nn.Module):
    def __init__(self, x0):
        super().__init__()
        self.x = torch.nn.Parameter(torch.as_tensor(x0, dtype=torch.float64).clone())

    def forward(self, _):
        return self.x


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
def test_instruments_measure_alpha_of_gradient_descent_on_an_nd_quadratic(scale):
    # Along d = -lr g the loss is a parabola of curvature d'Ad: its minimum is at
    # t* = g'g / (lr g'Ag), so alpha = 1/t* - 1 = lr g'Ag / g'g - 1.
    A = torch.diag(torch.tensor([1.0, 4.0, 9.0], dtype=torch.float64))
    x0 = torch.tensor([1.0, -1.0, 0.5], dtype=torch.float64)
    g = A @ x0
    lr = scale * float(g @ g / (g @ A @ g))  # scale 1: the exact line minimum
    model = _Point(x0)
    loss = lambda x, _: 0.5 * x @ A @ x  # noqa: E731
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    inst = Instruments(model, loss, (torch.zeros(2), torch.zeros(2)), optimizer=opt, every=1, noise_scale=False)
    opt.zero_grad()
    loss(model(None), None).backward()
    inst.before_step()
    opt.step()
    row = inst.after_step()
    assert row["alpha"] == pytest.approx(scale - 1, abs=1e-9)
    assert row["step"] == 1 and row["probe_loss"] == pytest.approx(float(loss(model.x.detach(), None)))


def test_alpha_is_nan_without_the_start_of_the_step():
    model = _Point([1.0])
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss = lambda x, _: (x**2).sum()  # noqa: E731
    inst = Instruments(model, loss, (torch.zeros(2), torch.zeros(2)), optimizer=opt, every=1, noise_scale=False)
    opt.zero_grad()
    loss(model(None), None).backward()
    opt.step()
    assert math.isnan(inst.after_step()["alpha"])
