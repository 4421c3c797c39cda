"""What a watched loop's close() tells the user: the doctor's findings (printed on rank 0 only), what
they rest on when the loop was watched without a probe (in the report too), and that a loop
logged no loss."""

import html
import json

import pytest
import torch
from torch.nn import functional as F

import descend as ds
from _watched_loop import data as _data
from _watched_loop import loop as _loop
from _watched_loop import mlp as _mlp
from descend.doctor import unread_words
from descend.training.findings import Diagnosis
from descend.training.history import History
from descend.watch.outputs import findings_lines


def test_a_loop_that_logs_no_loss_is_told_so():
    x, y = _data(32)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, print_findings=False)
    F.mse_loss(model(x), y).backward()
    opt.step()
    with pytest.warns(
        UserWarning, match=r"^descend.watch saw 1 optimizer step but no loss logged: call monitor.log\(loss\)"
    ):
        assert monitor.close() == []
    monitor = ds.watch(model, opt, print_findings=False)
    for _ in range(2):
        F.mse_loss(model(x), y).backward()
        opt.step()
    with pytest.warns(UserWarning, match=r"^descend.watch saw 2 optimizer steps but no loss"):
        monitor.close()


def test_close_prints_the_findings_on_rank_0_only(capsys, tmp_path):
    x, y = _data(64)
    for rank in (0, 1):
        model = _mlp()
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        monitor = ds.watch(model, opt, rank=rank, log_dir=tmp_path / f"rank{rank}")
        for i in range(0, 64, 16):
            opt.zero_grad()
            loss = F.mse_loss(model(x[i : i + 16]), y[i : i + 16])
            loss.backward()
            opt.step()
            monitor.log(loss)
        monitor.close()
        assert monitor.history.steps["step"] == [1, 2, 3, 4]
    assert capsys.readouterr().err == (
        "descend.watch: the watched loop ended after 4 steps (1 epoch)\n"
        "- the doctor had no findings\n  the doctor read the loss curve and the gradient norms alone, far less reliably "
        "than the instruments' readings (instruments: not taken: descend.watch was given no probe=(x, y) and loss_fn "
        "to measure on)\n"
    )
    assert (tmp_path / "rank0" / "report.html").is_file() and not (tmp_path / "rank1").exists()


def test_close_says_when_findings_rest_on_the_loss_curve_alone():
    found = Diagnosis("slow_progress", 9, "e", "try lr=9", {"lr": 9.0})
    unread = findings_lines(History(task=None, diagnoses=[found]))
    assert unread == [found.bulleted(), "  " + unread_words(History(task=None))]
    assert "the doctor read the loss curve and the gradient norms alone" in unread[1]
    read = findings_lines(History(task=None, diagnoses=[found], instruments=[{"step": 9}]))
    assert read == [found.bulleted()]
    assert findings_lines(History(task=None, instruments=[{"step": 9}])) == [
        "- the doctor had no findings: nothing to change"
    ]


def test_the_report_of_a_loop_watched_without_a_probe_says_what_its_findings_rest_on(tmp_path):
    x, y = _data(64)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, log_dir=tmp_path / "run", print_findings=False)
    _loop(model, opt, x, y, epochs=1, batch=16, monitor=monitor)
    monitor.close()
    page = (tmp_path / "run" / "report.html").read_text()
    assert "Without instrument readings the doctor read the loss curve and the gradient norms alone" in page
    assert "(instruments: not taken: descend.watch was given no probe=(x, y) and loss_fn to measure on)" in page


def test_with_a_probe_given_the_words_say_why_no_reading_was_kept(capsys, tmp_path):
    """They told the user that a watched loop takes readings given loss_fn= and probe=(x, y),
    both given, and the summary said "taken on a probe of 64 examples" with none kept."""
    x, y = _data(64)
    far = x * 1e20  # finite, but its squared error is not in float32: the reading at close() is not kept
    for options, said in (
        ({"probe": (x, y), "instruments": False}, "off (instruments=False)"),
        (
            {"probe": (far, y)},
            "none taken on the probe of 64 examples: the probe's loss was not finite at the last update (4), where "
            "close() reads",
        ),
    ):
        model = _mlp()
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        folder = tmp_path / str(len(said))
        monitor = ds.watch(model, opt, loss_fn=F.mse_loss, log_dir=folder, **options)
        _loop(model, opt, x, y, epochs=1, batch=16, monitor=monitor)
        capsys.readouterr()
        monitor.close()
        assert monitor.history.instruments == []
        words = f"(instruments: {said})"
        assert capsys.readouterr().err.endswith(f"far less reliably than the instruments' readings {words}\n")
        assert json.loads((folder / "summary.json").read_text())["instruments"] == said
        assert html.escape(words) in (folder / "report.html").read_text()
