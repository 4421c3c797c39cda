"""A first layer that raw, unscaled inputs saturate gets a finding of its own,
``unscaled_inputs``, with the change ``{"standardize": True}``: on a one-hidden-layer tanh MLP
whose steps were measured large, and on a deeper model whose first weight tensor alone is
starved; not where the inputs were standardised, nor where a rate far below its limit holds the
run (which standardising alone does not cure in the same steps)."""

from __future__ import annotations

import numpy as np
from _raw_inputs import one_hidden_tanh, raw_regression

import descend as ds
from descend.doctor._curves import Curves
from descend.doctor._inputs import unscaled_inputs


def _kinds(h):
    return [d.kind for d in h.diagnoses]


def test_a_raw_input_tanh_mlp_whose_first_layer_saturates_is_told_to_standardise():
    h = ds.train(one_hidden_tanh(), raw_regression(), optimizer="adam", lr=0.01, epochs=20, progress=False)
    (found,) = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]
    assert found.change == {"standardize": True} and h.advice()["standardize"] is True
    assert "vanishing_gradients" not in _kinds(h) and "slow_progress" not in _kinds(h)
    fixed = ds.train(
        one_hidden_tanh(), raw_regression(), optimizer="adam", lr=0.01, epochs=20, progress=False, **found.change
    )
    assert "unscaled_inputs" not in _kinds(fixed)
    assert fixed.epochs["loss"][-1] < 0.5 * h.epochs["loss"][-1]  # the advice helps


def test_the_finding_says_what_was_measured_and_what_to_change():
    h = ds.train(one_hidden_tanh(), raw_regression(), optimizer="sgd", lr=0.01, epochs=20, progress=False)
    (found,) = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]
    text = str(found)
    assert "the first layer '0.weight' gets" in text and "layer '2.weight' gets" in text
    assert "saturated by the scale of the raw inputs" in text
    assert "effective stability ratio peaked at" in text and "the rate does not hold the run" in text
    assert "standardise the inputs" in found.advice and "standardize=True" in found.advice


def test_a_rate_far_below_its_limit_holds_the_run_and_standardising_is_not_advised():
    h = ds.train(one_hidden_tanh(), raw_regression(), optimizer="sgd", lr=1e-5, epochs=20, tol=None, progress=False)
    assert "unscaled_inputs" not in _kinds(h)


def _run(rows):
    n = 3
    return Curves(loss=np.ones(n), grad_norm=np.ones(n), lr=np.ones(n), steps=np.arange(n), converged=False,
                  why_stopped="", full_batch=True, plain_steps=True, layers=rows)  # fmt: skip


def test_at_any_depth_a_first_layer_starved_alone_is_the_inputs_and_a_starved_run_is_depth():
    alone = {"step": 1, "0.weight": 1e-9, "2.weight": 1e-3, "4.weight": 0.1}
    run_of_two = {"step": 1, "0.weight": 1e-9, "2.weight": 1e-8, "4.weight": 0.1}
    assert unscaled_inputs(_run([alone])).change == {"standardize": True}
    assert unscaled_inputs(_run([run_of_two])) is None
    assert unscaled_inputs(_run([alone]), scaled=True) is None  # train standardised the inputs already
