"""Known answers for "too small" on a short mini-batch Adam run (session 33, doctor36's E3:
``descend/doctor/_mini_batch_adam.py``): its headroom is read past update 1, where ``v̂`` is one
batch's squared gradient, and without m's bias correction; a full-batch run is read as measured."""

from __future__ import annotations

import math

import pytest

import descend as ds
from _built_history import built_history

LR = 1e-3
THRESHOLD = 38 / LR  # Adam's (2 + 2 β1) / ((1 - β1) lr) at β1 = 0.9
SLOW = [1.0 - 0.004 * i for i in range(20)]  # 20 updates, 7.6% off: a plateau at its rate


def _row(step, stability):
    return {
        "step": step,
        "probe_loss": 1.0,
        "sharpness": stability * THRESHOLD,
        "threshold": THRESHOLD,
        "stability": stability,
        "noise_scale": math.nan,
        "batch_size": 32,
        "alpha": math.nan,
    }


# Read at update 1 and at its end (default_steps of a run under 30 updates): the update-1 reading is
# 100 times the last, as on session 33's short mini-batch grids (fresh60's malthouse at lr 1e-3: 83x).
ROWS = [_row(1, 0.05), _row(20, 0.0005)]


def test_a_short_mini_batch_adam_run_is_read_past_its_first_update():
    # Five epochs of four batches. As measured, the peak is update 1's: 0.05 x 19 (Adam's noise gain)
    # = 0.95 effective, no headroom (the parent called nothing). Past it, update 20's 0.0005 x 19 x
    # (1 - 0.9^20) = 0.00834 effective leaves 60x: on its plateau, too small.
    (d,) = ds.diagnose(built_history(SLOW, lr=LR, instruments=ROWS, batches=4))
    assert d.kind == "slow_progress" and "is 0.0005 × the stability threshold" in d.evidence
    assert "1-β1^t = 0.88 at step 20" in d.evidence
    settled = 0.0005 * 19 * (1 - 0.9**20)
    assert d.change == {"lr": pytest.approx(float(f"{LR * 0.5 / settled:.3g}"))}  # 0.06


def test_a_short_full_batch_adam_run_is_read_as_measured():
    # The same readings of a full-batch run: noise-free (gain 1), the update-1 reading is its peak
    # (0.05: 10x of headroom) and its evidence, as before (session 33's D1 and D23 each added a false
    # alarm reading full-batch runs otherwise).
    (d,) = ds.diagnose(built_history(SLOW[:10], lr=LR, instruments=[_row(1, 0.05), _row(10, 0.0005)]))
    assert d.kind == "slow_progress" and "is 0.05 × the stability threshold 3.8e+04 at step 1" in d.evidence
