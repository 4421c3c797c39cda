"""The doctor on the instruments' stability ratio: the measured sharpness against the update
rule's threshold (its c, noise gain, preconditioning and base rate read from the rows) is the
evidence of a rate too large or too small, and the rate to try puts the effective ratio where it
is useful; without readings, or with a reading after the blow-up, the curve rules stand."""

import math

import pytest
import torch

import descend as ds
from _built_history import CRAWLING, DIVERGING, ZIGZAG
from _built_history import built_history as _history
from _built_history import row as _row
from _findings import data as _data
from descend.doctor import _heavy_ball, _progress, _stability
from descend.doctor._thresholds import PLATEAU_SHARPENING


def test_divergence_names_the_measured_stability_and_advises_its_rate():
    (d,) = ds.diagnose(_history(DIVERGING, lr=0.1, instruments=[_row(2, 85.0, 20.0), _row(6, math.nan, 20.0)]))
    assert d.kind == "divergence"
    assert "λ_max = 85 is 4.2 × the stability threshold 2/lr = 20 at step 2" in d.evidence
    assert (
        d.change == {"lr": 0.0118}
        and "try lr=0.0118 (the rate that puts the measured stability ratio at 0.5" in d.advice
    )


def test_divergence_without_readings_keeps_the_curve_rule():
    (d,) = ds.diagnose(_history(DIVERGING, lr=0.1))
    assert "stability" not in d.evidence and d.change == {"lr": 0.01}


def test_a_reading_after_the_blow_up_is_not_its_evidence():
    (d,) = ds.diagnose(_history(DIVERGING, lr=0.1, instruments=[_row(7, 85.0, 20.0)]))
    assert "stability" not in d.evidence and d.change == {"lr": 0.01}


def test_unstable_steps_and_no_progress_name_the_preconditioned_sharpness_of_an_adaptive_rule():
    # Adam's threshold (2 + 2 β1) / ((1 - β1) lr) = 38 / lr: far above 4 / lr. The loss ended
    # above its start while the steps were measured unstable: a divergence onto a plateau.
    # Mini-batches: the noise model's effective ratio (full batch: test_full_batch_adam_...).
    rows = [_row(5, 5700.0, 3800.0), _row(15, 3000.0, 3800.0)]
    (d,) = ds.diagnose(_history(ZIGZAG, lr=0.01, instruments=rows, batches=2))
    assert d.kind == "divergence" and "no lower than its start" in d.evidence
    assert "the preconditioned sharpness = 5.7e+03 is 1.5 × the stability threshold 3.8e+03 at step 5" in d.evidence
    # the rate that puts the effective ratio, 1.5 x (1+β1)/(1-β1) = 28.5, at 0.5 would be
    # 0.000175; an adaptive rule's cut is held to a decade (its preconditioner moves with the rate)
    assert d.change == {"lr": 0.001} and "a decade at most" in d.advice


def test_a_zigzag_the_instruments_call_stable_is_no_rate_finding():
    # The measured ratio 0.8 < 1 contradicts "too large", and the loss did not end far above
    # its lowest (1.5x): a swing of the edge of stability, not a fault.
    assert ds.diagnose(_history(ZIGZAG, lr=0.1, instruments=[_row(10, 16.0, 20.0)])) == []


def test_slow_progress_names_the_factor_the_stability_ratio_leaves():
    (d,) = ds.diagnose(_history(CRAWLING, lr=0.1, instruments=[_row(20, 0.2, 20.0), _row(30, 0.4, 20.0)]))
    assert d.kind == "slow_progress" and "λ_max = 0.4 is 0.02 × the stability threshold" in d.evidence
    # 25x below the useful ratio; the curve fell 10%, still on its plateau: the rate aims
    # PLATEAU_SHARPENING below it (session 14c)
    assert "steps 25x below the useful stability ratio" in d.evidence
    factor = 25 / PLATEAU_SHARPENING
    assert f"too small, by about {factor:.2g}x" in d.advice and d.change == {"lr": pytest.approx(0.1 * factor)}


