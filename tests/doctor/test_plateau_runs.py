"""Session 9's plateau rule of slow progress: a run whose steps are an order of magnitude below
the useful stability ratio and whose loss has not yet taken 15% off where it started is held on
its first plateau by its rate, though its flat curve looks settled."""

from __future__ import annotations

import re

import pytest
import torch
from _corpus_runs import corpus_run

from _bench import bench_module
from descend.doctor._thresholds import FAR_BELOW, ON_PLATEAU, PLATEAU_BELOW, PLATEAU_SHARPENING

# The doctor corpus's tuning task ``waves tanh mlp`` (session 9's second tuning group).
_waves = bench_module("_doctor_tasks_s9").waves


def _train(lr):
    return corpus_run(_waves(), "mse", lr, 12, hidden=(32, 32), activation="tanh")


def _final(h):
    X, y = _waves()
    h.model.eval()
    with torch.no_grad():
        return float(torch.nn.functional.mse_loss(h.model(X).squeeze(-1), y))


def test_a_run_held_on_its_plateau_by_a_small_rate_is_told_by_how_much():
    h = _train(0.00316)  # 30x below the grid's best rate; the loss falls ~5% and flattens
    slow = [d for d in h.diagnoses if d.kind == "slow_progress"]
    assert len(slow) == 1, [d.kind for d in h.diagnoses]
    d = slow[0]
    fell = float(re.search(r"fallen by only ([0-9.e-]+) \(relative\) from its start, a plateau", d.evidence).group(1))
    below = float(re.search(r"with steps ([0-9.e+]+)x below the useful stability ratio", d.evidence).group(1))
    assert 0 <= fell < ON_PLATEAU
    assert PLATEAU_BELOW <= below < FAR_BELOW  # the plateau rule, not the far-below one
    assert "λ_max" in d.evidence and "× the stability threshold 2/lr" in d.evidence
    # still on its plateau: aimed PLATEAU_SHARPENING below the useful ratio (session 14c)
    assert d.change["lr"] == pytest.approx(0.00316 * below / PLATEAU_SHARPENING, rel=0.05)
    assert f"try lr={d.change['lr']:.3g}" in d.advice
    assert _final(_train(d.change["lr"])) < 0.9 * _final(h)  # the advice helps


def test_the_same_task_at_a_good_rate_gets_no_slow_progress():
    h = _train(0.1)  # the grid's best rate
    assert not [d for d in h.diagnoses if d.kind == "slow_progress"]
