"""The loss left to fall at the end of a run (Instruments.close): read at the last weights
wherever the last planned reading did not take it, without changing the sampling of the other
readings."""

from __future__ import annotations

import math

import pytest
import torch

import descend as ds
from descend.instruments import Instruments
from descend.training.callbacks import Callback


def _least_squares(n=100, p=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, p, generator=g) * torch.linspace(0.5, 2.0, p)
    y = X @ torch.randn(p, generator=g) + 0.3 * torch.randn(n, generator=g)
    # The probe's two halves are the same examples: the crossed estimate is then the exact
    # loss above the minimum (descend.instruments.decrease).
    return torch.cat([X, X]), torch.cat([y, y])


def _mse(out, t):
    return ((out.squeeze(-1) - t) ** 2).mean()


def _above_minimum(model, X, y):
    Xb = torch.cat([X, torch.ones(len(X), 1)], 1)
    best = _mse(Xb @ torch.linalg.lstsq(Xb, y.unsqueeze(1)).solution, y)
    with torch.no_grad():
        return float(_mse(model(X), y) - best)


def _trained(steps, **sampling):
    """Least squares by SGD for ``steps`` updates, read by instruments with ``sampling``."""
    X, y = _least_squares()
    torch.manual_seed(0)
    model = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    inst = Instruments(model, _mse, (X, y), optimizer=opt, noise_scale=False, **sampling)
    for _ in range(steps):
        opt.zero_grad()
        _mse(model(X), y).backward()
        inst.before_step()
        opt.step()
        inst.after_step()
    return inst, model, X, y


def test_a_run_stopped_early_gets_a_row_of_the_decrease_left_at_its_last_weights():
    inst, model, X, y = _trained(60, every=True, total_steps=400)  # planned readings at 20 and 400: stopped at 60
    assert [row["step"] for row in inst.rows] == [20]
    row = inst.close()
    assert [r["step"] for r in inst.rows] == [20, 60] and inst.rows[-1] is row
    assert row["decrease"] == pytest.approx(_above_minimum(model, X, y), rel=1e-3)
    assert row["decrease_exact"] == 1.0  # 5 parameters: CG converged
    with torch.no_grad():
        assert row["probe_loss"] == pytest.approx(float(_mse(model(X), y)), rel=1e-6)
    assert math.isnan(row["sharpness"]) and math.isnan(row["noise_scale"]) and math.isnan(row["alpha"])
    rule = ("threshold_lr", "gain", "preconditioned", "base_lr")  # as every row has them
    assert [row[k] for k in rule] == [inst.rows[0][k] for k in rule]
    assert inst.close() is None and len(inst.rows) == 2  # read once


def test_every_n_fills_the_last_reading_when_it_was_taken_at_the_last_step():
    inst, model, X, y = _trained(10, every=5)
    assert all(math.isnan(row["decrease"]) for row in inst.rows)
    assert inst.close() is None
    assert [row["step"] for row in inst.rows] == [5, 10]
    assert math.isnan(inst.rows[0]["decrease"])
    assert inst.rows[-1]["decrease"] == pytest.approx(_above_minimum(model, X, y), rel=1e-3)
    assert math.isnan(inst.rows[0]["decrease_exact"]) and inst.rows[-1]["decrease_exact"] == 1.0


def test_a_capped_reading_at_the_close_is_recorded_as_a_lower_bound():
    inst, model, X, y = _trained(10, every=5, decrease_iterations=1)
    inst.close()
    row = inst.rows[-1]
    assert row["decrease_exact"] == 0.0 and 0 < row["decrease"] < _above_minimum(model, X, y)


def test_a_finished_run_reads_the_decrease_once_at_its_last_planned_step():
    inst, model, X, y = _trained(40, every=True, total_steps=40)
    before = [dict(row) for row in inst.rows]
    assert inst.close() is None
    assert inst.rows == before and math.isfinite(inst.rows[-1]["decrease"])


def test_nothing_is_read_without_an_update_with_decrease_off_or_at_a_non_finite_loss():
    X, y = _least_squares()
    model = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    fresh = Instruments(model, _mse, (X, y), optimizer=opt, every=True, total_steps=40)
    assert fresh.close() is None and fresh.rows == []
    off = Instruments(model, _mse, (X, y), every=True, total_steps=40, decrease_iterations=0, step=3)
    assert off.close() is None and off.rows == []
    late = Instruments(model, _mse, (X, y), every=True, total_steps=40, step=3)
    with torch.no_grad():
        model.weight.fill_(math.inf)
    assert late.close() is None and late.rows == []


class _StopAt(Callback):
    def __init__(self, step):
        self.step = step

    def on_step_end(self, run):
        if run.step == self.step:
            run.stop(f"stopped at step {self.step}")


def test_train_stopped_early_records_the_decrease_at_its_last_step_before_the_doctor_sees_it():
    common = dict(lr=0.05, epochs=50, batch_size=32, seed=0, progress=False)
    whole = ds.train("softmax", "iris", **common)
    planned = [row["step"] for row in whole.instruments]
    assert math.isfinite(whole.instruments[-1]["decrease"]) and planned[-1] == len(whole.steps["loss"])
    assert all(math.isnan(row["decrease"]) for row in whole.instruments[:-1])

    stopped = ds.train("softmax", "iris", callbacks=[_StopAt(30)], **common)
    steps = [row["step"] for row in stopped.instruments]
    assert steps == [s for s in planned if s < 30] + [30]
    assert math.isfinite(stopped.instruments[-1]["decrease"]) and stopped.instruments[-1]["decrease"] >= 0
    # the run folder's readers and the doctor see the same rows
    assert stopped.stopped_because == "stopped at step 30"


def test_train_stopped_before_its_first_reading_gets_a_whole_reading_at_its_last_step():
    # 200 planned updates read first at update 10: a stopping rule that ends the run at 3 would
    # leave the doctor a decrease without a sharpness, and its advice only the loss curve.
    stopped = ds.train(
        "softmax", "iris", lr=0.05, epochs=50, batch_size=32, seed=0, progress=False, callbacks=[_StopAt(3)]
    )
    (row,) = stopped.instruments
    assert row["step"] == 3
    assert math.isfinite(row["sharpness"]) and row["sharpness"] > 0
    assert math.isfinite(row["stability"]) and math.isfinite(row["decrease"])
