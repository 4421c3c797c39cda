"""Session 13's catapult rule: full-batch gradient descent whose loss blew up at the first steps
and came back down, every reading then stable, to far below its start was catapulted by its
rate (the sharpness driven under 2/lr), not told to lower it; the same task at a rate whose
readings stay unstable is."""

from __future__ import annotations

import numpy as np
from _corpus_runs import bench_module

import descend as ds
from descend.doctor._thresholds import BLOWN_UP, ON_PLATEAU

# The doctor corpus's tuning task ``xor sigmoid mlp``, trained as the corpus trains gd.
_tasks, _corpus = bench_module("_doctor_tasks"), bench_module("_doctor_corpus")


def _train_gd(lr):
    t = _tasks.task("xor sigmoid mlp")
    return ds.train(
        t.model, t.data(), progress=False, device="cpu", seed=0, instruments=True, **_corpus.train_kwargs(t, "gd", lr)
    )


def test_a_catapulted_run_is_not_told_its_rate_is_too_large():
    h = _train_gd(3.16)  # the grid's best gd rate
    loss = np.asarray(h.steps["loss"])
    assert loss.max() >= BLOWN_UP * loss[0] and loss[-1] <= (1 - ON_PLATEAU) * loss[0]  # blew up, then trained
    assert max(row["stability"] for row in h.instruments if np.isfinite(row["stability"])) < 1
    assert not {"oscillation", "divergence"} & {d.kind for d in h.diagnoses}


def test_a_swing_whose_readings_stay_unstable_is_still_too_large():
    h = _train_gd(10.0)  # 3x the best rate: the loss ends 3x the best's, the readings above the threshold
    (swing,) = [d for d in h.diagnoses if d.kind == "oscillation"]
    assert "stability threshold" in swing.evidence and swing.change["lr"] < 10.0
