"""Session 9's plateau rule of slow progress: a run whose steps are an order of magnitude below
the useful stability ratio and whose loss has not yet taken 15% off where it started is held on
its first plateau by its rate, though its flat curve looks settled."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import descend as ds
from descend.doctor._thresholds import FAR_BELOW, ON_PLATEAU, PLATEAU_BELOW


@pytest.fixture(autouse=True)
def _one_thread():
    """One torch thread, as the corpus trains: these models are tiny."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _waves():
    """The doctor corpus's tuning task ``waves tanh mlp`` (bench/_doctor_tasks_s9.py): 500 points
    in [-2, 2]^2, target sin(2 x0) cos(1.5 x1) plus noise, standardised."""
    rng = np.random.default_rng(9)
    X = rng.uniform(-2.0, 2.0, (500, 2))
    y = np.sin(2 * X[:, 0]) * np.cos(1.5 * X[:, 1]) + rng.normal(0.0, 0.1, 500)
    y = (y - y.mean()) / y.std()
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32)


def _train(lr):
    return ds.train(
        "mlp",
        _waves(),
        loss="mse",
        optimizer="sgd",
        lr=lr,
        batch_size=32,
        epochs=12,
        model_options={"hidden": (32, 32), "activation": "tanh"},
        progress=False,
        device="cpu",
        seed=0,
        instruments=True,
    )


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
    assert d.change["lr"] == pytest.approx(0.00316 * below, rel=0.05)
    assert f"try lr={d.change['lr']:.3g}" in d.advice
    assert _final(_train(d.change["lr"])) < 0.9 * _final(h)  # the advice helps


def test_the_same_task_at_a_good_rate_gets_no_slow_progress():
    h = _train(0.1)  # the grid's best rate
    assert not [d for d in h.diagnoses if d.kind == "slow_progress"]
