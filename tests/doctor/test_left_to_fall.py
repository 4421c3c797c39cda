"""The decrease still to be had (descend.instruments.remaining_decrease) and the doctor's use of
it: "too small" needs a good share of the loss left to fall, and a run with much left is not
held at a noise floor."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import descend as ds
from descend.doctor import diagnose
from descend.doctor._curves import Curves
from descend.doctor._progress import share_left, slow_progress
from descend.instruments import Decrease, Instruments, model_decrease, remaining_decrease


def _least_squares(n=200, p=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, p, generator=g) * torch.linspace(0.3, 3.0, p)
    y = X @ torch.randn(p, generator=g) + 0.5 * torch.randn(n, generator=g)
    return X, y


def _mse(out, t):
    return ((out.squeeze(-1) - t) ** 2).mean()


def test_model_decrease_is_half_g_h_inverse_g_on_a_quadratic_and_unbounded_without_a_minimum():
    A = torch.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=torch.float64)
    g = torch.tensor([1.0, -2.0], dtype=torch.float64)
    assert model_decrease(lambda v: A @ v, g).value == pytest.approx(0.5 * float(g @ torch.linalg.solve(A, g)))
    flat = model_decrease(lambda v: torch.diag(torch.tensor([1.0, -1.0], dtype=torch.float64)) @ v, g)
    assert flat.value == math.inf and flat.exact  # negative curvature: the model has no minimum
    assert model_decrease(lambda v: A @ v, torch.zeros(2, dtype=torch.float64)) == Decrease(0.0, True, 0)


def _spread_quadratic(n=40, seed=0):
    """A positive definite H of n distinct eigenvalues 1 ... 1000 and a gradient g."""
    gen = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(n, n, generator=gen, dtype=torch.float64))
    H = q @ torch.diag(torch.logspace(0, 3, n, dtype=torch.float64)) @ q.T
    return H, torch.randn(n, generator=gen, dtype=torch.float64)


def test_cg_runs_until_it_converges_and_says_whether_it_did():
    H, g = _spread_quadratic()
    truth = 0.5 * float(g @ torch.linalg.solve(H, g))
    found = model_decrease(lambda v: H @ v, g)  # the default cap
    assert found.exact and found.value == pytest.approx(truth, rel=1e-4)
    # more than the old budget of 10; in floating point CG loses orthogonality and may take more than n
    assert 10 < found.products < 100
    capped = model_decrease(lambda v: H @ v, g, iterations=5)  # stopped by its cap: a lower bound
    assert not capped.exact and capped.products == 5 and 0 < capped.value < 0.999 * truth
    loose = model_decrease(lambda v: H @ v, g, tol=0.5)  # converged to a looser tolerance, sooner
    assert loose.exact and loose.products < found.products


def test_bad_cg_settings_name_the_value():
    H, g = _spread_quadratic(4)
    with pytest.raises(ValueError, match="tol"):
        model_decrease(lambda v: H @ v, g, tol=0.0)
    with pytest.raises(ValueError, match="iterations"):
        model_decrease(lambda v: H @ v, g, iterations=0)


def test_remaining_decrease_of_least_squares_is_the_loss_above_its_minimum():
    X, y = _least_squares()
    model = torch.nn.Linear(X.shape[1], 1)
    params = list(model.parameters())
    loss = _mse(model(X), y)
    (gw, gb) = torch.autograd.grad(loss, params, create_graph=True)
    full = [gw.detach(), gb.detach()]
    left = remaining_decrease([gw, gb], params, (full, full))
    Xb = torch.cat([X, torch.ones(len(X), 1)], 1)
    best = _mse(Xb @ torch.linalg.lstsq(Xb, y.unsqueeze(1)).solution, y)
    assert left.exact and left.value == pytest.approx(float(loss.detach() - best), rel=1e-2)  # float32 products
    short = remaining_decrease([gw, gb], params, (full, full), iterations=2)
    assert not short.exact and short.value < left.value


def test_the_sampler_reads_the_decrease_at_the_last_planned_step_only():
    X, y = _least_squares()
    model = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    inst = Instruments(model, _mse, (X, y), optimizer=opt, every=True, total_steps=40, noise_scale=False)
    for _ in range(40):
        opt.zero_grad()
        _mse(model(X), y).backward()
        inst.before_step()
        opt.step()
        inst.after_step()
    first, last = inst.rows[0], inst.rows[-1]
    assert math.isnan(first["decrease"]) and last["step"] == 40
    Xb = torch.cat([X, torch.ones(len(X), 1)], 1)
    best = float(_mse(Xb @ torch.linalg.lstsq(Xb, y.unsqueeze(1)).solution, y))
    # crossed between the probe's halves: near, not equal to, the whole probe's loss above its minimum
    assert 0.5 < last["decrease"] / (last["probe_loss"] - best) < 1.5
    assert math.isnan(first["decrease_exact"]) and last["decrease_exact"] == 1.0  # 7 parameters: CG converged
    off = Instruments(model, _mse, (X, y), every=True, total_steps=1, decrease_iterations=0)
    row = off.after_step()
    assert math.isnan(row["decrease"]) and math.isnan(row["decrease_exact"])
    capped = Instruments(model, _mse, (X, y), every=True, total_steps=1, decrease_iterations=2, noise_scale=False)
    assert capped.after_step()["decrease_exact"] == 0.0


def _crawling(decrease, floor=0.4, steps=150.0, exact=1.0, grad_norm=None):
    """A full-batch run whose loss fell about 60% and still falls, its steps at a stability ratio
    of 0.01 (headroom 50x), with the decrease left measured at its last reading (the gradient
    norm ``grad_norm``, default from 1 down to 0.5)."""
    n = 200
    loss = floor + (1 - floor) * np.exp(-np.arange(n) / steps)
    row = {"step": n, "probe_loss": float(loss[-1]), "sharpness": 0.2, "threshold": 20.0, "stability": 0.01}
    row |= {"threshold_lr": 2.0, "gain": 1.0, "preconditioned": False, "decrease": decrease, "decrease_exact": exact}
    return Curves(
        loss=loss,
        grad_norm=np.linspace(1.0, 0.5, n) if grad_norm is None else grad_norm,
        lr=np.full(n, 0.1),
        steps=np.arange(1, n + 1),
        converged=False,
        why_stopped="max epochs",
        full_batch=True,
        plain_steps=True,
        epoch_loss=loss,
        instruments=[row],
    )


def test_too_small_needs_a_good_share_of_the_loss_left_to_fall():
    level = _crawling(math.nan).loss[-1]
    assert slow_progress(_crawling(math.nan)).kind == "slow_progress"  # not measured: as before
    found = slow_progress(_crawling(0.5 * level))
    assert found.kind == "slow_progress" and "can still fall by about 50%" in found.evidence
    # within a few percent of the minimum nearby, the gradient norm falling fast against the loss
    # as it does near a finite minimum (not in proportion to it: _no_minimum.py)
    assert slow_progress(_crawling(0.05 * level, grad_norm=np.geomspace(1.0, 0.1, 200))) is None
    assert slow_progress(_crawling(math.inf)).kind == "slow_progress"  # negative curvature: no bound
    assert share_left(_crawling(0.05 * level)) == (pytest.approx(0.05), 200, True)


def test_only_an_exact_reading_says_that_little_is_left():
    level = _crawling(math.nan).loss[-1]
    bound = slow_progress(_crawling(0.05 * level, exact=0.0))  # CG capped: at least 5% left, maybe far more
    assert bound.kind == "slow_progress" and "at least about 5% of its level" in bound.evidence
    assert "a lower bound" in bound.evidence
    assert slow_progress(_crawling(0.05 * level, exact=math.nan)).kind == "slow_progress"  # not said: not exact
    assert share_left(_crawling(0.05 * level, exact=0.0))[2] is False


def _noisy(decrease, exact=1.0):
    """A mini-batch run still falling, at an effective ratio of 0.05 whose headroom (10x) the
    gradient noise B_simple = 8 x the batch would eat (0.5 / 9 / 0.05 = 1.1x); the loss fell by
    three quarters, so it is no crawl (whose noise reading is not trusted either)."""
    c = _crawling(decrease, floor=0.2, steps=60.0, exact=exact)
    c.full_batch = False
    c.epoch_loss = c.loss[::10]
    c.instruments[0] |= {"stability": 0.05, "noise_scale": 256.0, "batch_size": 32}
    return c


def test_a_run_with_much_left_to_fall_is_not_held_by_the_noise():
    level = _noisy(math.nan).loss[-1]
    assert slow_progress(_noisy(math.nan)) is None  # the noise leaves no headroom
    found = slow_progress(_noisy(0.4 * level))
    assert found.kind == "slow_progress" and found.change["lr"] == pytest.approx(1.0, rel=0.01)  # 0.1 * 0.5 / 0.05
    assert slow_progress(_noisy(0.05 * level)) is None
    assert slow_progress(_noisy(0.05 * level, exact=0.0)).kind == "slow_progress"  # a lower bound: no veto
    unbounded = slow_progress(_noisy(math.inf))  # no minimum nearby: no noise floor either
    assert unbounded.kind == "slow_progress" and "has no minimum (negative curvature)" in unbounded.evidence


@pytest.mark.slow
def test_a_linear_run_near_its_best_gets_no_slow_progress_alarm():
    # diabetes, plain GD at lr=0.00316 for 200 epochs: 1.15x the loss of the grid's best rate (the
    # corpus calls it healthy); the doctor used to call it too slow by 38x.
    full = {"batch_size": None, "epochs": 200, "progress": False, "seed": 0}  # the corpus's gd: full batch
    h = ds.train("linear", "diabetes", loss="mse", optimizer="gd", lr=0.00316, **full)
    assert "slow_progress" not in [d.kind for d in h.diagnoses]
    share, step, exact = share_left(ds.doctor._curves.from_history(h))
    assert step == 200 and 0.05 < share < 0.15 and exact
    # the same run had its reading been a lower bound (CG capped before it converged): no veto
    h.instruments[-1]["decrease_exact"] = 0.0
    assert "slow_progress" in [d.kind for d in diagnose(h)]
    slower = ds.train("linear", "diabetes", loss="mse", optimizer="gd", lr=0.001, **full)
    assert "slow_progress" in [d.kind for d in slower.diagnoses]
