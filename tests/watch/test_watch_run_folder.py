"""The run folder of a watched loop: the layout descend train writes, read by descend report,
descend doctor and ds.diagnose as a trained run's; never written over; rendered by Chromium."""

import importlib
import json
from pathlib import Path

import matplotlib
import pytest
import torch
from click.testing import CliRunner
from torch import nn
from torch.nn import functional as F

import descend as ds
from _chromium import render
from descend.cli import app

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "steps.csv",
    "epochs.csv",
    "metrics.jsonl",
    "history.json",
    "diagnosis.json",
    "summary.json",
    "plots",
    "report.html",
    "tensorboard",
}


def _cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")


def _watched_run(folder, lr, *, epochs=4, probe=True):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(320, 8, generator=g)
    y = torch.tanh(x @ torch.randn(8, 1, generator=g))
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    kwargs = {"loss_fn": F.mse_loss, "probe": (x[:64], y[:64])} if probe else {}
    with ds.watch(
        model, opt, log_dir=folder, total_steps=epochs * 8, batch_size=32, print_findings=False, **kwargs
    ) as monitor:
        for _ in range(epochs):
            for i in range(0, 256, 32):
                opt.zero_grad()
                loss = F.mse_loss(model(x[i : i + 32]), y[i : i + 32])
                loss.backward()
                opt.step()
                monitor.log(loss)
            with torch.no_grad():
                monitor.epoch_end(val_loss=F.mse_loss(model(x[256:]), y[256:]))
    return monitor


@pytest.fixture(scope="module")
def diverged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("watched") / "run"
    with pytest.warns(RuntimeWarning, match="descend.watch: the loss became"):
        monitor = _watched_run(folder, lr=5.0)
    return folder, monitor


def test_the_folder_has_train_s_layout_and_loads_as_the_live_history(diverged):
    folder, monitor = diverged
    assert {p.name for p in folder.iterdir()} == FILES
    assert (folder / "plots" / "training.png").stat().st_size > 10_000
    saved = ds.History.load(folder)
    live = monitor.history
    assert saved.steps == live.steps and saved.epochs == live.epochs
    assert saved.non_finite_step == live.non_finite_step
    assert json.dumps(saved.instruments) == json.dumps(live.instruments)  # NaN (a reading not taken) as NaN
    assert ds.diagnose(folder) == monitor.diagnoses == saved.diagnoses
    assert monitor.diagnoses[0].kind == "divergence" and monitor.log_dir == folder
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["watched_by"] == "descend.watch" and summary["optimizer"] == "SGD"
    # The one reading due before the blow-up (step 2) was dearer than the budget and the loss had
    # not risen yet; the last planned one was never reached. It said "taken on a probe of 64
    # examples", and the report and close() that a watched loop takes readings given a probe.
    assert monitor.history.instruments == []
    assert summary["instruments"].startswith(
        "none taken on the probe of 64 examples: the loss became inf at step 5, before any reading was taken (0 of "
        "the 1 readings due: the last planned"
    )
    page = (folder / "report.html").read_text()
    assert "(instruments: none taken on the probe of 64 examples: the loss became inf at step 5" in page
    assert "takes them given loss_fn= and probe=(x, y)" not in page
    assert set(monitor.cost) == {"loop", "instruments", "gradient_norms"} and min(monitor.cost.values()) >= 0
    assert summary["watch_cost"].startswith("measured: the instruments' readings ")
    assert summary["watch_cost"].endswith("the other updates' hooks, the epochs' ends and the doctor not timed")


def test_descend_doctor_and_descend_report_read_the_folder(diverged, tmp_path):
    folder, monitor = diverged
    advice = monitor.history.advice()
    doctor = _cli("doctor", folder)
    assert doctor.exit_code == 0, doctor.output
    assert "divergence" in doctor.stdout
    # A watched loop's optimizer is the user's own: no descend.train keywords (was "advice, as
    # keyword arguments of descend.train (a run of the Python API): lr=...").
    assert doctor.stdout.splitlines()[-1] == (
        "advice, as settings of your optimizer and loop (a loop watched by descend.watch; no descend train "
        f"command line to run): the optimizer's learning rate lr={advice['lr']!r}"
    )
    applied = _cli("doctor", folder, "--apply")
    assert applied.exit_code == 1 and "a loop watched by descend.watch: the doctor cannot rerun it" in applied.output
    (folder / "report.html").unlink()
    report = _cli("report", folder, "--title", "watched")
    assert report.exit_code == 0, report.output
    assert report.stdout.strip() == str(folder / "report.html")
    page = (folder / "report.html").read_text()
    assert "<h1>watched</h1>" in page and "descend.watch" in page and "divergence" in page
    assert f"<code>lr={advice['lr']!r}</code>, as settings of the watched loop" in page
    empty = _cli("report", tmp_path)
    assert empty.exit_code == 1 and empty.stderr.startswith(
        f"error: {tmp_path} is not a run folder: it holds neither config.yaml nor history.json; "
    )


