"""The doctor bench's session-7 label rule for grids that did not train, and the run behind it:
a sigmoid MLP on XOR that left its plateau at the grid's best rate is not told its rate is too
small."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from _corpus_runs import bench_module, corpus_run


def _xor():
    """The tuning half's XOR task: a sigmoid MLP starts on a plateau at chance (log 2)."""
    rng = np.random.default_rng(3)
    X = rng.uniform(-1.0, 1.0, (400, 2))
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((X[:, 0] * X[:, 1] > 0).astype(np.int64))


def _train_xor(lr):
    return corpus_run(_xor(), "cross_entropy", lr, 15, hidden=(16,), activation="sigmoid")


def test_a_run_that_left_the_plateau_gets_no_finding():
    h = _train_xor(3.16)  # the grid's best rate: the loss falls to a tenth of log 2
    assert float(h.steps["loss"][-1]) < 0.3
    assert not [d for d in h.diagnoses if d.kind == "slow_progress"]


@pytest.fixture(scope="module")
def bench_doctor():
    return bench_module("doctor")


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
