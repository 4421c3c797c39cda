"""A first layer that raw, unscaled inputs saturate gets a finding of its own,
``unscaled_inputs``, with the change ``{"standardize": True}``: on a one-hidden-layer tanh MLP
whose steps were measured large, and on a deeper model whose first weight tensor alone is
starved; not where the inputs were standardised. Where a rate far below its limit holds the run
as well (which standardising alone does not cure in the same steps), the change also raises the
rate, to the one that puts the measured stability ratio at 0.5. Not on a deep sigmoid MLP under a
non-adaptive rule, which neither change finishes in its steps."""

from __future__ import annotations

import numpy as np
from _raw_inputs import one_hidden_tanh, raw_regression, three_hidden_sigmoid

import descend as ds
from descend.doctor._curves import Curves
from descend.doctor._inputs import unscaled_inputs


def _kinds(h):
    return [d.kind for d in h.diagnoses]


def test_a_raw_input_tanh_mlp_whose_first_layer_saturates_is_told_to_standardise():
    # mini-batches: Adam's steps read on the noise model's effective ratio, measured large
    settings = dict(optimizer="adam", lr=0.01, epochs=20, batch_size=32, progress=False)
    h = ds.train(one_hidden_tanh(), raw_regression(), **settings)
    (found,) = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]
    assert found.change == {"standardize": True} and h.advice()["standardize"] is True
    assert "vanishing_gradients" not in _kinds(h) and "slow_progress" not in _kinds(h)
    fixed = ds.train(one_hidden_tanh(), raw_regression(), **settings, **found.change)
    assert "unscaled_inputs" not in _kinds(fixed)
    assert fixed.epochs["loss"][-1] < 0.5 * h.epochs["loss"][-1]  # the advice helps


def test_full_batch_adam_on_raw_inputs_is_told_to_standardise_and_raise_its_rate():
    # The whole training set each step: Adam's preconditioned sharpness read against its
    # noise-free threshold (session 24), 0.048 of it, so the change raises the rate too; the
    # whole change ends lower than standardising alone.
    settings = dict(optimizer="adam", lr=0.01, epochs=20, batch_size=None, progress=False)
    h = ds.train(one_hidden_tanh(), raw_regression(), **settings)
    (found,) = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]
    assert found.change["standardize"] is True and found.change["lr"] > 5 * settings["lr"]
    alone = ds.train(one_hidden_tanh(), raw_regression(), **settings, standardize=True)
    whole = ds.train(one_hidden_tanh(), raw_regression(), **(settings | found.change))
    assert whole.epochs["loss"][-1] < 0.5 * alone.epochs["loss"][-1] < 0.5 * h.epochs["loss"][-1]


def test_the_finding_says_what_was_measured_and_what_to_change():
    h = ds.train(one_hidden_tanh(), raw_regression(), optimizer="sgd", lr=0.01, epochs=20, progress=False)
    (found,) = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]
    text = str(found)
    assert "the first layer '0.weight' gets" in text and "layer '2.weight' gets" in text
    assert "saturated by the scale of the raw inputs" in text
    assert "effective stability ratio peaked at" in text and "the rate does not hold the run" in text
    assert "standardise the inputs" in found.advice and "standardize=True" in found.advice


def test_a_rate_far_below_its_limit_holds_the_run_too_and_the_change_raises_it_with_the_inputs_standardised():
    settings = {"optimizer": "sgd", "lr": 1e-5, "epochs": 20, "tol": None, "progress": False}
    h = ds.train(one_hidden_tanh(), raw_regression(), **settings)
    (found,) = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]  # the parent gave no finding here
    assert found.change["standardize"] is True and found.change["lr"] > 100 * settings["lr"]
    assert "slow_progress" not in _kinds(h) and "vanishing_gradients" not in _kinds(h)
    text = str(found)  # the words name the measured ratio, the factor and the rate
    assert "effective stability ratio peaked at" in text and "below 0.5, so the rate holds the run as well" in text
    assert f"to lr={found.change['lr']:.3g}, which puts that ratio at 0.5" in found.advice
    assert "standardize=True" in found.advice
    joint = ds.train(one_hidden_tanh(), raw_regression(), **(settings | found.change))
    alone = ds.train(one_hidden_tanh(), raw_regression(), **(settings | {"standardize": True}))
    assert joint.epochs["loss"][-1] < 0.5 * h.epochs["loss"][-1]  # the whole change helps
    assert joint.epochs["loss"][-1] < 0.5 * alone.epochs["loss"][-1]  # standardising alone does not


def test_without_a_reading_to_size_the_rate_a_starved_run_with_small_steps_gets_no_finding():
    settings = {"optimizer": "sgd", "lr": 1e-5, "epochs": 20, "tol": None, "progress": False, "instruments": False}
    h = ds.train(one_hidden_tanh(), raw_regression(), **settings)
    assert "unscaled_inputs" not in _kinds(h)


def test_a_deep_sigmoid_mlp_under_a_non_adaptive_rule_standardises_its_inputs_under_adam():
    settings = {"optimizer": "sgd", "lr": 0.01, "epochs": 100, "tol": None, "progress": False}
    h = ds.train(three_hidden_sigmoid(), raw_regression(), **settings)
    found = [d for d in h.diagnoses if d.kind == "unscaled_inputs"]  # the parent withheld it: vanishing_gradients
    assert len(found) == 1 and "vanishing_gradients" not in _kinds(h)
    assert found[0].change == {"standardize": True, "optimizer": "adam", "lr": 0.01}
    assert "adam at lr=0.01" in found[0].advice and "sigmoid units" in found[0].evidence
    applied = ds.train(three_hidden_sigmoid(), raw_regression(), **(settings | h.advice()))
    assert applied.epochs["loss"][-1] <= 0.8 * h.epochs["loss"][-1]  # the whole change finishes it (0.06 vs 0.99)
    # doctor11's change (standardise, the rate raised to 0.116) does not, in the same steps
    parents = ds.train(three_hidden_sigmoid(), raw_regression(), **(settings | {"standardize": True, "lr": 0.116}))
    assert parents.epochs["loss"][-1] > 0.8 * h.epochs["loss"][-1]
    adam = ds.train(three_hidden_sigmoid(), raw_regression(), **(settings | {"optimizer": "adam"}))
    assert [d.change for d in adam.diagnoses if d.kind == "unscaled_inputs"][0].get("optimizer") is None


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
