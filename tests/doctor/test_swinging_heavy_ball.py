"""A full-batch heavy-ball run still swinging (descend.doctor._swing): "too small" reads its progress on
the swing's lower envelope, and neither a stop at a turning point nor the probe's reading of the
swing's phase takes the finding away. Runs built by hand: heavy ball at β = 0.99 (c = 3.98, gain 199)
on a full batch, 200 steps (under the 796 of its 2% settling time), λ_max 1e-4 of its limit (0.02
effective: 25x under the useful ratio)."""

from __future__ import annotations

import math

import numpy as np

import descend as ds
from _built_history import built_history
from descend.doctor._curves import from_history
from descend.doctor._stability import readings
from descend.doctor._swing import envelope, swinging

LR = 1e-3
STEPS = np.arange(200)
# A fall that flattens, under a slow swing whose trough is at step 150: the last quarter rises on
# the swing (its mean about the third's), while the lowest loss reached still fell 7% of its level.
SWINGING = 0.5 + 0.5 * np.exp(-STEPS / 40) + 0.1 * np.exp(-STEPS / 300) * np.sin(2 * np.pi * STEPS / 200)
FALLING = 1.0 - 0.002 * STEPS


def _row(step: int, beta: float = 0.99) -> dict:
    c = 2 + 2 * beta
    return {
        "step": step,
        "probe_loss": 1.0,
        "sharpness": 1e-4 * c / LR,
        "threshold": c / LR,
        "stability": 1e-4,
        "noise_scale": math.nan,
        "batch_size": 200,
        "alpha": math.nan,
        "threshold_lr": c,
        "gain": (1 + beta) / (1 - beta),
        "preconditioned": False,
    }


def _swinging(history) -> bool:
    curves = from_history(history)
    return swinging(curves, readings(curves))


def _history(loss, *, converged=False, rate_probe=None, batches=1, beta=0.99):
    h = built_history(
        loss, lr=LR, converged=converged, batches=batches, instruments=[_row(20, beta), _row(len(loss) - 10, beta)]
    )
    h.rate_probe = rate_probe
    return h


def _kinds(h) -> list[str]:
    return [d.kind for d in ds.diagnose(h)]


# A probe whose larger rate raised the loss: read as "no gain" (descend.doctor._rate_probe).
VETO = {"start": 0.6, "at_rate": [0.59] * 8, "at_factor": [0.61] * 8, "factor": 3.16, "steps": 8}


def test_a_swing_in_the_last_quarter_is_no_end_of_progress():
    # before session 25: no finding (the last quarter's mean fell 3%, under STILL_FALLING)
    assert _kinds(_history(SWINGING)) == ["slow_progress"]
    assert _swinging(_history(SWINGING))


def test_a_stop_at_a_swings_turning_point_is_no_convergence():
    # before session 25: "converged" (the stopping rule's stop taken for a minimum)
    assert _kinds(_history(FALLING[:120], converged=True)) == ["slow_progress"]


def test_the_probe_reads_the_swings_phase_and_vetoes_nothing():
    # before session 25: no finding (the probe's veto)
    assert _kinds(_history(FALLING, rate_probe=VETO)) == ["slow_progress"]


def test_mini_batch_and_settled_runs_are_read_as_before():
    # the same curve on mini-batches of two steps an epoch: no finding, as before
    assert _kinds(_history(np.repeat(SWINGING, 2), batches=2)) == []
    assert not _swinging(_history(np.repeat(SWINGING, 2), batches=2))
    # β = 0.9 past its 76 steps of settling, the exact loss never rising: not swinging, the probe vetoes
    settled = _history(FALLING[:100], rate_probe=VETO, beta=0.9)
    assert not _swinging(settled)
    assert "slow_progress" not in _kinds(settled)


def test_envelope_is_the_running_minimum():
    assert envelope(np.array([1.0, 0.6, 0.8, 0.5, 0.7])).tolist() == [1.0, 0.6, 0.6, 0.5, 0.5]


def test_no_probe_is_taken_where_none_could_veto():
    # the finding stands whatever the probe reads, so train takes none (descend.doctor.wants_rate_probe)
    assert not ds.doctor.wants_rate_probe(_history(SWINGING))
    assert ds.doctor.wants_rate_probe(_history(FALLING[:100], beta=0.9))  # settled: the probe decides
