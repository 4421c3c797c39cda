"""minimize's instruments: the exact top Hessian eigenvalue of fn against the optimizer's
stability threshold at a few sampled iterations, α of the step, in History.instruments' rows."""

import math

import pytest
import torch

import descend as ds
from descend.instruments import COLUMNS
from descend.minimize.readings import READINGS, sampled_iterations

# A rotated quadratic 0.5 xᵀAx with eigenvalues 0.5, 2 and 8: λ_max = 8 in no coordinate axis.
EIGENVALUES = torch.tensor([0.5, 2.0, 8.0], dtype=torch.float64)
Q, _ = torch.linalg.qr(torch.randn(3, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0)))
A = Q @ torch.diag(EIGENVALUES) @ Q.T
START = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)


def quadratic(x):
    return 0.5 * x @ A @ x


def test_the_recorded_sharpness_is_the_true_top_eigenvalue_and_the_ratio_lr_lambda_over_2_for_gd():
    lr = 0.2
    res = ds.minimize(quadratic, START, optimizer="gd", lr=lr, max_iter=200, gtol=1e-10)
    rows = res.history.instruments
    assert rows[0]["step"] == 0 and rows[-1]["step"] == res.nit
    for row in rows:
        assert row["sharpness"] == pytest.approx(8.0, rel=1e-9)
        assert row["threshold"] == pytest.approx(2 / lr)
        assert row["stability"] == pytest.approx(lr * 8.0 / 2)
        assert math.isnan(row["noise_scale"]) and math.isnan(row["batch_size"])
        assert row["probe_loss"] == pytest.approx(float(quadratic(torch.from_numpy(res.history.x[row["step"]]))))
    assert list(rows[0]) == list(COLUMNS)  # the rows of train's instruments
    assert rows[0]["threshold_lr"] == pytest.approx(2.0) and rows[0]["gain"] == 1.0 and rows[0]["base_lr"] == lr


def test_heavy_ball_momentum_is_measured_against_2_plus_2_beta_over_lr():
    res = ds.minimize(quadratic, START, optimizer="momentum", lr=0.1, momentum=0.5, max_iter=50, gtol=0)
    for row in res.history.instruments:
        assert row["threshold"] == pytest.approx((2 + 2 * 0.5) / 0.1)
        assert row["stability"] == pytest.approx(0.1 * 8.0 / 3.0)


def test_a_rate_past_the_threshold_reads_above_1_from_the_start_and_the_blown_up_point_is_not_read():
    res = ds.minimize(quadratic, START, optimizer="gd", lr=0.3, max_iter=2000)  # lr·λ/2 = 1.2
    assert res.status == "diverged"
    rows = res.history.instruments
    assert rows[0]["step"] == 0 and rows[0]["stability"] == pytest.approx(1.2)
    assert all(math.isfinite(row["probe_loss"]) for row in rows)


def test_readings_are_few_and_spread_over_the_budget_and_alpha_is_the_step_quality():
    res = ds.minimize(quadratic, START, optimizer="gd", lr=0.25, max_iter=10_000, gtol=0)  # lr·λ = 2: no decay on λ_max
    rows = res.history.instruments
    assert [row["step"] for row in rows] == sorted(sampled_iterations(10_000))
    assert len(rows) == READINGS + 1
    # Along the top eigenvector every step goes from x to -x: the far side at equal height,
    # α = 1; the smaller eigenvalues' directions are left behind long before step 10,000.
    assert rows[-1]["alpha"] == pytest.approx(1.0, abs=1e-6)
    assert math.isnan(rows[0]["alpha"])  # no step led to the start
    # A run that stops early is read at its last point too, and at most once per iteration.
    early = ds.minimize(quadratic, START, optimizer="gd", lr=0.2, max_iter=10_000)
    steps = [row["step"] for row in early.history.instruments]
    assert steps[-1] == early.nit < 10_000 and len(steps) == len(set(steps))


def test_alpha_reads_undershoot_and_the_minimum():
    # On 0.5·8·x² a step lr·8 of the way: lr = 1/16 halves the distance (α = -0.5), 1/8 lands on 0.
    line = lambda x: 4.0 * (x**2).sum()  # noqa: E731
    half = ds.minimize(line, [1.0], optimizer="gd", lr=1 / 16, max_iter=1, gtol=0)
    assert half.history.instruments[-1]["alpha"] == pytest.approx(-0.5)
    exact = ds.minimize(line, [1.0], optimizer="gd", lr=1 / 8, max_iter=1, gtol=0)
    assert exact.history.instruments[-1]["alpha"] == pytest.approx(0.0, abs=1e-12)


def test_fn_without_curvature_reads_zero_and_a_rule_without_threshold_nan():
    linear = ds.minimize(lambda x: x.sum(), [1.0, 2.0], lr=0.1, max_iter=5)
    assert all(row["sharpness"] == 0.0 for row in linear.history.instruments)
    lion = ds.minimize(quadratic, START, optimizer="lion", lr=0.01, max_iter=5)
    row = lion.history.instruments[0]
    assert row["sharpness"] == pytest.approx(8.0) and math.isnan(row["threshold"]) and math.isnan(row["stability"])


def test_a_schedule_that_ends_at_rate_0_reads_no_threshold_there():
    res = ds.minimize(quadratic, START, optimizer="momentum", lr=0.1, schedule="cosine", max_iter=20, gtol=0)
    first, last = res.history.instruments[0], res.history.instruments[-1]
    assert first["threshold"] == pytest.approx((2 + 2 * 0.9) / 0.1)  # momentum's default β = 0.9
    assert last["step"] == 20 and last["sharpness"] == pytest.approx(8.0) and math.isnan(last["threshold"])
