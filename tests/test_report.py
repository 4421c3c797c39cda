"""The run report: one self-contained HTML file that renders in headless Chromium with every
image loaded and nothing fetched; and reading a run folder back (History.load, diagnose)."""

import base64
import json
import math
import re
import shutil
from pathlib import Path

import pytest
import torch

import descend as ds
from descend import History, report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
    assert [d.kind for d in live.diagnoses] == ["slow_progress"]
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
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,")
    assert base64.b64decode(sources[0].split(",", 1)[1]) == (run_dir / "plots" / "training.png").read_bytes()
    assert "No config.yaml" in text and "reached the maximum of 4 epochs" in text


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
    assert text.count("data:image/png;base64,") == 2 and "Learning-rate range test" in text
    assert text.index("training.png") < text.index("lr_find.png")  # the training dynamics first


@pytest.mark.slow
def test_the_report_renders_in_headless_chromium(run_dir):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium; `make test` installs it")
    from playwright.sync_api import sync_playwright

    landscape_dir = run_dir / "plots"
    ds.landscape.draw(
        torch.nn.Linear(4, 3), "cross_entropy", (torch.randn(20, 4), torch.arange(20) % 3), landscape_dir, points=5
    )
    page_path = report.write_report(run_dir, title="iris softmax")
    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri(), wait_until="load")
            images = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
            artifacts = ROOT / "test-artifacts"
            artifacts.mkdir(exist_ok=True)
            page.screenshot(path=str(artifacts / "report.png"), full_page=True)
        finally:
            browser.close()
    assert len(images) == 3 and all(done and width > 0 for done, width in images)  # training, 1-D, 2-D
    assert errors == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
    shot = (artifacts / "report.png").read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000
