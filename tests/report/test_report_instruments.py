"""The report's instruments section: the last readings in words (stability on the effective ratio
and its headroom, the noise scale against the batch, the step along its direction, the loss left
to fall) and every row, or why there are none."""

import pytest
from _pages import replaced as _with
from _pages import words as _text

from descend import History, report
from descend.report.instruments_section import instruments_section


def _row(step, sharpness, threshold, noise_scale, alpha, batch_size=32, decrease="nan"):
    return {
        "step": step,
        "probe_loss": 0.5,
        "sharpness": sharpness,
        "threshold": threshold,
        "stability": sharpness / threshold if isinstance(sharpness, float) else "nan",
        "noise_scale": noise_scale,
        "batch_size": batch_size,
        "alpha": alpha,
        "decrease": decrease,
    }


@pytest.mark.slow
def test_the_instruments_section_says_the_last_readings_in_words_and_lists_every_row(run_dir):
    rows = [
        _row(4, 60.0, 40.0, 800.0, 1.4),
        _row(9, 10.0, 40.0, 8.0, -0.5),
        _row(12, "nan", 40.0, "nan", "nan", 32, 0.1),
    ]
    words = _text(report.write_report(_with(run_dir, rows=rows)).read_text())
    section = words[words.index("Instruments") : words.index("Pictures")]
    # The last reading taken of each: step 9 (step 12 took none).
    assert "Stability, at step 9: the sharpness λ_max = 10" in section and "ratio 0.25." in section
    assert "threshold 40 = 2/lr at lr = 0.05" in section  # the run's own rate
    assert "the rate could be 4× larger before it reached the threshold" in section
    assert "B_simple = tr(Σ)/|G|² = 8 examples against the batch size 32" in section
    assert "The batch is 4× the noise scale" in section
    assert "α = -0.5" in section and "Short of the minimum along its direction (undershoot)" in section
    assert section.count("λ_max / threshold") == 1
    assert "Left to fall, at step 12:" in section and "= 0.1 on the probe batch" in section
    assert "): 20% of the probe loss 0.5." in section
    assert "a lower bound: conjugate gradients stopped before converging" in section  # no flag: not exact
    assert "4 0.5 60 40 1.5 800 32 1.4 - 9 0.5 10 40 0.25 8 32 -0.5 - 12 0.5 - 40 - - 32 - 0.1" in section
    exact = [*rows[:2], {**rows[2], "decrease_exact": 1.0}]
    words = _text(report.write_report(_with(run_dir, rows=exact)).read_text())
    assert "§9.5.1; conjugate gradients converged): 20% of the probe loss 0.5." in words
    # The first reading alone: unstable, a batch far below the noise scale, an overshoot.
    words = _text(report.write_report(_with(run_dir, rows=rows[:1])).read_text())
    assert "Left to fall" not in words  # not read: nothing said
    assert "ratio 1.5. Above 1, a step of this rate overshoots along the sharpest direction" in words
    assert "The batch is 25× smaller than the noise scale" in words
    assert "Beyond 1: the step went past the far side" in words


def test_the_stability_words_read_the_rule_and_the_headroom_on_the_effective_ratio(run_dir):
    # heavy ball, β = 0.9, as the row records it: c = 2+2β = 3.8, gain (1+β)/(1-β) = 19; the
    # measured ratio 0.01 is 0.19 on the effective scale the doctor's rate advice reads
    row = {**_row(9, 0.4, 40.0, 8.0, -0.5), "threshold_lr": 3.8, "gain": 19.0, "preconditioned": False}
    words = _text(report.write_report(_with(run_dir, rows=[row])).read_text())
    assert "threshold 40 = 3.8/lr at lr = 0.095" in words and "ratio 0.01." in words
    assert "effective ratio 0.19" in words and "the rate could be 5.26× larger" in words
    # an adaptive rule's sharpness is of the preconditioned Hessian
    row = {**row, "threshold_lr": 2.0, "gain": 1.0, "preconditioned": True}
    words = _text(report.write_report(_with(run_dir, rows=[row])).read_text())
    assert "the sharpness λ_max(P⁻¹H) = 0.4" in words and "the rate could be 100× larger" in words


