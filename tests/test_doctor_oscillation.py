"""The doctor on runs that swing: too much momentum (the rate to try and a lower momentum, on
full and mini batches) and gradient descent zigzagging just below its stable limit 2/L."""

import pytest
import torch

import descend as ds
from _findings import number_after as _number_after
from descend import functions as F


def test_too_much_momentum_is_oscillation():
    res = ds.minimize(
        F.quadratic(10.0),
        torch.tensor([1.0, 1.0], dtype=torch.float64),
        optimizer="momentum",
        momentum=0.99,
        lr=0.03,
        max_iter=300,
    )
    (d,) = res.diagnoses
    assert d.kind == "oscillation" and "lower momentum" in d.advice
    # minimize's gradients are exact: the measured ratio, 0.075, is stable, so the swings are
    # the momentum's; the rate is halved and a lower momentum advised
    assert _number_after(d.advice, "try lr") == pytest.approx(0.015)


def test_gd_zigzag_just_below_two_over_L_is_oscillation():
    # lr = 0.195 on curvature 10: the stiff coordinate flips sign every step, shrinking by 0.95.
    res = ds.minimize(F.quadratic(10.0), torch.tensor([1.0, 1.0], dtype=torch.float64), lr=0.195, max_iter=60)
    (d,) = res.diagnoses
    assert d.kind == "oscillation" and "100% of the steps reversed direction" in d.evidence
    assert _number_after(d.advice, "try lr") == pytest.approx(0.0975)


def test_mini_batch_momentum_too_high_is_oscillation_read_on_the_validation_loss():
    h = ds.train(
        "linear",
        "diabetes",
        optimizer="sgd",
        lr=0.05,
        momentum=0.99,
        batch_size=32,
        epochs=80,
        tol=None,
        progress=False,
    )
    assert h.stopped_because.startswith("early stopping")  # the validation loss stopped improving
    (d,) = h.diagnoses
    # read on the instruments: the loss rose to 7.6 x its start and stayed there (a rise, so
    # divergence), with the momentum rule's stability threshold named; a tenth of the rate
    assert d.kind == "divergence" and "× its start" in d.evidence and "(2+2β)/lr" in d.evidence
    assert "lower momentum" in d.advice and _number_after(d.advice, "try lr") == pytest.approx(0.005)


def test_full_batch_momentum_too_high_is_oscillation_though_early_stopping_ended_it():
    settings = dict(optimizer="sgd", momentum=0.99, batch_size=None, epochs=200, tol=None, progress=False)
    h = ds.train("linear", "diabetes", lr=0.1, **settings)
    assert h.converged  # early stopping: but the run did not settle anywhere
    (d,) = h.diagnoses
    # Stopped before its first planned reading, the run is read at its last step; the finding
    # rests on it and names the run's own momentum.
    assert d.kind == "oscillation" and f"(2+2β)/lr = 39.8 at step {d.step}" in d.evidence
    assert "a lower momentum (0.99 -> 0.95)" in d.advice
    again = ds.train("linear", "diabetes", **settings, **d.change)
    assert again.steps["loss"][-1] < 0.5 * h.steps["loss"][-1]
