"""Session 25 (doctor23's spike part, frozen alone by doctor24, kept by doctor25): a run without readings (a loop
watched with no probe) is not told its rate is too small where its gradient norm spiked and died
under steps as large as its weights (:mod:`descend.doctor._unread`). The doctor is quiet there
rather than wrong in direction; a run with readings is read as before."""

from __future__ import annotations

import dataclasses

import numpy as np
import torch
import torch.nn.functional as F
from _built_runs import full_batch_run

import descend as ds
from descend.doctor._progress import slow_progress
from descend.doctor._thresholds import DEADENED, THROWN

N = 200
LR = 3.0


def _unread(loss: np.ndarray, grad_norm: np.ndarray, moved: float) -> ds.doctor._curves.Curves:
    """A mini-batch-like run of ``N`` steps at ``LR`` with no reading, each sampled step changing
    the weights by ``moved`` of their norm."""
    c = full_batch_run(loss, lr=LR, stability=0.1, grad_norm=grad_norm)
    ratios = [{"step": s, "0.weight": moved, "0.bias": moved / 2} for s in range(10, N + 1, 10)]
    return dataclasses.replace(c, instruments=[], full_batch=False, epoch_loss=loss[::10], update_ratios=ratios)


def _spike_then(late: float) -> np.ndarray:
    return np.r_[1.0, THROWN + 2.0, np.full(N - 2, late)]


def test_a_gradient_that_spiked_and_died_under_steps_as_large_as_the_weights_is_no_slow_rate():
    crawl = np.linspace(1.0, 0.9, N)  # a tenth off, in a straight line
    dead = _spike_then(0.5 * DEADENED)
    assert slow_progress(_unread(crawl, dead, moved=2.0)) is None  # the parent: too small, try lr=9
    # the same spike under steps a thousandth of the weights is mini-batch noise at a tiny rate
    found = slow_progress(_unread(crawl, dead, moved=1e-3))
    assert found is not None and found.change["lr"] > LR


def test_a_run_with_readings_whose_gradient_spiked_and_died_is_read_on_them_as_before():
    crawl = np.linspace(1.0, 0.9, N)
    dead = _spike_then(0.5 * DEADENED)
    unread = _unread(crawl, dead, moved=2.0)
    read = dataclasses.replace(unread, instruments=full_batch_run(crawl, lr=LR, stability=0.0).instruments)
    assert slow_progress(unread) is None
    # every reading measured a curvature of 0: read from the curve as before, the rule not taken
    assert slow_progress(read) is not None


def _watched_digits_at_lr_3(log_dir, **probe) -> tuple:
    """A digits MLP (inputs in [0, 1]) trained by a plain loop at SGD lr=3 for 5 epochs of batches
    of 32 under ``ds.watch``: thrown to chance. Its findings and its last epoch's loss."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    x, t = torch.tensor(X / 16, dtype=torch.float32), torch.tensor(y)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    opt = torch.optim.SGD(model.parameters(), lr=3.0)
    monitor = ds.watch(model, opt, log_dir=log_dir, total_steps=285, **probe)
    for _ in range(5):
        for i in range(0, len(x), 32):
            opt.zero_grad()
            loss = F.cross_entropy(model(x[i : i + 32]), t[i : i + 32])
            loss.backward()
            opt.step()
            monitor.log(loss)
        monitor.epoch_end()
    return monitor.close(), monitor.history.epochs["loss"][-1], (x[:256], t[:256])


def test_a_watched_loop_a_large_rate_threw_gets_no_wrong_direction_without_a_probe_and_a_lower_rate_with_one(
    tmp_path,
):
    found, last, probe = _watched_digits_at_lr_3(tmp_path / "unread")
    assert last > 2.2  # at chance, ln 10 = 2.3
    # the parent: slow_progress, "the learning rate may be too small: try lr=9"
    assert not any(d.change.get("lr", 0.0) > 3.0 for d in found), [(d.kind, d.change) for d in found]
    assert "slow_progress" not in [d.kind for d in found]
    # given a probe, the readings see the throw (_thrown.py): a tenth of the rate, which trains it
    found, last, _ = _watched_digits_at_lr_3(tmp_path / "read", loss_fn=F.cross_entropy, probe=probe)
    assert last > 2.2 and [d.kind for d in found] == ["divergence"]
    assert abs(found[0].change["lr"] - 0.3) < 1e-9
    assert "threw the weights onto a flat region" in found[0].evidence
