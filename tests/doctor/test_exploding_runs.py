"""Session 10: exploding gradients advise a smaller rate only where the steps were measured
large. A gradient large against the weights because the inputs are raw (unscaled), taken in
steps far too short, is a rate too small, not one to lower."""

from __future__ import annotations

import math
import re

import pytest
import torch

import descend as ds
from _deep_nets import deep_relu
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import EXPLODING, HEALTHY_UPDATE, RAISE


def _raw_inputs():
    """256 x 6 normal features times 100 (left unstandardised), a smooth target of them."""
    g = torch.Generator().manual_seed(1)
    X = torch.randn(256, 6, generator=g)
    return X * 100, torch.sin(X[:, 0]) + X[:, 1] * X[:, 2]


def _relu_mlp(d_in, width=32):
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(d_in, width),
        torch.nn.ReLU(),
        torch.nn.Linear(width, width),
        torch.nn.ReLU(),
        torch.nn.Linear(width, 1),
    )


def _deep_data():
    g = torch.Generator().manual_seed(0)
    return torch.randn(64, 8, generator=g), torch.randn(64, generator=g)


def _final(h, data):
    X, y = data
    h.model.eval()
    with torch.no_grad():
        return float(torch.nn.functional.mse_loss(h.model(X).squeeze(-1), y))


def _raw_run(lr, **kw):
    settings = {"optimizer": "sgd", "epochs": 20, "batch_size": 32, "tol": None, "progress": False} | kw
    return ds.train(_relu_mlp(6), _raw_inputs(), lr=lr, **settings)


def _high_weights(h):
    row = h.layer_grad_ratios[-1]
    return [k for k, v in row.items() if k.endswith("weight") and math.isfinite(v) and v > EXPLODING]


def test_raw_inputs_with_a_too_small_rate_get_a_raise_not_a_cut():
    h = _raw_run(1e-7)  # the best of 1e-7 ... 1e-2 for this net is 1e-4
    assert len(_high_weights(h)) >= 2  # the gradients are "exploding" by their size alone
    peak = max(row["stability"] for row in h.instruments if math.isfinite(row.get("stability", math.nan)))
    assert peak < TARGET / RAISE  # ... taken in steps measured far below the stable limit
    kinds = [d.kind for d in h.diagnoses]
    assert "exploding_gradients" not in kinds and "slow_progress" in kinds, kinds
    advice = h.advice()
    assert "clip_grad_norm" not in advice and advice["lr"] > 10 * 1e-7
    # the advice helps: the same net with it applied ends lower
    fixed = _raw_run(**advice)
    assert _final(fixed, _raw_inputs()) < 0.9 * _final(h, _raw_inputs())


def test_raw_inputs_with_a_too_small_rate_and_no_instruments_read_the_update_ratio():
    h = _raw_run(1e-7, instruments=False)
    assert h.instruments == [] and len(_high_weights(h)) >= 2
    moved = [max(v for k, v in row.items() if k in _high_weights(h)) for row in h.update_ratios]
    assert max(moved) < HEALTHY_UPDATE  # a step moves those weights by under a thousandth
    assert "exploding_gradients" not in [d.kind for d in h.diagnoses]


@pytest.mark.parametrize("instruments", [True, False])
def test_a_deep_net_initialised_too_large_with_large_steps_is_told_to_lower_the_rate(instruments):
    # lr 1e-9 is near this net's limit: 1e-8 diverges (λ_max 99x the threshold 2/lr).
    data = _deep_data()
    h = ds.train(
        deep_relu(gain=4.0),
        data,
        optimizer="sgd",
        lr=1e-9,
        epochs=3,
        batch_size=16,
        tol=None,
        progress=False,
        instruments=instruments,
    )
    (d,) = [d for d in h.diagnoses if d.kind == "exploding_gradients"]
    if instruments:
        peak = float(re.search(r"effective stability ratio peaked at ([0-9.e+-]+)", d.evidence).group(1))
        assert peak >= TARGET / RAISE
    else:
        moved = float(re.search(r"a step moves them by ([0-9.e+-]+) of their norm", d.evidence).group(1))
        assert moved >= HEALTHY_UPDATE
    assert d.change == {"clip_grad_norm": 1.0, "lr": 1e-10}
