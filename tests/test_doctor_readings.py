"""The doctor's reading of the instruments on problems with a known answer: the sharpness the
default sampling reads (warm-started Lanczos) against the exact λ_max, a rate far below the
measured stability limit called slow though its mini-batch curve is noise, a run thrown back
onto its first plateau by unstable steps called a divergence, and runs that are fine left
alone."""

import math

import pytest
import torch

import descend as ds
from descend.doctor._thresholds import PLATEAU_SHARPENING
from descend.instruments import Instruments, sharpness_from_gradient, top_eigenvalue


def _spread_quadratic(dim=40, seed=0):
    """A symmetric matrix with eigenvalues 1..dim (top 40, next 39: a slow gap for Lanczos)."""
    g = torch.Generator().manual_seed(seed)
    Q, _ = torch.linalg.qr(torch.randn(dim, dim, generator=g, dtype=torch.float64))
    eigs = torch.arange(1.0, dim + 1, dtype=torch.float64)
    return Q @ torch.diag(eigs) @ Q.T, Q[:, -1]


def test_a_warm_start_on_the_top_eigenvector_is_exact_in_two_products():
    A, top = _spread_quadratic()
    cold, _, _ = top_eigenvalue(lambda v: A @ v, 40, iterations=2, dtype=torch.float64)
    warm, used, ok = top_eigenvalue(lambda v: A @ v, 40, iterations=2, dtype=torch.float64, start=top)
    assert warm == pytest.approx(40.0, rel=1e-3) and ok and used == 2
    assert cold < 0.95 * 40  # the same budget from a random start is far off