def test_slow_progress_of_an_adaptive_rule_reads_the_effective_ratio():
    # Adam-like threshold 38/lr on mini-batches: the effective ratio is (1+β1)/(1-β1) = 19 x the measured one;
    # the rate is sized on it without m's bias correction, 1-0.9^20 = 0.878 at step 20 (_bias_correction.py)
    lr = 1e-3
    (d,) = ds.diagnose(_history(CRAWLING, lr=lr, instruments=[_row(20, 76.0, 38 / lr)], batches=2))
    assert "the preconditioned sharpness = 76 is 0.002 × the stability threshold 3.8e+04" in d.evidence
    assert "effective ratio 0.038" in d.evidence and d.change == {"lr": 0.015}  # 0.5 / (0.038 x 0.878)
    assert "1-β1^t = 0.88 at step 20" in d.advice
    # 0.05 measured is 0.95 effective: no headroom, so no slow-progress finding
    assert ds.diagnose(_history(CRAWLING, lr=lr, instruments=[_row(20, 1900.0, 38 / lr)], batches=2)) == []


def test_a_short_adam_run_is_advised_the_rate_its_settled_readings_leave():
    # 10 full-batch Adam updates (the default train run's budget), read at updates 1 and 10: the
    # update-1 reading carries m's bias correction 1-0.9 = 0.1 and is the peak as measured (0.05,
    # 10x of headroom: called); the rate is sized on the readings without it, 0.05 x 0.1 = 0.005
    # and 0.01 x (1-0.9^10) = 0.00651, so 0.5 / 0.00651 = 76.8x, not 0.5 / 0.05 = 10x (session 33's
    # D3; the parent advised 0.01, a tenth of what fresh59's and fresh60's short grids needed).
    lr = 1e-3
    rows = [_row(1, 1900.0, 38 / lr), _row(10, 380.0, 38 / lr)]  # stability 0.05 and 0.01
    (d,) = ds.diagnose(_history([1.0 - 0.01 * i for i in range(10)], lr=lr, instruments=rows))
    assert d.kind == "slow_progress" and "is 0.05 × the stability threshold" in d.evidence
    assert d.change == {"lr": 0.0768}
    assert "by about 77x" in d.advice and "1-β1^t = 0.65 at step 10" in d.advice


def test_full_batch_adam_reads_its_noise_free_threshold(monkeypatch):
    # The whole training set each step (session 24): no sampling noise, so the measured ratio
    # is the one to read; 0.05 of the limit is a rate 10x too small (0.5 / 0.05), sized without
    # m's bias correction at step 20 (0.5 / (0.05 x 0.878), _bias_correction.py).
    lr = 1e-3
    (d,) = ds.diagnose(_history(CRAWLING, lr=lr, instruments=[_row(20, 1900.0, 38 / lr)]))
    assert d.kind == "slow_progress" and "effective ratio" not in d.evidence
    assert d.change == {"lr": 0.0114}
    # heavy ball keeps the noise model on a full batch within its swings' settling time (76 steps
    # at β = 0.9: test_full_batch_heavy_ball_past_its_settling_time_reads_its_noise_free_threshold)
    heavy = _ruled(_row(20, 19.0, 3.8 / (10 * lr)), 3.8, 19.0)  # 0.05 measured, 0.95 effective
    assert ds.diagnose(_history(CRAWLING, lr=10 * lr, instruments=[heavy])) == []
    monkeypatch.setattr(_stability, "EXACT_FULL_BATCH", False)  # the reading before
    assert ds.diagnose(_history(CRAWLING, lr=lr, instruments=[_row(20, 1900.0, 38 / lr)])) == []


