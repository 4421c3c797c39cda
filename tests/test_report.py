"""The run report: one self-contained HTML file that renders in headless Chromium with every
image loaded and nothing fetched; and reading a run folder back (History.load, diagnose)."""

import base64
import html
import json
import math
import re
import shutil
from pathlib import Path

import pytest
import torch

import descend as ds
from _chromium import render
from descend import History, report

ROOT = Path(__file__).resolve().parents[1]


def _data(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g)
    return X, X @ torch.tensor([1.5, -2.0, 0.5])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A run folder as descend.train writes it, and the run's live history."""
    folder = tmp_path_factory.mktemp("run")
    history = ds.train(
        "softmax",
        "iris",
        lr=0.05,
        batch_size=32,
        epochs=4,
        log_dir=folder,
        checkpoint_dir=folder / "checkpoints",
        progress=False,
    )
    return folder, history


@pytest.fixture
def run_dir(trained, tmp_path):
    """A copy of the run folder, for a test to add to."""
    return Path(shutil.copytree(trained[0], tmp_path / "run"))


# --- reading a run folder back ------------------------------------------------------------------


@pytest.mark.slow
def test_a_saved_history_loads_as_it_was_recorded(trained):
    folder, live = trained
    saved = History.load(folder)
    assert saved.steps == live.steps and saved.epochs == live.epochs
    assert saved.update_ratios == live.update_ratios and saved.layer_grad_ratios == live.layer_grad_ratios
    for field in ("task", "stopped_because", "converged", "best_epoch", "non_finite_step", "diagnoses"):
        assert getattr(saved, field) == getattr(live, field), field
    assert saved.model is None


def test_diagnose_reads_a_healthy_run_folder_as_the_live_history(tmp_path):
    X, y = _data()
    live = ds.train("linear", (X, y), optimizer="gd", lr=1e-5, epochs=20, tol=None, log_dir=tmp_path, progress=False)
    assert "slow_progress" in [d.kind for d in live.diagnoses]
    assert ds.diagnose(tmp_path) == ds.diagnose(str(tmp_path)) == ds.diagnose(live) == live.diagnoses


def test_diagnose_reads_a_diverging_run_folder_as_the_live_history(tmp_path):
    X, y = _data()
    live = ds.train(
        "linear",
        (X * 1e3, y),
        optimizer="sgd",
        lr=2e-3,
        batch_size=16,
        epochs=500,
        tol=None,
        log_dir=tmp_path,
        progress=False,
    )
    saved = History.load(tmp_path)
    assert math.isinf(saved.non_finite_loss) and saved.non_finite_loss == live.non_finite_loss
    assert saved.non_finite_step == live.non_finite_step and saved.non_finite_layer == live.non_finite_layer
    found = ds.diagnose(tmp_path)
    assert [d.kind for d in found] == ["divergence", "exploding_gradients"] and found == ds.diagnose(live)
    state = json.loads((tmp_path / "history.json").read_text())  # valid JSON: no bare Infinity
    assert state["non_finite_loss"] == "inf"


def test_loading_a_folder_without_logs_says_what_it_expected(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no training logs in .*: expected steps\.csv, epochs\.csv"):
        History.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="no training logs"):
        ds.diagnose(tmp_path / "missing")


# --- the report ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_report_is_self_contained_and_draws_the_missing_training_plot(run_dir):
    assert not (run_dir / "plots").exists()
    page = report.write_report(run_dir)
    assert page == run_dir / "report.html" and (run_dir / "plots" / "training.png").is_file()
    text = page.read_text()
    assert "<script" not in text.lower() and "http://" not in text and "https://" not in text
    sources = re.findall(r'src="([^"]*)"', text)
    # The training plot first, then the per-example pictures (iris is small: its examples are tracked).
    drawn = ["training.png", "class_loss.png", "data_map.png"]
    assert len(sources) == len(drawn) and all(s.startswith("data:image/png;base64,") for s in sources)
    for source, name in zip(sources, drawn):
        assert base64.b64decode(source.split(",", 1)[1]) == (run_dir / "plots" / name).read_bytes()
    assert "<h2>Examples</h2>" in text
    assert "No config.yaml" in text and "reached the maximum of 4 epochs" in text
    # No summary.json (trained from Python): the summary descend train would have written.
    final = History.load(run_dir).loss[-1]
    assert f'<th scope="row">final loss</th><td class="num">{final:.6g}</td>' in text
    assert '<th scope="row">steps</th><td class="num">16</td>' in text


