"""The doctor's slow-progress finding on runs whose cause is known: a rate too small, with the
factor it is too small by (from the curvature, the steps' size, or below float resolution), a
run a stopping rule ended as if converged, and how a stalled loss moved."""

import re

import numpy as np
import pytest
import torch

import descend as ds
from _built_history import built_history
from _findings import data as _data
from _findings import number_after as _number_after
from _findings import train as _train
from descend import functions as F
from descend.doctor._curves import Curves
from descend.doctor._thrown import thrown_onto_plateau


def test_a_tiny_lr_is_slow_progress_with_the_factor_it_is_too_small_by():
    # GD on f = |x|^2 / 2 (L = 1) with lr = 1e-4: the best stable step is 1/L = 1, 10000x larger.
    res = ds.minimize(F.quadratic(1.0), torch.tensor([1.0, 1.0], dtype=torch.float64), lr=1e-4, max_iter=200)
    (d,) = res.diagnoses
    assert d.kind == "slow_progress" and d.step == 200
    assert "too small, by about 10000x" in d.advice and _number_after(d.advice, "try lr") == pytest.approx(
        1.0, rel=1e-3
    )


def test_slow_progress_on_an_ill_conditioned_problem_estimates_the_largest_curvature():
    res = ds.minimize(F.quadratic(10.0), torch.tensor([1.0, 1.0], dtype=torch.float64), lr=1e-3, max_iter=300)
    (d,) = res.diagnoses
    assert d.kind == "slow_progress"
    assert _number_after(d.advice, "try lr") == pytest.approx(0.1, rel=0.05)  # 1 / L_max


def test_slow_progress_reads_no_curvature_off_steps_too_small_for_float32_to_resolve_it():
    # Full-batch steps of lr=1e-5 on the digits MLP lower the loss by lr |g|^2 to within its
    # float32 rounding: the shortfall a curvature would cause is not resolved (it used to give
    # "curvature up to 6.1e3", advising a 16x raise). The advice falls back on the step size.
    h = ds.train(
        "mlp", "digits", optimizer="sgd", lr=1e-5, batch_size=None, epochs=200, instruments=False, progress=False
    )
    (d,) = h.diagnoses
    assert d.kind == "slow_progress" and "curvature" not in d.advice
    assert "of their norm" in d.advice and _number_after(d.advice, "try lr") > 100 * 1e-5


def test_slow_progress_under_adam_claims_no_curvature_it_cannot_read_off_the_steps():
    # Adam's step is not lr * gradient: the loss decrease per step says nothing about L.
    res = ds.minimize(
        F.quadratic(10.0), torch.tensor([1.0, 1.0], dtype=torch.float64), optimizer="adam", lr=1e-4, max_iter=300
    )
    assert not res.history.plain_steps
    (d,) = res.diagnoses
    assert d.kind == "slow_progress" and "curvature" not in d.advice
    # the rate comes from the measured preconditioned sharpness (its headroom), and it trains
    assert "the preconditioned sharpness" in d.evidence and _number_after(d.advice, "try lr") > 1e-2
    fixed = ds.minimize(
        F.quadratic(10.0), torch.tensor([1.0, 1.0], dtype=torch.float64), optimizer="adam", max_iter=300, **res.advice()
    )
    assert fixed.converged and fixed.fun < 1e-6 * res.fun


def test_gd_at_its_limit_in_a_narrow_valley_is_told_to_use_momentum():
    # Rosenbrock near (-1.2, 1): curvature ~1000, so lr = 2e-3 is at the limit and still slow.
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], lr=2e-3, max_iter=300)
    (d,) = res.diagnoses
    assert d.kind == "slow_progress" and "near its stable limit" in d.advice and "momentum or Adam" in d.advice