def test_full_batch_heavy_ball_past_its_settling_time_reads_its_noise_free_threshold(monkeypatch):
    # Heavy ball at β = 0.9 (c = 3.8, gain 19) on a full batch, 100 steps (past the 76 of its 2%
    # settling time), the exact loss never rising, λ_max flat: 0.05 of the noise-free limit is a rate
    # 10x under the useful ratio (the noise model read it 0.95 effective: no headroom). The advice
    # aims PLATEAU_SHARPENING below the useful ratio from the peak reading, 19.1 / 380: lr x 9.95 / 2.
    lr, long = 0.01, [1.0 - 0.0025 * i for i in range(100)]
    flat = [_ruled(_row(20, 19.0, 3.8 / lr), 3.8, 19.0), _ruled(_row(90, 19.1, 3.8 / lr), 3.8, 19.0)]
    (d,) = ds.diagnose(_history(long, lr=lr, instruments=flat))
    useful = lr * 0.5 / (19.1 / 380)  # 0.0995
    assert d.kind == "slow_progress" and d.change == {"lr": pytest.approx(useful / PLATEAU_SHARPENING, rel=1e-3)}
    assert "heavy ball read without the noise model" in d.advice
    # a loss that rose across a step (a swing excited), a λ_max that rose 2% (sharpening), or the
    # 40 steps of a run inside its settling time: the noise model's reading, no headroom
    rose = long[:50] + [long[48]] + long[51:]
    sharper = [flat[0], _ruled(_row(90, 19.4, 3.8 / lr), 3.8, 19.0)]
    assert ds.diagnose(_history(rose, lr=lr, instruments=flat)) == []
    assert ds.diagnose(_history(long, lr=lr, instruments=sharper)) == []
    assert ds.diagnose(_history(long[:40], lr=lr, instruments=flat)) == []
    monkeypatch.setattr(_progress, "HEAVY_BALL_SHARPENING", False)  # aimed at the useful ratio itself
    (d,) = ds.diagnose(_history(long, lr=lr, instruments=flat))
    assert d.change == {"lr": pytest.approx(useful, rel=1e-3)}
    monkeypatch.setattr(_heavy_ball, "UNSHARPENED_HEAVY_BALL", False)  # a sharpening run read noise-free too
    assert [d.kind for d in ds.diagnose(_history(long, lr=lr, instruments=sharper))] == ["slow_progress"]
    monkeypatch.setattr(_heavy_ball, "EXACT_HEAVY_BALL", False)  # the reading before
    assert ds.diagnose(_history(long, lr=lr, instruments=flat)) == []


def test_a_training_run_near_the_measured_limit_is_not_slow_by_its_rate():
    # 0.4 x the threshold: raising the rate 3x would cross it (in minimize, the exact objective
    # still says "ill-conditioned, more steps": test_gd_at_its_limit_in_a_narrow_valley...)
    assert ds.diagnose(_history(CRAWLING, lr=0.1, instruments=[_row(20, 8.0, 20.0)])) == []


def test_slow_progress_without_readings_keeps_the_curve_rule():
    (d,) = ds.diagnose(_history(CRAWLING, lr=0.1))
    assert "stability" not in d.evidence and d.change == {"lr": 0.3}


def test_a_measured_divergence_advises_the_rate_of_the_measured_curvature():
    # Full-batch GD on least squares, the rate doubling every step until it blows up: the
    # readings measure λ_max, and the advice is the rate at half the threshold, 1 / λ_max.
    X, _ = _data(64, 3)
    y = X @ torch.tensor([1.5, -2.0, 0.5])
    h = ds.train(
        "linear",
        (X, y),
        optimizer="gd",
        lr=1e-3,
        epochs=200,
        tol=None,
        progress=False,
        schedule=lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=2.0),
        instruments=1,
    )
    d = h.diagnoses[0]
    assert d.kind == "divergence" and "the rate that puts the measured stability ratio at 0.5" in d.advice
    A = torch.cat([X, torch.ones(64, 1)], 1)
    L = float(2 * torch.linalg.eigvalsh(A.T @ A / 64).max())  # the Hessian of the mean squared error
    assert d.change["lr"] == pytest.approx(1 / L, rel=0.05)


@pytest.mark.slow
def test_a_measured_slow_progress_advises_a_rate_that_trains():
    # SGD at lr=1e-7 on logistic regression: the readings put the rate millions of times below
    # its stable limit; the advised rate (half the threshold) trains, the first one barely did.
    kw = dict(optimizer="sgd", batch_size=32, epochs=20, progress=False)
    h = ds.train("logistic", "breast_cancer", lr=1e-7, **kw)
    (d,) = [d for d in h.diagnoses if d.kind == "slow_progress"]
    assert "× the stability threshold 2/lr" in d.evidence and "measured stability ratio" in d.advice
    fixed = ds.train("logistic", "breast_cancer", **{**kw, "lr": 1e-7, **d.change})
    fell = [(r.epochs["loss"][0] - r.epochs["loss"][-1]) / r.epochs["loss"][0] for r in (h, fixed)]
    assert d.change["lr"] > 1e-3 and fell[1] > 10 * fell[0]


def _ruled(row, c, gain, preconditioned=False, base_lr=None):
    """A row as the instruments now record it: the rule's c = threshold · lr, noise gain,
    preconditioning and base rate."""
    out = {**row, "threshold_lr": c, "gain": gain, "preconditioned": preconditioned}
    return out if base_lr is None else {**out, "base_lr": base_lr}


