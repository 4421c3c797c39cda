"""Session 14d: a run thrown onto a plateau by its steps (the gradient norm spiked, then died
away, while the loss stayed near its start and stopped falling) is told its rate was too
large, though every reading of its flat region is stable. Session 24 (doctor14): not where the run's
first layer alone is starved by the scale of its raw inputs, which holds the loss near its start
without a throw (``unscaled_inputs`` names it). Session 25: a watched loop given a probe is read for
it as a trained run is (``test_unread_runs.py``); without readings the doctor reads no throw (on fresh49
and fresh50 with their readings stripped, reading it there called more runs wrongly than rightly)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from _built_runs import full_batch_run
from _raw_inputs import raw_regression, three_hidden_sigmoid

import descend as ds
from descend.doctor._curves import Curves
from descend.doctor._inputs import unscaled_inputs
from descend.doctor._instability import instability
from descend.doctor._thresholds import DEADENED, ON_PLATEAU, THROWN
from descend.doctor._thrown import thrown_onto_plateau

LR = 0.5
N = 200


def _run(grad_norm: np.ndarray, loss: np.ndarray, stability: float = 0.2) -> Curves:
    """A full-batch GD run with two readings of ``stability`` (below 1: the flat region)."""
    return full_batch_run(loss, lr=LR, stability=stability, grad_norm=grad_norm)


def _spike_then(late: float) -> np.ndarray:
    """A gradient norm of 1 at the start, ``THROWN + 1`` at step 2, then ``late`` to the end."""
    return np.r_[1.0, 1.5, THROWN + 1.0, np.full(N - 3, late)]


def _stuck(fell: float) -> np.ndarray:
    """A loss that rose a little, then sat flat ``fell`` below its start."""
    return np.r_[1.0, 1.2, 1.1, np.full(N - 3, 1.0 - fell)]


def test_a_run_thrown_onto_its_plateau_is_told_its_rate_was_too_large():
    found = instability(_run(_spike_then(0.5 * DEADENED), _stuck(0.5 * ON_PLATEAU)))
    assert found is not None and found.kind == "divergence"
    assert f"rose to {THROWN + 1:.3g} × its start" in found.evidence
    assert "threw the weights onto a flat region" in found.evidence
    assert found.change == {"lr": pytest.approx(0.1 * LR)}  # no reading reached 1: a tenth
    assert "a tenth of the rate" in found.advice


def test_a_gradient_that_grows_as_the_run_leaves_its_plateau_is_no_throw():
    # a rate too small on a plateau: the gradient norm rises as the run begins to leave it
    grad = np.r_[np.linspace(1.0, THROWN + 1.0, N // 2), np.full(N - N // 2, THROWN + 1.0)]
    assert thrown_onto_plateau(_run(grad, _stuck(0.05)), _stuck(0.05)) is None


def test_noise_that_spikes_the_gradient_but_leaves_it_alive_is_no_throw():
    # mini-batch noise lifts single norms 2-3x, but the late median stays near the start
    assert thrown_onto_plateau(_run(_spike_then(0.9), _stuck(0.05)), _stuck(0.05)) is None


def test_a_loss_that_left_its_plateau_or_still_falls_is_no_throw():
    grad = _spike_then(0.5 * DEADENED)
    left = _stuck(2 * ON_PLATEAU)
    assert thrown_onto_plateau(_run(grad, left), left) is None
    # flat, then falling over its last quarter (by more than STILL_FALLING), not yet off the plateau
    falling = np.r_[1.0, 1.2, np.full(3 * N // 4 - 2, 1.0), np.linspace(1.0, 1.0 - 0.9 * ON_PLATEAU, N // 4)]
    assert thrown_onto_plateau(_run(grad, falling), falling) is None


def test_a_run_with_too_few_points_or_no_gradient_is_no_throw():
    short = np.array([1.0, 3.0, 0.1])
    assert thrown_onto_plateau(_run(_spike_then(0.1), _stuck(0.0)), short) is None
    zero = np.r_[0.0, _spike_then(0.1)[1:]]
    assert thrown_onto_plateau(_run(zero, _stuck(0.0)), _stuck(0.0)) is None


def test_a_plateau_held_by_a_first_layer_the_raw_inputs_starve_is_no_throw():
    run = _run(_spike_then(0.5 * DEADENED), _stuck(0.5 * ON_PLATEAU))
    alone = {"step": N, "0.weight": 1e-9, "2.weight": 1e-3, "4.weight": 0.1}  # the first weight tensor alone starved
    starved = dataclasses.replace(run, layers=[alone])
    assert instability(starved) is None  # the parent: divergence, "threw the weights onto a flat region"
    found = unscaled_inputs(starved)  # the inputs' scale is named instead, with its cure
    assert found is not None and found.change == {"standardize": True}
    # a starved run of weight tensors is depth, not the inputs: the throw stands
    deep = dataclasses.replace(run, layers=[alone | {"2.weight": 1e-8}])
    assert instability(deep).kind == "divergence" and unscaled_inputs(deep) is None


def test_a_deep_sigmoid_mlp_on_raw_inputs_stuck_at_its_start_is_told_to_standardise_not_to_lower_its_rate():
    settings = {"optimizer": "sgd", "lr": 0.01, "epochs": 20, "batch_size": 32, "progress": False}
    h = ds.train(three_hidden_sigmoid(), raw_regression(), **settings)
    kinds = [d.kind for d in h.diagnoses]
    assert kinds == ["unscaled_inputs"]  # the parent: divergence ("thrown onto a plateau"), lr 0.01 -> 0.001
    applied = ds.train(three_hidden_sigmoid(), raw_regression(), **(settings | h.advice()))
    assert applied.epochs["loss"][-1] <= 0.5 * h.epochs["loss"][-1]  # 0.17 against 0.99
    lowered = ds.train(three_hidden_sigmoid(), raw_regression(), **(settings | {"lr": 0.001}))
    assert lowered.epochs["loss"][-1] > 0.8 * h.epochs["loss"][-1]  # the parent's advice: 1.03