@pytest.mark.slow
def test_the_report_shows_config_summary_findings_and_every_picture_escaped(tmp_path):
    X, y = _data()
    ds.train("linear", (X, y), optimizer="gd", lr=1e-5, epochs=20, tol=None, log_dir=tmp_path, progress=False)
    (tmp_path / "config.yaml").write_text("model: linear\noptimizer: gd\nlr: 1.0e-05\nnote: <b>bold</b> & co\n")
    (tmp_path / "summary.json").write_text(
        json.dumps({"final_loss": 1.25, "stopped_because": "<script>x</script>", "epochs": 20})
    )
    (tmp_path / "plots").mkdir()
    ds.plots.lr_find(
        ds.LRFinderResult([1e-4, 1e-3, 1e-2], [1.0, 0.5, 2.0], [1.0, 0.5, 2.0], 1e-3, "rule", "", ""),
        tmp_path / "plots" / "lr_find.png",
    )
    text = report.write_report(tmp_path, title="gd <slow> & steady").read_text()
    assert "<h1>gd &lt;slow&gt; &amp; steady</h1>" in text
    assert '<th scope="row">optimizer</th><td>gd</td>' in text and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "<script" not in text
    assert '<td class="kind">slow_progress</td>' in text
    # training, the per-example loss (a regression's examples are tracked: no data map) and lr_find
    assert text.count("data:image/png;base64,") == 3 and "Learning-rate range test" in text
    assert text.index("training.png") < text.index("lr_find.png")  # the training dynamics first