def test_without_a_probe_the_summary_says_the_instruments_were_not_taken(tmp_path):
    monitor = _watched_run(tmp_path / "run", lr=0.05, probe=False)
    assert monitor.history.instruments == []
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["instruments"] == "not taken: descend.watch was given no probe=(x, y) and loss_fn to measure on"
    assert (
        "not taken: descend.watch was given no probe=(x, y) and loss_fn"
        in (tmp_path / "run" / "report.html").read_text()
    )


def test_a_folder_that_holds_files_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(
        ValueError,
        match=rf"^log_dir {tmp_path} already holds files \(notes.txt\); descend.watch never writes over a run "
        r"folder: give a new or empty folder$",
    ):
        ds.watch(model, opt, log_dir=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"] and (tmp_path / "notes.txt").read_text() == "mine"
    with pytest.raises(ValueError, match=r"^log_dir .*notes.txt is a file, not a folder$"):
        ds.watch(model, opt, log_dir=tmp_path / "notes.txt")
    assert not opt._optimizer_step_pre_hooks  # a refused watch leaves no hook behind


def test_a_loop_that_raises_still_leaves_its_run_folder(tmp_path):
    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(KeyError):
        with ds.watch(model, opt, log_dir=tmp_path / "run", print_findings=False) as monitor:
            for _ in range(3):
                opt.zero_grad()
                loss = model(torch.ones(4, 2)).pow(2).mean()
                loss.backward()
                opt.step()
                monitor.log(loss)
            raise KeyError("bug")
    assert monitor.history.stopped_because == "the watched loop raised KeyError: 'bug'"
    assert ds.History.load(tmp_path / "run").steps["step"] == [1, 2, 3]
    assert (tmp_path / "run" / "report.html").is_file()


@pytest.mark.slow
def test_the_watched_run_s_report_renders_in_headless_chromium(diverged):
    page_path = diverged[0] / "report.html"
    shot = ROOT / "test-artifacts" / "report-watch.png"
    images, errors, requests, findings = render(page_path, shot, text_of="tr.finding-problem td.kind")
    assert len(images) == 1 and all(done and width > 0 for done, width in images)  # training.png
    assert findings == "divergence" and errors == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests


def _small_loop(folder, **options):
    torch.manual_seed(0)
    x, y = torch.randn(64, 3), torch.randn(64, 1)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, log_dir=folder, probe=(x, y), print_findings=False, **options)
    return monitor, model, opt, x, y


def _train(monitor, model, opt, x, y, updates):
    """``updates`` full-batch updates of ``_small_loop``'s model, each logged; its weights after each."""
    weights = []
    for _ in range(updates):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        monitor.log(loss)
        weights.append(model.weight.detach().clone())
    return weights


def test_a_per_example_probe_loss_is_named_at_watch_before_any_file(tmp_path):
    # It was taken; the readings then raised torch's "grad can be implicitly created only for
    # scalar outputs" at close(), after the whole loop, and the folder had no report.html.
    with pytest.raises(ValueError) as caught:
        _small_loop(tmp_path / "run", loss_fn=nn.MSELoss(reduction="none"))
    assert str(caught.value) == (
        "the loss must return one number (a tensor of one element) to descend on, got a tensor of shape "
        "(64, 1); reduce it, e.g. with .mean()"
    )
    assert not (tmp_path / "run").exists()


def test_instruments_that_fail_at_close_leave_the_folder_written_with_the_failure_named(tmp_path, monkeypatch):
    monitor, model, opt, x, y = _small_loop(tmp_path / "run", loss_fn=F.mse_loss, instruments=1000)

    def broken(*args, **kwargs):
        raise RuntimeError("a reading that broke")

    monkeypatch.setattr(monitor.instruments, "close", broken)
    _train(monitor, model, opt, x, y, 5)
    with pytest.warns(
        RuntimeWarning, match="the instruments failed at close\\(\\): RuntimeError: a reading that broke"
    ):
        monitor.close()
    folder = tmp_path / "run"
    assert {"report.html", "summary.json", "steps.csv", "epochs.csv", "metrics.jsonl"} <= {
        p.name for p in folder.iterdir()
    }
    summary = json.loads((folder / "summary.json").read_text())
    assert "the instruments failed at close(): RuntimeError: a reading that broke" in summary["instruments"]


