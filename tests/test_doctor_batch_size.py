"""The doctor's batch-size finding, on built histories: the batch far below or far above the
measured critical batch size (B_simple), with the numbers and a change that ``train`` takes;
nothing without instrument rows, with too few readings, or with a batch near B_simple."""

from __future__ import annotations

import json
import math

import pytest
import torch

import descend as ds
from descend.doctor import KINDS, diagnose
from descend.instruments.batch_size import batch_for_training, scaled_lr
from descend.training.history import History

NAN = math.nan


def _run(
    batch,
    noise_scales,
    *,
    lr=0.01,
    scaling="linear",
    steps_per_epoch=10,
    epochs=20,
    plain=False,
    stability=NAN,
    threshold_lr=2.0,
    gain=1.0,
):
    """A healthy run (its loss falls smoothly and levels off) with instrument rows: the noise
    scales, and where ``stability`` is given a reading of the rule ``threshold_lr / lr``
    (GD's 2/lr by default) with the noise model's ``gain``."""
    n = steps_per_epoch * epochs
    loss = [1.0 * math.exp(-s / 20) + 0.1 for s in range(n)]
    h = History(task="regression", plain_steps=plain)
    h.steps = {
        "step": list(range(1, n + 1)),
        "epoch": [s // steps_per_epoch for s in range(n)],
        "loss": loss,
        "lr": [[lr]] * n,
        "grad_norm": [0.1 * math.exp(-s / 20) + 1e-3 for s in range(n)],
    }
    for e in range(epochs):
        h.append_epoch(epoch=e, loss=sum(loss[e * steps_per_epoch : (e + 1) * steps_per_epoch]) / steps_per_epoch)
    h.stopped_because, h.converged = "the training loss changed by less than tol", True
    if scaling is not None:
        h.batch_choice = {"batch_size": batch, "scaling": scaling}
    spread = max(1, n // max(1, len(noise_scales)))
    h.instruments = [
        {
            "step": i * spread,
            "probe_loss": loss[min(i * spread, n - 1)],
            "sharpness": stability * threshold_lr / lr,
            "threshold": threshold_lr / lr,
            "stability": stability,
            "threshold_lr": threshold_lr,
            "gain": gain,
            "preconditioned": threshold_lr > 4.04,
            "noise_scale": b,
            "batch_size": batch,
            "alpha": NAN,
        }
        for i, b in enumerate(noise_scales)
    ]
    return h


def _batch_findings(h):
    return [d for d in diagnose(h) if d.kind == "batch_size"]


def test_batch_size_is_a_kind():
    assert "batch_size" in KINDS


def test_a_batch_far_below_b_simple_is_told_to_grow_as_batch_size_auto_would():
    h = _run(8, [300.0, 520.0, 900.0, math.inf], steps_per_epoch=200, epochs=4)
    (finding,) = _batch_findings(h)
    # batch_for_training(300, 1600): the largest power of two at most 300; the rate by
    # McCandlish's factor 0.01 * (1 + 300/8) / (1 + 300/256), not linearly (0.32).
    assert finding.change == {"batch_size": 256, "lr": 0.177}
    assert finding.change["batch_size"] == batch_for_training(300.0, 1600)
    assert finding.change["lr"] == pytest.approx(
        scaled_lr(0.01, 256, "linear", reference=8, noise_scale=300.0), rel=1e-2
    )
    assert "B_simple was 300–900 examples over 3 readings" in finding.evidence  # inf: no signal measured
    assert "more than 8× the batch of 8" in finding.evidence
    assert finding.advice.startswith("for efficiency (not a fault of the run): batch_size=256 with lr=0.177")
    assert "fewer steps on about the same number of examples" in finding.advice
    assert finding.step == 0


def test_a_batch_far_above_b_simple_is_told_to_shrink_with_square_root_scaling():
    h = _run(1024, [20.0, 40.0, 60.0], lr=0.004, scaling="sqrt", steps_per_epoch=4)
    (finding,) = _batch_findings(h)
    assert finding.change == {"batch_size": 32, "lr": 0.000707}  # at least 32; 0.004 * sqrt(32 / 1024)
    assert "less than 1/8 of the batch of 1024" in finding.evidence
    assert "fewer examples" in finding.advice


def test_the_suggestion_stops_at_the_full_batch():
    # 10 updates of 8 a epoch: at most 80 examples, so B_simple ~ 1000 asks for the full batch.
    (finding,) = _batch_findings(_run(8, [1000.0, 1200.0]))
    assert finding.change == {"batch_size": None, "lr": 0.0933}  # 0.01 * (1 + 1000/8) / (1 + 1000/80)
    assert "the full batch" in finding.advice


def test_a_healthy_run_keeps_its_converged_finding_beside_the_advice():
    kinds = [d.kind for d in diagnose(_run(8, [300.0, 900.0]))]
    assert kinds == ["converged", "batch_size"]


@pytest.mark.parametrize(
    "batch, readings",
    [
        (32, [30.0, 90.0, 400.0]),  # around the batch
        (32, [300.0, 200.0, 250.0]),  # below 8x the batch (256) once
        (512, [70.0, 30.0]),  # above batch / 8 (64) once
        (8, [300.0]),  # one reading is not evidence
        (8, [NAN, NAN, 500.0]),  # readings not taken
        (8, [math.inf, math.inf, 500.0]),  # no signal measured (the run's noise floor)
        (8, []),  # no instrument rows
        (16, [1.0, 1.5]),  # above batch / 8, but batch_size="auto" keeps batches below 32
    ],
)
def test_no_finding_near_b_simple_or_without_readings(batch, readings):
    h = _run(batch, readings)
    assert _batch_findings(h) == []
    assert [d.kind for d in diagnose(h)] == ["converged"]


def test_without_a_scaling_rule_the_change_holds_the_batch_alone():
    h = _run(8, [300.0, 900.0], scaling=None, steps_per_epoch=200, epochs=4)
    (finding,) = _batch_findings(h)
    assert finding.change == {"batch_size": 256}
    assert "with the rate scaled to it" in finding.advice
    (plain,) = _batch_findings(_run(8, [300.0, 900.0], scaling=None, plain=True, steps_per_epoch=200, epochs=4))
    assert plain.change == {"batch_size": 256, "lr": 0.177}


def test_a_run_that_accumulates_is_told_the_micro_batch():
    # Rows count the 8 examples of an update (4 × accumulate=2): the change is the micro-batch
    # of an update of 256 examples, with the rate for 256.
    h = _run(8, [300.0, 900.0], steps_per_epoch=200, epochs=4)
    h.batch_choice["accumulate"] = 2
    (finding,) = _batch_findings(h)
    assert finding.change == {"batch_size": 128, "lr": 0.177}
    assert "batch_size=128 (× accumulate=2: 256 an update) with lr=0.177" in finding.advice


def test_train_records_accumulate_for_the_doctor():
    x = torch.randn(64, 3)
    h = ds.train("linear", (x, x.sum(1)), optimizer="sgd", batch_size=4, accumulate=2, epochs=1, progress=False)
    assert h.batch_choice["accumulate"] == 2 and h.batch_choice["batch_size"] == 4


@pytest.mark.parametrize("batch, readings", [(1024, [20.0, 40.0]), (8, [300.0, 900.0])])
def test_a_rule_of_full_batch_gradients_is_advised_no_mini_batch(batch, readings):
    # L-BFGS's line search and Rprop's sign steps break on a mini-batch's changing gradient
    h = _run(batch, readings, scaling="sqrt", steps_per_epoch=4)
    assert _batch_findings(h)  # the same run by another rule is advised batch 32 or 256
    h.batch_choice["full_batch_rule"] = True
    assert _batch_findings(h) == []


def test_a_full_batch_rprop_run_is_not_told_to_take_batch_32():
    # the parent advised {"batch_size": 32, "lr": 0.00149}: B_simple 31-50 on digits' 1437 examples
    h = ds.train("softmax", "digits", optimizer="rprop", epochs=4, instruments=True, progress=False)
    assert h.batch_choice["full_batch_rule"] is True and h.batch_choice["batch_size"] is None
    assert _batch_findings(h) == []


def test_watch_records_a_rule_of_full_batch_gradients():
    model = torch.nn.Linear(3, 1)
    monitor = ds.watch(model, torch.optim.LBFGS(model.parameters()), print_findings=False)
    monitor.close()
    assert monitor.history.batch_choice["full_batch_rule"] is True


def test_the_finding_survives_the_run_folder(tmp_path):
    # history.json keeps the rows and the scaling; the doctor reads the folder the same way.
    h = _run(8, [300.0, math.inf, 400.0])
    (tmp_path / "history.json").write_text(json.dumps(h.json_state()))
    loaded = History.load(tmp_path)
    loaded.steps, loaded.epochs = h.steps, h.epochs
    assert _batch_findings(loaded) == _batch_findings(h)


def test_the_change_is_a_set_of_train_settings():
    x = torch.randn(80, 3)
    y = x.sum(1)
    (finding,) = _batch_findings(_run(8, [300.0, 900.0]))
    h = ds.train("linear", (x, y), optimizer="sgd", epochs=1, progress=False, **finding.change)
    assert finding.change == {"batch_size": None, "lr": 0.0811}  # the full batch of 80, 0.01 * 38.5 / 4.75
    assert h.batch_choice["batch_size"] is None and h.steps["lr"][0][0] == pytest.approx(0.0811)


def test_the_scaled_rate_is_held_where_the_measured_stability_ratio_would_pass_its_target():
    # Adam at lr=0.1 on batches of 32 read a stability ratio of 0.5 (19x that effective): the
    # full batch drops the noise's gain, but a 6.7x rate (sqrt scaling) would take the ratio
    # to 3.4, past the stable limit. The advice keeps the run's rate instead.
    h = _run(
        32,
        [1351.0, 5.6e6],
        lr=0.1,
        scaling="sqrt",
        steps_per_epoch=45,
        epochs=4,
        stability=0.5,
        threshold_lr=38.0,
        gain=19.0,
    )
    (finding,) = _batch_findings(h)
    assert finding.change == {"batch_size": None, "lr": 0.1}
    assert "held at lr=0.1: the largest stability ratio measured leaves no room to raise it" in finding.advice


def test_the_scaled_rate_is_held_at_the_rate_that_puts_the_ratio_at_its_target():
    # A ratio of 0.05 at lr=0.01 allows up to 0.1, above the 0.0933 McCandlish's factor asks
    # for: unchanged. A ratio of 0.1 allows 0.05: held there.
    (free,) = _batch_findings(_run(8, [1000.0, 1200.0], stability=0.05))
    assert free.change == {"batch_size": None, "lr": 0.0933}
    (held,) = _batch_findings(_run(8, [1000.0, 1200.0], stability=0.1))
    assert held.change == {"batch_size": None, "lr": 0.05}
    assert "held at lr=0.05: the rate that puts the largest stability ratio measured at 0.5" in held.advice


def test_a_smaller_batch_keeps_its_scaled_rate_whatever_the_ratio():
    h = _run(1024, [20.0, 40.0, 60.0], lr=0.004, scaling="sqrt", steps_per_epoch=4, stability=0.9)
    (finding,) = _batch_findings(h)
    assert finding.change == {"batch_size": 32, "lr": 0.000707}


def test_a_run_told_its_rate_is_too_small_gets_the_batch_advice_scaled_from_the_raised_rate():
    # Adam at lr=1e-3 on iris's 120 training rows, full batch: crawling 13x under its noise-free
    # limit, and B_simple far under the batch. The smaller batch's rate is scaled from the rate
    # the slow-progress finding advises, not from the one it found too small (session 24).
    h = ds.train("mlp", "iris", optimizer="adam", lr=1e-3, epochs=50, batch_size=None, progress=False)
    found = {d.kind: d for d in h.diagnoses}
    raised = found["slow_progress"].change["lr"]
    assert raised > 5e-3
    advice = found["batch_size"]
    assert (
        advice.change["batch_size"] == 32 and f"sqrt scaling of lr={raised:g}, the rate advised above" in advice.advice
    )
    assert advice.change["lr"] == pytest.approx(raised * math.sqrt(32 / 120), rel=0.01)
    assert h.advice() == {"lr": raised}  # efficiency advice yields to the fault's
