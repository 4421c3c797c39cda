"""The doctor bench's session-7 label rule for grids that did not train, and the run behind it:
a sigmoid MLP on XOR that left its plateau at the grid's best rate is not told its rate is too
small."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import descend as ds


@pytest.fixture(autouse=True)
def _one_thread():
    """One torch thread, as the corpus trains: these models are tiny, and on a loaded machine
    several threads spend the time waiting on each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _xor():
    """The tuning half's XOR task: a sigmoid MLP starts on a plateau at chance (log 2)."""
    rng = np.random.default_rng(3)
    X = rng.uniform(-1.0, 1.0, (400, 2))
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((X[:, 0] * X[:, 1] > 0).astype(np.int64))


def _train_xor(lr):
    return ds.train(
        "mlp",
        _xor(),
        loss="cross_entropy",
        optimizer="sgd",
        lr=lr,
        batch_size=32,
        epochs=15,
        model_options={"hidden": (16,), "activation": "sigmoid"},
        progress=False,
        device="cpu",
        seed=0,
        instruments=True,
    )


def test_a_run_that_left_the_plateau_gets_no_finding():
    h = _train_xor(3.16)  # the grid's best rate: the loss falls to a tenth of log 2
    assert float(h.steps["loss"][-1]) < 0.3
    assert not [d for d in h.diagnoses if d.kind == "slow_progress"]


@pytest.fixture(scope="module")
def bench_doctor():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        yield importlib.import_module("doctor")
    finally:
        sys.path.pop(0)


def _grid(finals, start=1.0):
    return [
        {
            "task": "t",
            "half": "tune",
            "optimizer": "sgd",
            "lr": lr,
            "final": final,
            "history": {"steps": {"loss": [start]}},
        }
        for lr, final in zip((0.01, 0.1, 1.0), finals)
    ]


def test_a_grid_whose_best_run_took_less_than_a_fifth_off_its_start_is_ambiguous(bench_doctor):
    barely = _grid((2.0, 0.85, 0.9))  # the best ended at 0.85x its start: no rate trained
    assert bench_doctor.TRAINED_BELOW == 0.8
    assert [label for label, *_ in bench_doctor.labels(barely)] == ["ambiguous"] * 3
    # session 6's rule (no lower than the start) labels the same grid from its best
    assert [label for label, *_ in bench_doctor.labels(barely, trained_below=1.0)] == [
        "too_small",
        "healthy",
        "healthy",
    ]
    trained = _grid((2.0, 0.75, 0.9))  # a quarter off: the grid trained
    assert [label for label, *_ in bench_doctor.labels(trained)] == ["too_small", "healthy", "healthy"]
