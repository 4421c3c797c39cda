"""A minimize run that max_iter stopped short of gtol gets a finding: why it stopped, with the
gradient norm against gtol and its pace, and what to change to converge (was: no finding)."""

import numpy as np
import torch

import descend as ds
from descend import functions as F
from descend.doctor._curves import Curves
from descend.doctor._unfinished import unfinished


def test_still_converging_is_advised_the_iterations_its_pace_needs():
    start = torch.tensor([-1.5, 2.0])
    res = ds.minimize(F.rosenbrock, start, optimizer="adam", lr=0.01, max_iter=3000)
    assert res.status == "max_iter"
    (finding,) = res.diagnoses
    assert finding.kind == "slow_progress"
    assert "gradient norm 0.00433, 433 times gtol=1e-05" in finding.evidence
    assert "over the last 750 iterations the gradient norm went from 0.0491 to 0.00433" in finding.evidence
    assert res.advice() == {"max_iter": 4900}
    again = ds.minimize(F.rosenbrock, start, optimizer="adam", lr=0.01, **res.advice())
    assert again.converged and again.status == "gtol"


def test_a_schedule_that_annealed_too_early_is_stretched_over_more_iterations():
    x0 = torch.tensor([-1.2, 1.0], dtype=torch.float64)
    settings = {"optimizer": "adam", "lr": 0.05, "schedule": "cosine"}
    res = ds.minimize(F.rosenbrock, x0, max_iter=3000, **settings)
    assert res.status == "max_iter"
    (finding,) = res.diagnoses
    assert "with the rate brought down to lr=" in finding.evidence
    assert res.advice() == {"max_iter": 6000}
    assert ds.minimize(F.rosenbrock, x0, **settings, **res.advice()).converged


def test_gtol_zero_is_named_as_why_no_run_converges_and_max_iter_zero_is_no_run():
    res = ds.minimize(F.quadratic(10.0), [1.0, 1.0], lr=0.1, gtol=0, max_iter=300)
    (finding,) = res.diagnoses
    assert "gtol=0 asks for a gradient of exactly 0" in finding.advice
    assert ds.minimize(F.rosenbrock, [-1.2, 1.0], max_iter=0).diagnoses == []  # fn at x0 alone: no finding


def test_a_line_search_method_is_advised_iterations_not_a_rate():
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], method="cg", max_iter=5)
    (finding,) = res.diagnoses
    assert res.advice() == {"max_iter": 10}
    assert "lr" not in finding.advice and "schedule" not in finding.advice


def test_a_gradient_norm_that_stopped_falling_at_a_fixed_rate_is_advised_to_anneal():
    # the steps of a sign-like rule stay lr long: the gradient norm hovers at 0.5 for ever
    n = 41
    hover = 0.5 + 1e-4 * np.arange(n)
    trajectory = np.stack([0.01 * np.cos(np.arange(n) * np.pi), np.zeros(n)], axis=1)
    c = Curves(
        loss=hover**2,
        grad_norm=hover,
        lr=np.r_[np.full(n - 1, 0.01), np.nan],
        steps=np.arange(n),
        converged=False,
        why_stopped="",
        full_batch=True,
        plain_steps=False,
        trajectory=trajectory,
        runner="minimize",
        status="max_iter",
        gtol=1e-5,
    )
    finding = unfinished(c)
    assert finding.change == {"schedule": "cosine"}
    assert (
        "the gradient norm stopped falling, its steps still 0.02 long (the median) at the fixed lr=0.01"
        in finding.evidence
    )