def _text(html_text):
    """The page's words without its tags, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def _with(run_dir, findings=None, rows=None):
    """The run folder with its findings (diagnosis.json) and instrument rows (history.json)
    replaced, as the run would have written them."""
    if findings is not None:
        (run_dir / "diagnosis.json").write_text(json.dumps(findings))
    if rows is not None:
        state = json.loads((run_dir / "history.json").read_text())
        state["instruments"] = rows
        (run_dir / "history.json").write_text(json.dumps(state))
    return run_dir


_OSCILLATION = {"kind": "oscillation", "step": 7, "evidence": "e", "advice": "try lr=0.004", "change": {"lr": 0.004}}
_BATCH = {"kind": "batch_size", "step": 3, "evidence": "e", "advice": "a", "change": {"batch_size": 256, "lr": 0.02}}


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
def test_the_findings_show_their_change_and_how_to_apply_them_all(run_dir):
    _with(run_dir, findings=[_OSCILLATION, _BATCH])
    page = report.write_report(run_dir).read_text()
    assert "<th>change</th>" in page and "<td><code>lr=0.004</code></td>" in page
    assert "<code>batch_size=256</code> <code>lr=0.02</code>" in page
    words = _text(page)
    advice = History.load(run_dir).advice()  # the findings' changes merged by the doctor's rule
    assert advice["lr"] == 0.004
    together = ", ".join(f"{key}={value!r}" for key, value in advice.items())
    assert f"All the changes together: ds.train(..., {together})" in words
    assert "descend doctor" not in words  # no config.yaml: a run of the Python API
    (run_dir / "config.yaml").write_text("model: softmax\ndata: iris\nlr: 0.05\n")
    words = _text(report.write_report(run_dir).read_text())
    assert f"descend doctor {run_dir.resolve()} prints the descend train command line" in words
    assert f"descend doctor {run_dir.resolve()} --apply runs it in a new folder" in words
    # A finding that changes nothing: no settings to apply.
    _with(run_dir, findings=[{"kind": "converged", "step": 9, "evidence": "e", "advice": "nothing to change"}])
    words = _text(report.write_report(run_dir).read_text())
    assert "All the changes together" not in words and "converged 9 e nothing to change -" in words


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
    assert "4 0.5 60 40 1.5 800 32 1.4 nan 9 0.5 10 40 0.25 8 32 -0.5 nan 12 0.5 nan 40 nan nan 32 nan 0.1" in section
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
    from descend.report.instruments_section import instruments_section

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
    assert "No instrument readings in this run ( descend.train(..., instruments=True) records them)" in words
    rows = [_row(3, "nan", 40.0, "inf", 0.05, decrease="inf")]
    words = _text(report.write_report(_with(run_dir, rows=rows)).read_text())
    assert "Stability" not in words[words.index("Instruments") :]
    assert "local quadratic model has no minimum here (conjugate gradients met negative curvature)" in words
    assert "the true gradient was lost in the noise of the probe batch" in words
    assert "α = 0.05" in words and "About at the minimum along its direction" in words
    words = _text(report.write_report(_with(run_dir, rows=[_row(3, "nan", 40.0, "nan", "nan")])).read_text())
    assert "Every reading was NaN." in words


@pytest.mark.slow
def test_the_report_renders_in_headless_chromium(run_dir):
    landscape_dir = run_dir / "plots"
    ds.landscape.draw(
        torch.nn.Linear(4, 3), "cross_entropy", (torch.randn(20, 4), torch.arange(20) % 3), landscape_dir, points=5
    )
    page_path = report.write_report(run_dir, title="iris softmax")
    artifacts = ROOT / "test-artifacts"
    images, errors, requests, _ = render(page_path, artifacts / "report.png")
    # training, the examples' loss per class and data map, the 1-D and 2-D landscapes
    assert len(images) == 5 and all(done and width > 0 for done, width in images)
    assert errors == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
    shot = (artifacts / "report.png").read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000


def test_a_run_stopped_by_an_error_says_so_in_its_summary(tmp_path):
    """A run stopped by KeyboardInterrupt (or a crash) had an empty 'stopped because' row."""

    class Interrupt(ds.training.Callback):
        def on_epoch_end(self, run):
            if run.epoch == 1:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ds.train("softmax", "iris", lr=0.05, batch_size=32, epochs=10, log_dir=tmp_path, callbacks=[Interrupt()],
                 progress=False)  # fmt: skip
    text = html.unescape(re.sub(r"<[^>]+>", " ", report.write_report(tmp_path).read_text()))
    assert re.search(
        r"stopped because\s+the run did not finish \(stopped by an error or an interrupt, or still running\): "
        r"its logs end after epoch 2",
        text,
    )


@pytest.mark.slow
def test_a_report_written_again_after_a_resume_redraws_its_pictures(run_dir):
    """The pictures a report drew were kept after a resume: a page summing up 6 epochs showed 4."""
    report.write_report(run_dir)
    before = {p.name: p.read_bytes() for p in (run_dir / "plots").glob("*.png")}
    ds.train("softmax", "iris", lr=0.05, batch_size=32, epochs=6, log_dir=run_dir,
             checkpoint_dir=run_dir / "checkpoints", resume=True, progress=False)  # fmt: skip
    report.write_report(run_dir)
    after = {p.name: p.read_bytes() for p in (run_dir / "plots").glob("*.png")}
    assert sorted(after) == sorted(before) == ["class_loss.png", "data_map.png", "training.png"]
    assert all(after[name] != before[name] for name in before)


def test_a_gallery_drawn_before_a_resume_is_left_out_and_named(run_dir):
    """The gallery of `descend examples` (drawn from the training inputs, which the report cannot
    rebuild) was embedded after a resume beside a page whose list it no longer showed."""
    ds.plots.example_gallery(ds.find_label_issues(run_dir), torch.zeros(120, 4), path=run_dir / "plots" / "gallery.png")
    page = report.write_report(run_dir).read_text()
    assert 'alt="gallery.png"' in page and "Not shown" not in page
    ds.train("softmax", "iris", lr=0.05, batch_size=32, epochs=6, log_dir=run_dir,
             checkpoint_dir=run_dir / "checkpoints", resume=True, progress=False)  # fmt: skip
    page = report.write_report(run_dir).read_text()
    assert 'alt="gallery.png"' not in page
    assert "Not shown: gallery.png, drawn before the per-example record's last epochs" in html.unescape(page)
    assert (run_dir / "plots" / "gallery.png").is_file()  # the user's file is kept


def test_a_regressions_loss_curve_is_not_captioned_per_class(tmp_path):
    """Its one line was captioned "Mean training loss of each class's examples (by given label)"."""
    ds.train("linear", _data(), lr=0.05, epochs=2, progress=False, log_dir=tmp_path, track_examples=True)
    text = html.unescape(report.write_report(tmp_path).read_text())
    assert (
        "class_loss.png</strong>: Mean training loss per epoch of each class's examples (by given label); a "
        "regression's, of all its examples." in text
    )


def test_a_report_that_cannot_be_written_is_named(run_dir):
    """Was the bare "[Errno 21] Is a directory: '.../report.html'"."""
    (run_dir / "report.html").unlink(missing_ok=True)
    (run_dir / "report.html").mkdir()
    with pytest.raises(IsADirectoryError, match=r"^cannot write the report to '.*report\.html': Is a directory"):
        report.write_report(run_dir)


def test_the_reports_examples_table_shows_a_csv_runs_class_names(tmp_path):
    """The page's table showed 1 where the text table and the file say 'tall'."""
    import numpy as np

    rng = np.random.default_rng(0)
    height = rng.normal(170, 10, 60)
    species = np.where(height > 170, "tall", "short")
    species[:3] = np.where(species[:3] == "tall", "short", "tall")  # three flipped: the table has rows
    rows = ["height,species", *(f"{h:.1f},{s}" for h, s in zip(height, species))]
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n")
    ds.train("mlp", str(tmp_path / "people.csv"), target="species", epochs=4, batch_size=16, seed=0,
             progress=False, log_dir=tmp_path / "run", track_examples=True)  # fmt: skip
    page = report.write_report(tmp_path / "run").read_text()
    examples = page.split("<h2>Examples</h2>")[1].split("<h2>")[0]
    assert "<td>tall</td>" in examples or "<td>short</td>" in examples