def test_the_reading_returns_its_top_direction_for_the_next_one():
    A, top = _spread_quadratic()
    w = torch.randn(40, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(0.5 * w @ A @ w, [w], create_graph=True)
    found = sharpness_from_gradient([g], [w], iterations=40, tol=1e-10)
    assert found.value == pytest.approx(40.0, rel=1e-8)
    assert abs(float(found.vector @ top)) == pytest.approx(1.0, abs=1e-6)


def _regression(n=256, d=30, seed=0):
    """Linear regression with feature scales spread over 10x: the Hessian of the mean squared
    error is exactly 2 XᵀX / n."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g) * torch.logspace(0, 1, d)
    y = X @ torch.randn(d, generator=g) + torch.randn(n, generator=g)
    return X, y


def _mse(out, t):
    return ((out.squeeze(-1) - t) ** 2).mean()


def test_the_default_readings_are_the_exact_lambda_max_of_a_linear_regression():
    X, y = _regression()
    torch.manual_seed(0)
    model = torch.nn.Linear(X.shape[1], 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=1e-4)
    inst = Instruments(model, _mse, (X[:64], y[:64]), optimizer=opt, every=5, noise_scale=False)
    for _ in range(20):
        opt.zero_grad()
        _mse(model(X), y).backward()
        opt.step()
        inst.after_step()
    exact = float(torch.linalg.eigvalsh(2 * X[:64].T.double() @ X[:64].double() / 64)[-1])
    assert len(inst.rows) == 4
    for row in inst.rows:  # the Hessian is constant: every reading, warm or cold, is λ_max
        assert row["sharpness"] == pytest.approx(exact, rel=0.01)
        assert row["stability"] == pytest.approx(exact * 1e-4 / 2, rel=0.01)


# -- the doctor on a run's record ----------------------------------------------------------


def _mini_batch_history(epoch_loss, lr, instruments, per_epoch=4, start=None):
    """A mini-batch run's record built by hand: ``per_epoch`` steps an epoch whose losses
    average to the epoch's loss (the first step's loss ``start`` where given)."""
    steps = []
    for value in epoch_loss:
        steps += [value + 0.05 * ((-1) ** k) for k in range(per_epoch)]
    if start is not None:
        steps[0] = start
    n = len(steps)
    return ds.History(
        steps={
            "step": list(range(1, n + 1)),
            "epoch": [k // per_epoch for k in range(n)],
            "loss": steps,
            "lr": [[lr]] * n,
            "grad_norm": [1.0] * n,
        },
        epochs={"loss": list(epoch_loss)},
        converged=False,
        stopped_because=f"reached the maximum of {len(epoch_loss)} epochs",
        instruments=instruments,
    )


def _reading(step, stability, lr, noise=math.nan, batch=32):
    threshold = 2 / lr
    return {
        "step": step,
        "probe_loss": 1.0,
        "sharpness": stability * threshold,
        "threshold": threshold,
        "stability": stability,
        "noise_scale": noise,
        "batch_size": batch,
        "alpha": math.nan,
    }


# 16 epochs of a loss that fell 3% in all, its epoch means jumping by more than that: the pace
# and the last quarter of such a curve are noise (a mini-batch run at a tiny rate).
NOISY_CRAWL = [1.0, 1.02, 0.99, 1.01, 0.985, 1.0, 0.975, 0.99, 0.98, 0.995, 0.97, 0.985, 0.975, 0.99, 0.965, 0.97]


def test_a_rate_far_below_the_measured_limit_is_slow_though_its_curve_is_noise():
    lr = 1e-4
    rows = [_reading(8, 2e-4, lr, noise=8.0), _reading(64, 2e-4, lr, noise=8.0)]
    (d,) = ds.diagnose(_mini_batch_history(NOISY_CRAWL, lr, rows))
    assert d.kind == "slow_progress" and "below the useful stability ratio" in d.evidence
    # the rate that puts the ratio at 0.5 / (1 + 8/32) = 0.4: 2000x this one, still stable; on
    # its plateau (3% down), aimed PLATEAU_SHARPENING below that (session 14c)
    assert d.change == {"lr": pytest.approx(0.2 / PLATEAU_SHARPENING)}


def test_the_same_noisy_curve_near_the_limit_is_no_finding():
    lr = 0.1
    rows = [_reading(8, 0.05, lr, noise=8.0), _reading(64, 0.05, lr, noise=8.0)]
    assert ds.diagnose(_mini_batch_history(NOISY_CRAWL, lr, rows)) == []


def test_a_rate_far_below_the_limit_whose_loss_already_halved_is_no_finding():
    # At the noise floor: the loss fell from 1 to 0.3 early and has been flat since.
    lr = 1e-4
    floor = [1.0, 0.5, 0.32, 0.3, 0.31, 0.3, 0.305, 0.3, 0.31, 0.3, 0.3, 0.305, 0.3, 0.31, 0.3, 0.3]
    rows = [_reading(8, 2e-4, lr, noise=8.0), _reading(64, 2e-4, lr, noise=8.0)]
    assert [d.kind for d in ds.diagnose(_mini_batch_history(floor, lr, rows))] == []


def test_unstable_steps_back_on_the_first_epochs_plateau_are_a_divergence():
    # A classifier at chance (log 10 = 2.30) fell to 1.9 in its first epoch, then unstable steps
    # (measured 3x the threshold) threw it back to 2.25: below its very first loss, no lower
    # than its first epoch's.
    lr = 0.5
    curve = [1.9, 2.1, 2.2, 2.24, 2.25, 2.25, 2.26, 2.25]
    rows = [_reading(4, 3.0, lr), _reading(32, 0.2, lr)]
    (d,) = ds.diagnose(_mini_batch_history(curve, lr, rows, start=2.30))
    assert d.kind == "divergence" and "no lower than its start" in d.evidence
    assert d.change == {"lr": pytest.approx(lr * 0.5 / 3.0, rel=0.01)}


def test_a_stable_run_back_on_its_first_epochs_level_is_not_called_too_large():
    lr = 0.5
    curve = [1.9, 2.1, 2.2, 2.24, 2.25, 2.25, 2.26, 2.25]
    rows = [_reading(4, 0.3, lr), _reading(32, 0.2, lr)]
    assert not any(d.kind in ("divergence", "oscillation") for d in ds.diagnose(_mini_batch_history(curve, lr, rows)))


# A mini-batch run at its level 0.2 from epoch 3 on, its steps measured just past the threshold.
AT_ITS_LEVEL = [1.0, 0.5, 0.3, 0.2, 0.21, 0.19, 0.2, 0.22, 0.2, 0.19, 0.21, 0.2, 0.2, 0.21, 0.19, 0.2, 0.21, 0.2]


def test_one_noisy_last_epoch_of_an_unstable_run_is_no_oscillation():
    # The last epoch's mean is 1.7x the level (one epoch's batches at a large rate), which the
    # run's level did not follow: the median of the last 3 epochs is still 0.2.
    lr = 0.5
    rows = [_reading(8, 1.2, lr), _reading(72, 1.2, lr)]
    findings = ds.diagnose(_mini_batch_history([*AT_ITS_LEVEL, 0.34], lr, rows))
    assert not {"oscillation", "divergence"} & {d.kind for d in findings}


def test_a_rise_that_lasted_on_an_unstable_run_is_oscillation():
    lr = 0.5
    rows = [_reading(8, 1.2, lr), _reading(84, 1.2, lr)]
    (d,) = ds.diagnose(_mini_batch_history([*AT_ITS_LEVEL, 0.34, 0.36, 0.35, 0.34], lr, rows))
    assert d.kind == "oscillation" and "running median of 3 epoch means) ended at 0.34" in d.evidence
    assert "1.7 × the lowest it reached (0.2)" in d.evidence
    assert d.change == {"lr": pytest.approx(lr * 0.5 / 1.2, rel=0.01)}


def test_a_rise_from_a_loss_of_exactly_zero_is_said_without_a_ratio():
    # A loss can reach exactly 0 (a separable set memorised): "× the lowest" has no value then.
    lr = 0.5
    rows = [_reading(8, 1.2, lr), _reading(84, 1.2, lr)]
    (d,) = ds.diagnose(_mini_batch_history([1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.3, 0.3, 0.3, 0.3], lr, rows))
    assert d.kind == "oscillation" and "above the lowest it reached (0)" in d.evidence


def test_a_swing_an_unstable_run_came_back_from_by_its_last_epoch_is_no_oscillation():
    # Two epochs at 3x and 2x the level, then back on it: the median of the last 3 epochs (0.45)
    # still lags the swing, the last epoch does not.
    lr = 0.5
    rows = [_reading(8, 1.2, lr), _reading(80, 1.2, lr)]
    findings = ds.diagnose(_mini_batch_history([*AT_ITS_LEVEL, 0.6, 0.45, 0.19], lr, rows))
    assert not {"oscillation", "divergence"} & {d.kind for d in findings}
