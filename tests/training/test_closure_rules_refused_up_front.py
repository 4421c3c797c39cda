"""A rule that steps through a closure (L-BFGS, SAM) is refused what it cannot take before the
run starts: before lr="auto"'s range test, and before ``descend train --nproc N`` starts any
worker, in the loop's own words (which it said only at the first update, minutes later)."""

from __future__ import annotations

import importlib

import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app

train_module = importlib.import_module("descend.train")
workers_module = importlib.import_module("descend.cli._workers")
WORDS = r"LBFGS takes the loss and its gradients again through a closure on the update's batch; with 2 data-parallel workers its evaluations would differ between workers: train it in one process"


class _WorkerZeroOfTwo:
    """train's view of worker 0 of 2 data-parallel workers; its checks of the data pass, and
    no collective exists."""

    world, rank, is_main, device = 2, 0, True, torch.device("cpu")

    def check_same_data(self, *sources):
        return None

    def check_batch_size(self, size):
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


@pytest.fixture
def range_tests(monkeypatch):
    """The range tests train runs (none expected)."""
    ran = []
    monkeypatch.setattr(train_module, "rate_for_run", lambda *a, **k: ran.append(a) or pytest.fail("range test ran"))
    return ran


def test_ddp_train_refuses_lbfgs_before_the_range_test(monkeypatch, range_tests):
    monkeypatch.setattr(train_module, "setup_workers", lambda strategy, device: _WorkerZeroOfTwo())
    with pytest.raises(ValueError, match=WORDS):
        ds.train("softmax", "iris", optimizer="lbfgs", lr="auto", strategy="ddp", progress=False)
    assert range_tests == []


def test_descend_train_nproc_refuses_lbfgs_before_starting_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(workers_module, "_torchrun", lambda *a: pytest.fail("workers were started"))
    out = tmp_path / "run"
    args = ["train", "--data", "iris", "--model", "softmax", "--optimizer", "lbfgs", "--lr", "auto"]
    result = CliRunner().invoke(app, [*args, "--nproc", "2", "--out", str(out)])
    assert result.exit_code == 1
    assert "with 2 data-parallel workers its evaluations would differ between workers" in result.output
    assert not out.exists()
