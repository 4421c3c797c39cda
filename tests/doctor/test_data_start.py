"""A mini-batch run is read against the data's loss at its initial weights where train measured it
(``History.initial_data_loss``), not against its first batch's loss (_data_start.py, session 27)."""

from __future__ import annotations

import numpy as np

import descend as ds
from _built_history import built_history
from descend.doctor._curves import from_history

N, BATCHES, LR = 200, 10, 0.1  # 20 epochs of 10 mini-batches


def _reading(step: int, stability: float) -> dict:
    return {
        "step": step,
        "sharpness": stability * 2.0 / LR,
        "threshold": 2.0 / LR,
        "stability": stability,
        "threshold_lr": 2.0,
        "gain": 1.0,
        "preconditioned": False,
    }


def _kinds(loss, stability, start):
    h = built_history(loss, lr=LR, batches=BATCHES, instruments=[_reading(10, stability), _reading(N, stability)])
    h.initial_data_loss = start
    return [d.kind for d in ds.diagnose(h)]


def test_a_run_that_trained_from_the_datas_start_did_not_collapse_whatever_its_first_batch_read():
    # fresh55's orchard yield: the first batch read 0.69, the data's loss 1.0; the run ended at 0.70
    # with readings at an effective ratio above 1 (a heavy-tailed target's outlying batches).
    loss = np.linspace(0.95, 0.70, N)
    loss[0] = 0.69
    assert _kinds(loss, 1.5, None) == ["divergence"]  # no start measured: read as before
    assert "divergence" not in _kinds(loss, 1.5, 1.0)


def test_a_first_batch_far_below_the_data_is_no_blow_up():
    # fresh56's parcel weight: first batch 0.10 against the data's 1.02; the run fell from 1.0 to 0.5.
    loss = np.geomspace(1.0, 0.5, N)
    loss[0] = 0.10
    assert _kinds(loss, 0.3, None) == ["divergence"]  # "rose from 0.1 to 0.969"
    assert not {"divergence", "oscillation"} & set(_kinds(loss, 0.3, 1.0))


def test_a_run_that_ended_at_its_measured_start_with_unstable_steps_still_collapsed():
    loss = np.linspace(0.95, 1.02, N)
    loss[0] = 1.5  # a first batch above the data's loss, which the end is below
    assert _kinds(loss, 1.5, 1.0) == ["divergence"]


def test_the_measured_start_is_read_from_the_history_and_a_full_batch_run_reads_as_before():
    loss = np.linspace(1.0, 0.9, 40)
    h = built_history(loss, lr=LR, instruments=[_reading(10, 1.5), _reading(40, 1.5)])
    before = [(d.kind, d.evidence) for d in ds.diagnose(h)]
    h.initial_data_loss = float(loss[0])  # what train records for a full-batch run
    assert from_history(h).data_start == 1.0
    assert [(d.kind, d.evidence) for d in ds.diagnose(h)] == before


def test_a_blow_up_read_on_the_steps_names_its_step():
    """A run of under 4 epochs is read on its per-step losses: the blow-up is at a step, named by its
    number (was "(epoch 39, ..." for a 2-epoch run's step 40, and "(step 39, ..." for a full-batch step 40)."""
    loss = np.geomspace(1.0, 100.0, 40)
    for batches in (20, 1):  # two epochs of 20 mini-batches; 40 full-batch steps
        h = built_history(loss, lr=LR, batches=batches, instruments=[_reading(10, 3.0), _reading(40, 3.0)])
        (finding,) = [d for d in ds.diagnose(h) if d.kind == "divergence"]
        assert "to 100 (step 40, " in finding.evidence, finding.evidence