@pytest.mark.parametrize(("hook", "when"), [("after_step", "after update 4"), ("before_step", "before update 4")])
def test_a_reading_that_fails_within_the_loop_leaves_the_loop_running(tmp_path, monkeypatch, hook, when):
    """Was: the error (here a probe's Hessian products out of memory) raised out of the loop's own
    optimizer.step() at update 4 and ended the training run; before_step's, before the update."""
    monitor, model, opt, x, y = _small_loop(tmp_path / "run", loss_fn=F.mse_loss, instruments=4)

    def out_of_memory(*args, **kwargs):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(monitor.instruments, hook, out_of_memory)
    with pytest.warns(RuntimeWarning, match=f"the instruments failed {when}: OutOfMemoryError: CUDA out of memory"):
        weight = _train(monitor, model, opt, x, y, 12)
    monitor.close()
    assert monitor.history.steps["step"] == list(range(1, 13)) and monitor.history.instruments == []
    assert not torch.equal(weight[2], weight[3])  # update 4 was taken
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert f"the instruments failed {when}: OutOfMemoryError: CUDA out of memory" in summary["instruments"]


def test_a_loop_that_logs_no_loss_has_a_folder_that_says_so(tmp_path):
    """The summary and report of a loop that stepped but never logged: the steps taken, no
    loss logged and how to log one; they said "steps 0" beside "ended after 3 steps"."""
    model = nn.Linear(1, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, log_dir=tmp_path / "run", print_findings=False)
    for _ in range(3):
        opt.zero_grad()
        model(torch.ones(1, 1)).sum().backward()
        opt.step()
    with pytest.warns(UserWarning, match="no loss logged"):
        monitor.close()
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert (summary["steps"], summary["steps_logged"], summary["final_loss"]) == (3, 0, None)
    assert summary["stopped_because"] == (
        "the watched loop ended after 3 steps with no loss logged: call monitor.log(loss) after each step "
        "(or step with a closure)"
    )
    page = (tmp_path / "run" / "report.html").read_text()
    assert "No pictures in plots/: the record holds no step with a loss to draw." in page
    assert "call monitor.log(loss) after each step" in page


def test_a_failure_while_finishing_the_record_still_writes_the_folder(tmp_path, monkeypatch):
    """close()'s promise, whatever failed: was TypeError ('NoneType' object is not subscriptable)
    from the sampling's description, which read the cost the failed finish never measured, and
    the folder had no steps.csv, summary.json or report.html."""
    monitor, model, opt, x, y = _small_loop(tmp_path / "run", loss_fn=F.mse_loss)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug while finishing")

    record = importlib.import_module("descend.watch.record")  # ds.watch, the function, hides the package
    monkeypatch.setattr(record.MonitorRecord, "_end_epoch", broken)  # the last epoch's row, before the cost is measured
    _train(monitor, model, opt, x, y, 5)
    with pytest.raises(RuntimeError, match="^a bug while finishing$"):
        monitor.close()
    folder = tmp_path / "run"
    assert {"report.html", "summary.json", "steps.csv", "diagnosis.json"} <= {p.name for p in folder.iterdir()}
    assert ds.History.load(folder).steps["step"] == [1, 2, 3, 4, 5]
    assert sorted(monitor.cost) == ["gradient_norms", "instruments", "loop"]


def test_the_summary_counts_the_reading_close_takes_where_the_budget_took_none(tmp_path):
    """README's loop: the summary said "(0 of the 1 readings due ...)" while history.json held
    close()'s reading at the last update and the doctor's finding cited it."""
    monitor, model, opt, x, y = _small_loop(tmp_path / "run", loss_fn=F.mse_loss)
    monitor.budget.within = lambda *args, **kwargs: False  # the reading due at 50 too dear; the loss falls
    _train(monitor, model, opt, x, y, 60)
    monitor.close()
    assert [row["step"] for row in monitor.history.instruments] == [60]
    said = json.loads((tmp_path / "run" / "summary.json").read_text())["instruments"]
    assert said.startswith("taken on a probe of 64 examples (0 of the 1 readings due: the last planned, ")
    assert said.endswith("allows; and one by close() at the last update, 60)")