def test_an_adaptive_rules_full_batch_steps_are_read_as_measured():
    # Adam, β1 = 0.9 (c = 38, gain 19): on mini-batches the measured 0.01 is 0.19 on the
    # effective scale; on a full batch (one step an epoch) no noise, so the doctor and the words
    # read it as measured (session 24)
    row = {**_row(9, 0.4, 40.0, 8.0, -0.5), "threshold_lr": 38.0, "gain": 19.0, "preconditioned": True}

    def words(steps_an_epoch):
        steps = {"step": list(range(1, 11)), "loss": [1.0] * 10, "lr": [[0.95]] * 10}
        history = History(steps=steps, epochs={"loss": [1.0] * (10 // steps_an_epoch)}, instruments=[row])
        return _text(instruments_section(history))

    assert "effective ratio 0.19" in words(2) and "the rate could be 5.26× larger" in words(2)
    assert "effective" not in words(1) and "the rate could be 100× larger" in words(1)


@pytest.mark.slow
def test_the_instruments_section_without_readings_or_with_an_unmeasurable_noise_scale(run_dir):
    words = _text(report.write_report(_with(run_dir, rows=[])).read_text())
    assert (
        "No instrument readings in this run: it stopped at step 16, before the first reading, which the default "
        "sampling (descend.train(..., instruments=True), the default) takes at 5% of the planned steps; or it was "
        "trained with instruments=False."
    ) in words
    rows = [_row(3, "nan", 40.0, "inf", 0.05, decrease="inf")]
    words = _text(report.write_report(_with(run_dir, rows=rows)).read_text())
    assert "Stability" not in words[words.index("Instruments") :]
    assert "local quadratic model has no minimum here (conjugate gradients met negative curvature)" in words
    assert "the true gradient was lost in the noise of the probe batch" in words
    assert "α = 0.05" in words and "About at the minimum along its direction" in words
    words = _text(report.write_report(_with(run_dir, rows=[_row(3, "nan", 40.0, "nan", "nan")])).read_text())
    assert "Every reading was NaN: the model could not give them (an operation without a double backward" in words
    unfinite = [dict(_row(step, "nan", 40.0, "nan", "nan"), probe_loss="nan") for step in (3, 6)]
    words = _text(report.write_report(_with(run_dir, rows=unfinite)).read_text())
    assert (
        "Every reading was NaN: the loss at the probe batch was not finite at any of the 2 (probe loss nan at step 6)"
    ) in words


@pytest.mark.slow
def test_a_run_without_readings_is_told_why_from_its_config(run_dir):
    """Was: 'No instrument readings in this run (descend.train(..., instruments=True) records
    them)' for a descend train run interrupted at step 45 of digits' 400 planned epochs with
    instruments: true in its config.yaml, before the first reading at 5% of the run."""
    config = "data: iris\nepochs: {}\ninstruments: {}\n"
    (run_dir / "config.yaml").write_text(config.format(100, "true"))
    words = _text(report.write_report(_with(run_dir, rows=[])).read_text())
    assert (
        "No instrument readings in this run: it stopped at step 16, before the first reading, which instruments: "
        "true takes at 5% of the planned steps: step 20 of 400 (100 epochs of 4)."
    ) in words
    (run_dir / "config.yaml").write_text(config.format(100, 50))
    words = _text(report.write_report(run_dir).read_text())
    assert "it stopped at step 16, before the first reading (instruments: 50, every 50-th step)." in words
    (run_dir / "config.yaml").write_text(config.format(100, "false"))
    words = _text(report.write_report(run_dir).read_text())
    assert "No instrument readings in this run: it was trained with instruments: false (" in words


def test_a_batch_size_not_known_is_not_compared():
    """Was: a watched loop not told batch_size= records it as NaN, and the words read 'against the
    batch size nan. The batch is nan× the noise scale: past it, more examples per step save few
    steps'."""
    history = History(instruments=[_row(60, 1.0, 40.0, 2.69, -0.5, batch_size=float("nan"))])
    words = _text(instruments_section(history))
    assert "Gradient noise scale, at step 60: B_simple = tr(Σ)/|G|² = 2.69 examples (McCandlish et al. 2018)." in words
    assert "nan" not in words[: words.index("step probe loss")]


def test_a_negative_decrease_left_is_not_promised():
    """Was: a full-batch L-BFGS fit of breast_cancer (logistic) at a loss of 3.9e-07 read 'the
    local quadratic model of the loss promises a further decrease of ½ gᵀH⁻¹g = -1.89e-10 on the
    probe batch ...: -0.049% of the probe loss'; the estimate, of the probe's two halves, is
    negative where what is left is below their noise."""
    history = History(instruments=[_row(6, "nan", "nan", "nan", "nan", decrease=-1.89e-10)])
    words = _text(instruments_section(history))
    assert (
        "Left to fall, at step 6: the local quadratic model's estimate of the decrease left, ½ gᵀH⁻¹g = -1.89e-10 "
        "(from the probe batch's two halves), is below zero: what is left is too small to tell from the noise"
    ) in words
    assert "promises" not in words and "%" not in words
