"""The doctor's divergence finding on runs whose cause is known: a rate above the stability limit
(the rate to try from the measured curvature or the last one that helped), a non-finite loss
with its step, rate and first non-finite layer, bad data before any update, and a run stopped
before it overflowed."""

import pytest
import torch

import descend as ds
from _findings import data as _data
from _findings import kinds as _kinds
from _findings import number_after as _number_after
from descend import functions as F


def test_lr_above_the_stability_limit_is_divergence_with_a_smaller_lr_to_try():
    quad = F.quadratic(10.0)
    res = ds.minimize(quad, quad.start, lr=0.5)  # 2/L = 0.2
    (d,) = res.diagnoses
    assert d.kind == "divergence" and "lr=0.5" in d.evidence
    # the measured λ_max = 10 is 2.5 x the threshold 2/lr: the rate at half of it is 1/L
    assert "λ_max = 10 is 2.5 × the stability threshold 2/lr = 4" in d.evidence
    assert _number_after(d.advice, "try lr") == pytest.approx(0.1)


def test_divergence_names_the_last_lr_that_decreased_the_loss():
    # Full-batch GD on least squares with the lr doubling every step: it decreases the loss
    # until it passes 2/L, then blows up; the advice starts from the last lr that helped.
    X, _ = _data(64, 3)
    y = X @ torch.tensor([1.5, -2.0, 0.5])
    h = ds.train(
        "linear",
        (X, y),
        optimizer="gd",
        lr=1e-3,
        epochs=200,
        tol=None,
        progress=False,
        schedule=lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=2.0),
        instruments=False,  # the rule read off the curve (with readings, the measured rate: test_doctor_measured_stability)
    )
    d = h.diagnoses[0]
    assert d.kind == "divergence"
    losses, lrs = h.steps["loss"], [row[0] for row in h.steps["lr"]]
    last_good = max(i for i in range(1, len(losses)) if losses[i] < losses[i - 1])
    assert "the last lr that decreased the loss" in d.advice
    assert _number_after(d.advice, "try lr") == pytest.approx(lrs[last_good - 1] / 10, rel=5e-3)  # 3 digits


def test_train_divergence_names_the_step_lr_and_first_non_finite_layer():
    X, _ = _data(64, 3)
    y = X @ torch.tensor([1.5, -2.0, 0.5])
    # Batches of 8: the loss overflows within the first epoch (at 16 it reached 1.7e26, a finite
    # blow-up, by the end of it, where train stops the run).
    h = ds.train("linear", (X * 1e3, y), optimizer="sgd", lr=2e-3, batch_size=8, epochs=500, tol=None, progress=False)
    kinds = _kinds(h.diagnoses)
    assert kinds[0] == "divergence" and "exploding_gradients" in kinds
    d = h.diagnoses[0]
    assert d.step == h.non_finite_step and f"the loss became {h.non_finite_loss}" in d.evidence
    assert "first gradient to go non-finite was layer 'weight'" in d.evidence
    assert _number_after(d.advice, "try lr") == pytest.approx(2e-4)


def test_a_non_finite_loss_before_any_update_blames_the_data_not_the_rate():
    X, y = _data(64, 3)
    h = ds.train("linear", (X * 1e20, y), optimizer="sgd", lr=0.1, batch_size=16, epochs=3, progress=False)
    (d,) = h.diagnoses
    assert d.kind == "divergence" and d.step == 1 and "before any update" in d.evidence
    assert "NaN, inf or huge values" in d.advice and "nan" not in d.advice
    assert "no update had been made yet" in h.stopped_because


def test_train_stops_a_run_diverging_without_overflow_and_the_doctor_says_why():
    # Full-batch GD at 1.3 x 2/L: the error grows 1.6x a step, so the loss reaches 1000x its
    # start within ~8 epochs but would stay finite for ~100 more; the run stops there.
    X, _ = _data(64, 3)
    y = X @ torch.tensor([1.5, -2.0, 0.5])
    L = (
        2
        * torch.linalg.eigvalsh(
            torch.cat([X, torch.ones(64, 1)], 1).T @ torch.cat([X, torch.ones(64, 1)], 1) / 64
        ).max()
    )
    h = ds.train(
        "linear", (X, y), optimizer="gd", lr=float(1.3 * 2 / L), batch_size=None, epochs=500, tol=None, progress=False
    )
    assert h.stopped_because.startswith("diverged: the mean training loss grew from")
    assert h.non_finite_step is None and len(h.loss) < 20
    (d,) = h.diagnoses
    assert d.kind == "divergence" and _number_after(d.advice, "try lr") < 2 / float(L)