def test_a_per_example_record_behind_the_logs_is_said_so(tmp_path, monkeypatch):
    """A run interrupted in a callback's on_epoch_end, its examples.npz last written at an
    earlier epoch (written after an epoch only while cheap): the report says the record holds
    fewer epochs than the logs (it read "over 1 epoch" beside a summary of 2, with no word)."""
    from descend.training.callbacks import Callback
    from descend.training.logs import Logger

    write = Logger._write_examples

    def once_then_too_dear(self, history):  # the cost rule skips every epoch after the first
        write(self, history)
        if history.examples is not None:
            self._examples_took = math.inf

    monkeypatch.setattr(Logger, "_write_examples", once_then_too_dear)

    class Interrupt(Callback):
        def on_epoch_end(self, run):
            if run.epoch == 1:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ds.train(
            "softmax",
            "iris",
            lr=0.05,
            epochs=4,
            batch_size=32,
            progress=False,
            log_dir=tmp_path,
            callbacks=[Interrupt()],
        )
    text = html.unescape(re.sub(r"<[^>]+>", " ", report.write_report(tmp_path).read_text()))
    assert "examples over 1 epoch;" in text
    assert (
        "The per-example record holds 1 epoch of the logs' 2: examples.npz is written after an epoch only while that "
        "is cheap, and at the run's end, which this run did not reach; the figures above stop at epoch 1."
    ) in " ".join(text.split())
