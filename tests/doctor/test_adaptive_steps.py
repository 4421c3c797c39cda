"""Session 19: under an adaptive rule (Adam), a gradient large against the weights is no
"exploding gradients" finding where the update ratios measured the steps small: the step does
not follow the gradient's scale (_adaptive_steps.py). Plain steps, and a run that diverged, are
read as before, and ``adaptive_steps=False`` restores the rule before."""

from __future__ import annotations

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor import _adaptive_steps as adaptive_steps_module
from descend.doctor._adaptive_steps import adaptive_steps_small, median_update
from descend.doctor._layers import exploding
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import EXPLODING, HEALTHY_UPDATE, RAISE

STEPS = 200
GRADIENTS = {"0.weight": 5e3, "0.bias": 10.0, "2.weight": 4e4}  # two weight tensors over EXPLODING
SMALL = (0.05, 4e-5, 1e-6)  # Adam: its first step is lr per coordinate, then far smaller
LARGE = (0.5, 0.02, 0.01)


def _run(updates, adaptive=True, stability=0.5):
    """A healthy-looking run (the loss down to a tenth) of an adaptive or plain rule whose readings
    put the peak effective ratio at ``stability`` (over TARGET / RAISE: the steps near the stable
    limit), with the layers' gradients ``GRADIENTS`` and the two weights' update ratios ``updates``
    at steps 1, 101 and 201."""
    c = full_batch_run(np.geomspace(1.0, 0.1, STEPS), lr=0.01, stability=stability, adaptive=adaptive)
    c.layers = [{"step": s} | GRADIENTS for s in (1, 101, 201)]
    c.update_ratios = [
        {"step": s, "0.weight": u / 2, "0.bias": u, "2.weight": u} for s, u in zip((1, 101, 201), updates)
    ]
    return c


def test_the_built_runs_have_large_gradients_and_steps_near_the_limit():
    assert sum(1 for k, v in GRADIENTS.items() if k.endswith("weight") and v > EXPLODING) == 2
    assert 0.5 >= TARGET / RAISE
    assert median_update(_run(SMALL), ["0.weight", "2.weight"]) == SMALL[1] < HEALTHY_UPDATE
    assert median_update(_run(LARGE), ["0.weight", "2.weight"]) == LARGE[1] >= HEALTHY_UPDATE


def test_an_adaptive_rule_whose_steps_were_measured_small_has_no_exploding_gradients():
    c = _run(SMALL)
    assert adaptive_steps_small(c, GRADIENTS)
    assert exploding(c) is None
    old = exploding(c, adaptive_steps=False)  # the rule before session 19 called it
    assert old is not None and old.kind == "exploding_gradients"


def test_an_adaptive_rule_whose_steps_were_measured_large_still_has_them():
    c = _run(LARGE)
    assert not adaptive_steps_small(c, GRADIENTS)
    found = exploding(c)
    assert found is not None and found.kind == "exploding_gradients" and found.change["lr"] == 0.001


def test_plain_steps_are_read_as_before():
    c = _run(SMALL, adaptive=False)
    assert not adaptive_steps_small(c, GRADIENTS)
    found = exploding(c)
    assert found is not None and found == exploding(c, adaptive_steps=False)


@pytest.mark.parametrize("adaptive", [True, False])
def test_beside_a_divergence_the_large_gradient_is_named_as_before(adaptive):
    c = _run(SMALL, adaptive=adaptive)
    found = exploding(c, diverged=True)
    assert found is not None and found == exploding(c, diverged=True, adaptive_steps=False)


def test_steps_measured_far_below_the_limit_find_nothing_either_way():
    c = _run(LARGE, stability=0.01)  # under TARGET / RAISE: a large gradient in small steps
    assert exploding(c) is None and exploding(c, adaptive_steps=False) is None


# The refit (session 19, third look): the first step's sample is left out of the median.
SHORT = (0.05, 4e-5)  # a short run sampled at steps 1 and 101: Adam's first step is lr per coordinate


def _short(updates, steps=(1, 101)):
    """``_run``'s Adam run, sampled only at ``steps`` with the update ratios ``updates``."""
    c = _run(LARGE)
    c.layers = [{"step": s} | GRADIENTS for s in steps]
    c.update_ratios = [{"step": s, "0.weight": u / 2, "0.bias": u, "2.weight": u} for s, u in zip(steps, updates)]
    return c


def test_a_short_run_whose_only_large_sample_is_the_first_step_has_no_exploding_gradients(monkeypatch):
    c = _short(SHORT)
    assert median_update(c, ["0.weight", "2.weight"]) == pytest.approx((SHORT[0] + SHORT[1]) / 2)  # e16bf35's read
    assert median_update(c, ["0.weight", "2.weight"], after=1) == SHORT[1] < HEALTHY_UPDATE
    assert adaptive_steps_small(c, GRADIENTS) and not adaptive_steps_small(c, GRADIENTS, first_steps=0)
    assert exploding(c) is None
    monkeypatch.setattr(adaptive_steps_module, "FIRST_STEPS", 0)  # e16bf35's rule: the median of both
    found = exploding(c)
    assert found is not None and found.kind == "exploding_gradients"


def test_a_run_sampled_only_at_its_first_step_reads_as_before():
    c = _short(SHORT[:1], steps=(1,))
    assert median_update(c, ["0.weight", "2.weight"], after=1) is None
    assert not adaptive_steps_small(c, GRADIENTS)
    found = exploding(c)
    assert found is not None and found == exploding(c, adaptive_steps=False)


def test_a_large_step_past_the_first_still_has_them():
    c = _short((0.05, 0.01))  # Adam's later step is a hundredth of the weights: the gradient drives it
    assert not adaptive_steps_small(c, GRADIENTS)
    found = exploding(c)
    assert found is not None and found.kind == "exploding_gradients"
