"""The run report: one self-contained HTML file that renders in headless Chromium with every image
loaded and nothing fetched, its text escaped, its summary, pictures and captions true to the run
(after an error, a resume, or a record behind the logs)."""

import base64
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from _pages import data as _data

import descend as ds
from _chromium import render
from descend import History, report
from descend.report.cells import cell
from descend.training.callbacks import Callback
from descend.training.logs import Logger

ROOT = Path(__file__).resolve().parents[2]


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
    ds.plots.example_gallery(ds.find_label_issues(run_dir), torch.zeros(150, 4), path=run_dir / "plots" / "gallery.png")
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
    """A run stopped in a callback's on_epoch_end, its examples.npz last written at an earlier
    epoch (written after an epoch only while cheap; a killed process writes nothing more, where
    an interrupt now writes the record too): the report says the record holds fewer epochs than
    the logs (it read "over 1 epoch" beside a summary of 2, with no word)."""
    write = Logger._write_examples

    def first_record_only(self, history):  # as if the process died before any later write
        if history.examples is not None and not (tmp_path / "examples.npz").exists():
            write(self, history)

    monkeypatch.setattr(Logger, "_write_examples", first_record_only)

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


def test_a_folder_missing_a_log_names_it_and_keeps_the_picture_drawn_before(run_dir):
    """Was: without epochs.csv the page said "epochs 0", final loss "-", without a word why, and
    redrew training.png from the steps alone, its loss and accuracy panels gone."""
    report.write_report(run_dir)
    drawn = (run_dir / "plots" / "training.png").read_bytes()
    assert "Not in this run folder" not in (run_dir / "report.html").read_text()
    (run_dir / "epochs.csv").unlink()
    (run_dir / "history.json").touch()  # newer than the picture: a redraw was due
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", report.write_report(run_dir).read_text())).split())
    assert "Not in this run folder: epochs.csv (the per-epoch losses and metrics)." in text
    assert "plots/training.png, drawn before, is shown as it was" in text
    assert (run_dir / "plots" / "training.png").read_bytes() == drawn


def test_a_run_stopped_inside_its_last_epoch_says_its_final_figures_are_of_those_batches(run_dir):
    """Was: a CNN on digits stopped by its time budget 1 step into epoch 15 summed up its final
    training loss (0.043) and accuracy (1.0) with no word that they were one batch's."""
    steps = (run_dir / "steps.csv").read_text().splitlines()  # 4 epochs of 4 updates
    (run_dir / "steps.csv").write_text("\n".join(steps[:-3]) + "\n")  # epoch 3: its first update alone
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", report.write_report(run_dir).read_text())).split())
    assert (
        "The run stopped 1 update into epoch 3 (a whole epoch makes 4): the final training loss and accuracy above "
        "are of those updates' batches alone, not of the training set; epoch 2 is the last whole one."
    ) in words
    (run_dir / "steps.csv").write_text("\n".join(steps) + "\n")
    assert "The run stopped" not in report.write_report(run_dir).read_text()


def test_a_negative_zero_is_shown_as_zero():
    """Was: the diverged wine run's likely mislabelled example 18 read 'final_loss -0' (a saturated
    cross-entropy of -0.0), as if a loss were below zero."""
    assert cell(-0.0) == cell(np.float64(-0.0)) == '<td class="num">0</td>'
    assert cell(-1e-9) == '<td class="num">-1e-09</td>'
