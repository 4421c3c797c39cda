"""A reading of the loss left to fall that lies under ``½ |G|² / λ_max`` (the least the local
quadratic model can promise, from the gradient and the sharpness) is not a reading of it
(session 16b, ``descend.doctor._decrease_bound``). Known answer: least squares on a probe with
fewer examples than weights interpolates each half of the probe on its own, so the crossed
reading is 0 although the whole loss is left (its minimum on the probe is 0); on a probe with
many more examples than weights the reading is the loss above the minimum, above the floor."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from descend.doctor._curves import Curves
from descend.doctor._decrease_bound import below_floor, decrease_floor
from descend.doctor._progress import share_left, slow_progress
from descend.instruments import probe_decrease


def _least_squares_reading(n: int, p: int, seed: int = 0) -> tuple[dict, float]:
    """The instruments' row (probe loss, crossed decrease, sharpness) and the gradient norm of
    a linear model at 0 on ``n`` examples of ``p`` features, ``y = Xw + noise``."""
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(n, p, generator=gen, dtype=torch.float64)
    y = X @ torch.randn(p, generator=gen, dtype=torch.float64) + 0.3 * torch.randn(
        n, generator=gen, dtype=torch.float64
    )
    model = torch.nn.Linear(p, 1, bias=False).double()
    with torch.no_grad():
        model.weight.zero_()
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    params = list(model.parameters())
    loss = mse(model(X), y)
    gradient = torch.autograd.grad(loss, params, create_graph=True)
    found = probe_decrease(model, mse, (X, y), params, gradient)
    sharpness = float(torch.linalg.eigvalsh(2 * X.T @ X / n).max())  # the Hessian of the mean squared error
    row = {"step": 100, "probe_loss": float(loss.detach()), "sharpness": sharpness, "preconditioned": False}
    row |= {"decrease": found.value, "decrease_exact": float(found.exact)}
    return row, float(torch.linalg.vector_norm(gradient[0].detach()))


def _crawl(row: dict, grad_norm: float) -> Curves:
    """A full-batch run still falling in a straight line (30% off its start), steps 100x under
    the stable limit, ending at ``row`` with gradient norm ``grad_norm``."""
    n = 100
    loss = row["probe_loss"] * (1.3 - 0.3 * np.arange(n) / (n - 1))
    lr = 0.02 / row["sharpness"]  # a stability ratio of 0.01
    row = row | {"threshold": 2 / lr, "stability": 0.01, "threshold_lr": 2.0, "gain": 1.0}
    return Curves(
        loss=loss,
        grad_norm=np.full(n, grad_norm),
        lr=np.full(n, lr),
        steps=np.arange(1, n + 1),
        converged=False,
        why_stopped="max epochs",
        full_batch=True,
        plain_steps=True,
        epoch_loss=loss,
        instruments=[row],
    )


def test_an_interpolating_probe_reads_nothing_left_under_the_floor_and_is_set_aside():
    row, g = _least_squares_reading(n=16, p=40)
    share = row["decrease"] / row["probe_loss"]
    assert abs(share) < 1e-2  # the crossed halves: 0 (to CG's tolerance), though all of the loss is left
    c = _crawl(row, g)
    assert decrease_floor(c, row) > 0.1 and below_floor(c, row, share)
    assert share_left(c) is None  # unknown, as without a reading
    found = slow_progress(c)  # so the little-left veto does not silence the crawl
    assert found is not None and found.kind == "slow_progress"


def test_a_well_determined_probe_reads_above_the_floor_and_keeps_its_reading():
    row, g = _least_squares_reading(n=400, p=6)
    c = _crawl(row, g)
    share = row["decrease"] / row["probe_loss"]
    assert share >= decrease_floor(c, row) and not below_floor(c, row, share)
    assert share_left(c) == (pytest.approx(share), 100, True)


def test_a_little_left_reading_above_the_floor_still_vetoes():
    row, g = _least_squares_reading(n=400, p=6)
    row = row | {"decrease": 0.05 * row["probe_loss"]}  # little left, as the reading says
    c = _crawl(row, 0.1 * g)  # a gradient small enough that the floor allows it
    assert not below_floor(c, row, 0.05)
    assert slow_progress(c) is None


def test_no_floor_without_a_raw_sharpness_or_a_noise_scale_for_mini_batches():
    row, g = _least_squares_reading(n=16, p=40)
    c = _crawl(row, g)
    assert decrease_floor(c, row | {"preconditioned": True}) is None  # Adam's P⁻¹H bounds no gᵀH⁻¹g
    c.full_batch = False
    assert decrease_floor(c, row) is None  # a mini-batch gradient norm needs B_simple to remove its noise
    noisy = row | {"noise_scale": 96.0, "batch_size": 32}
    assert decrease_floor(c, noisy) == pytest.approx(0.5 * g**2 / 4 / row["sharpness"] / row["probe_loss"])
    assert not below_floor(c, noisy | {"probe_loss": math.nan}, 0.0)
