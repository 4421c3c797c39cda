"""A first layer saturated by the scale of its raw inputs explains a slow run as a vanishing
gradient did: on a one-hidden-layer tanh MLP too shallow for ``vanishing_gradients`` (the depth
rule), the doctor blames no rate for the slowness either, though the slow-progress check alone
would have called the rate too small."""

from __future__ import annotations

from _raw_inputs import one_hidden_tanh, raw_regression

import descend as ds
from descend.doctor._curves import from_history
from descend.doctor._layers import saturated, vanishing
from descend.doctor._progress import slow_progress


def _slow_saturated_run():
    return ds.train(one_hidden_tanh(), raw_regression(), optimizer="sgd", lr=1e-5, epochs=20, tol=None, progress=False)


def test_a_saturated_shallow_run_gets_neither_vanishing_gradients_nor_slow_progress():
    h = _slow_saturated_run()
    c = from_history(h)
    assert saturated(c) and vanishing(c) is None  # too shallow for vanishing, its first layer dead
    assert slow_progress(c) is not None  # what the depth rule alone would have uncovered
    kinds = [d.kind for d in h.diagnoses]
    assert "vanishing_gradients" not in kinds and "slow_progress" not in kinds


def test_a_standardised_shallow_run_is_not_saturated():
    X, y = raw_regression()
    X = (X - X.mean(0)) / X.std(0)
    h = ds.train(one_hidden_tanh(), (X, y), optimizer="sgd", lr=1e-5, epochs=20, tol=None, progress=False)
    assert not saturated(from_history(h))