@pytest.mark.slow
def test_lr_1e7_on_logistic_regression_is_slow_progress_though_a_stopping_rule_ended_it():
    # The loss cannot change by the tolerance at lr=1e-7, so a stopping rule (the training
    # loss's relative change, or early stopping on the validation loss, whichever fires first)
    # ends the run as if converged; the doctor sees a loss that barely moved under a gradient
    # that did not shrink.
    kw = dict(optimizer="sgd", batch_size=32, epochs=20, progress=False, instruments=False)  # the curve rule
    h = ds.train("logistic", "breast_cancer", lr=1e-7, **kw)
    assert h.converged and h.stopped_because.startswith(("early stopping", "converged"))
    (d,) = h.diagnoses
    assert d.kind == "slow_progress" and _number_after(d.evidence, "has fallen by only ") < 0.01
    assert _number_after(d.evidence, "changes the weights by ") < 1e-6
    factor = float(re.search(r"too small, by at least about ([0-9,]+)x", d.advice).group(1).replace(",", ""))
    assert factor >= 1000
    advised = _number_after(d.advice, "try lr")
    assert advised == pytest.approx(1e-7 * factor, rel=0.01)
    fixed = ds.train("logistic", "breast_cancer", lr=advised, **kw)
    fell = [(r.epochs["loss"][0] - r.epochs["loss"][-1]) / r.epochs["loss"][0] for r in (h, fixed)]
    assert fell[0] < 0.01 and fell[1] > 10 * fell[0]


def test_a_relative_change_stop_at_a_tiny_lr_is_slow_progress_not_convergence():
    # Full-batch GD at lr=1e-7 changes the loss by ~1e-6 per epoch: below tol, so the run
    # stops as "converged"; its per-step drops are float32 rounding, so the advice comes from
    # how little a step moves the weights.
    h = ds.train(
        "logistic",
        "breast_cancer",
        optimizer="gd",
        lr=1e-7,
        batch_size=None,
        epochs=50,
        progress=False,
        instruments=False,
    )
    assert h.converged and h.stopped_because.startswith("converged")
    (d,) = h.diagnoses
    assert d.kind == "slow_progress" and "too small, by at least about" in d.advice
    assert _number_after(d.advice, "try lr") > 1e-4


def test_a_rate_below_float_resolution_still_gets_a_factor():
    # lr=1e-12 moves no float32 weight at all; for plain steps the factor comes from lr times
    # the gradient-to-weight ratio.
    X, y = _data(64, 8)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    h = ds.train(
        model, (X, y), optimizer="sgd", lr=1e-12, epochs=3, batch_size=16, tol=None, progress=False, instruments=False
    )
    assert all(v == 0 for row in h.update_ratios for k, v in row.items() if k != "step")
    (d,) = h.diagnoses
    assert d.kind == "slow_progress" and _number_after(d.advice, "try lr") > 1e-5
    assert "a step changes the weights by" in d.evidence


@pytest.mark.slow
def test_an_epoch_budget_too_short_for_its_rate_is_slow_progress_and_the_advice_helps():
    # Formerly listed as healthy: Adam at 1e-3 on the digits MLP for 10 epochs still lowers its
    # loss by 40% per quarter of the run with the measured stability far below its limit (the
    # doctor corpus labels the same run at 200 steps too small, 22x above its grid's best).
    kw = dict(optimizer="adam", batch_size=32, epochs=10)
    h = _train("mlp", "digits", lr=1e-3, **kw)
    (d,) = [d for d in h.diagnoses if d.kind == "slow_progress"]
    assert "the preconditioned sharpness" in d.evidence and d.change["lr"] > 2e-3
    fixed = _train("mlp", "digits", **{**kw, "lr": 1e-3, **h.advice()})
    assert fixed.epochs["loss"][-1] < 0.5 * h.epochs["loss"][-1]


@pytest.mark.parametrize(
    ("loss", "moved"),
    [
        ([1.0, 1.001, 1.002, 1.003, 1.004], "has risen by 0.004 (relative) from its start and"),
        ([1.0] * 5, "has not moved from its start and"),
        ([1.0, 0.99999, 0.999995, 0.999997, 0.999998], "has fallen by only 2e-06 (relative) from its start and"),
    ],
)
def test_a_stalled_loss_says_how_it_moved_never_a_fall_of_0(loss, moved):
    (d,) = ds.diagnose(built_history(loss))
    assert d.kind == "slow_progress" and d.change == {"lr": 0.3}  # what the doctor decides is kept
    assert d.evidence == f"after 5 steps the loss {moved} the gradient norm is 1 (1 of its start), with lr=0.1"


def test_a_loss_thrown_onto_a_plateau_above_its_start_says_it_rose():
    n = 200
    g = np.r_[1.0, 5.0, np.full(n - 2, 0.1)]
    loss = np.r_[1.0, 1.3, np.full(n - 2, 1.02)]
    run = Curves(loss, g, np.full(n, 1.0), np.arange(n), False, "max epochs", True, True)
    assert "while the loss has risen by 0.02 (relative) from its start and stopped falling" in thrown_onto_plateau(
        run, loss
    )