def _cosine_run(n=200, peak=1.0, columns=True):
    """A full-batch run under a cosine schedule from ``peak`` whose loss ended above its start,
    with one reading at step 150: λ_max twice the threshold 2/lr there (lr ≈ 0.15)."""
    rates = [peak * 0.5 * (1 + math.cos(math.pi * k / n)) for k in range(n)]
    h = _history([1.0 + 0.5 * (i % 2) for i in range(n)])
    h.steps["lr"] = [[r] for r in rates]
    row = _row(150, 2 * 2 / rates[150], 2 / rates[150])
    h.instruments = [_ruled(row, 2.0, 1.0, base_lr=peak) if columns else row]
    return h, rates[150]


@pytest.mark.parametrize("columns", [True, False], ids=["recorded", "older rows"])
def test_too_large_advice_reads_the_rate_at_its_reading_as_the_base_rate_not_the_annealed_one(columns):
    h, there = _cosine_run(columns=columns)
    assert there == pytest.approx(0.146, abs=1e-3)
    (d,) = ds.diagnose(h)
    # the effective ratio 2 measured at step 150 put at 0.5: a quarter of the rate there,
    # 0.25 as the base rate the schedule scales (not the annealed final rate's 6e-05)
    assert d.kind == "divergence" and d.change == {"lr": 0.25}
    assert "measured at step 150" in d.advice and "at 0.146 there" in d.advice
    assert "2/lr = 13.7 at step 150" in d.evidence  # the same reading, quoted


def test_the_rule_is_read_from_the_rows_columns():
    lr = 0.1
    # Nesterov, β = 0.9: c = (2+2β)/(1+2β) = 1.357, gain (1+β)/((1-β)(1+2β)) = 6.79 (guessed as
    # GD's 1 from c alone)
    c, gain = 3.8 / 2.8, 1.9 / (0.1 * 2.8)
    row = _ruled(_row(20, 0.2, c / lr), c, gain)
    (d,) = ds.diagnose(_history(CRAWLING, lr=lr, instruments=[row]))
    effective = row["stability"] * gain
    assert f"effective ratio {effective:.2g}" in d.evidence and "× 6.79" in d.evidence
    assert d.change == {"lr": float(f"{lr * 0.5 / PLATEAU_SHARPENING / effective:.3g}")}  # on its plateau
    # SGD with dampening τ = 0.9: c = (2+2β)/(1-τ) = 38 on the plain Hessian, gain 19 (read as
    # an adaptive rule's from c alone)
    row = _ruled(_row(20, 0.76, 38 / lr), 38.0, 19.0)
    (d,) = ds.diagnose(_history(CRAWLING, lr=lr, instruments=[row]))
    assert "; λ_max = 0.76 is 0.002 × the stability threshold 380 at step 20" in d.evidence
    # Adagrad with lr_decay: c = 2 (1 + (t-1) decay) = 2.5 on P⁻¹H, gain 1 (read as heavy ball)
    row = _ruled(_row(20, 0.5, 2.5 / lr), 2.5, 1.0, preconditioned=True)
    (d,) = ds.diagnose(_history(CRAWLING, lr=lr, instruments=[row]))
    assert "the preconditioned sharpness = 0.5 is 0.02 × the stability threshold 25 at step 20" in d.evidence
    assert "effective ratio" not in d.evidence and d.change == {"lr": 2.5}


def test_a_measured_divergence_reads_the_effective_ratio():
    # heavy ball, β = 0.9: the measured ratio 0.53 is 10 on the effective scale, which every
    # rate advice reads: lr · 0.5 / 10, not the curve rule's tenth of the rate
    row = _ruled(_row(2, 20.0, 38.0), 3.8, 19.0)
    (d,) = ds.diagnose(_history(DIVERGING, lr=0.1, instruments=[row]))
    assert d.kind == "divergence" and d.change == {"lr": 0.005}
    assert "effective stability ratio (the measured one × 19) at 0.5" in d.advice


def test_a_lower_momentum_is_advised_only_for_a_run_with_momentum():
    worse = [1.0 - 0.045 * i for i in range(20)] + [0.15 + 0.01 * i for i in range(20)]
    (d,) = ds.diagnose(_history(worse, lr=0.1, instruments=[_ruled(_row(40, 40.0, 20.0), 2.0, 1.0)]))
    assert d.kind == "oscillation" and d.change == {"lr": 0.025} and "momentum" not in d.advice
    (d,) = ds.diagnose(_history(worse, lr=0.1, instruments=[_ruled(_row(40, 76.0, 38.0), 3.8, 19.0)]))
    assert d.kind == "oscillation" and "a lower momentum (0.9 -> 0.5)" in d.advice
