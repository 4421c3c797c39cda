"""When a run folder's logs are written: after an epoch only once the time since their last write
is ``WRITE_GAP`` times what it took (a small share of the loop, however short the epochs), and
always at the start, before each checkpoint, at an error or interrupt and at the end, so that
nothing the run recorded is missing from the folder. The logger's clock is a virtual one here:
each reading of it advances it by one unit, so a write takes one unit and an epoch's end two."""

import csv
import itertools
import math
import types

import pytest
import torch
from torch import nn
from torch.nn import functional as F

import descend as ds
from descend.training import logs

EPOCHS = 60


@pytest.fixture
def writes(monkeypatch):
    """The logger on the virtual clock; the number of times it wrote the logs (a list of one count)."""
    clock = itertools.count()
    monkeypatch.setattr(logs, "time", types.SimpleNamespace(perf_counter=lambda: float(next(clock))))
    count = [0]
    append = logs.append_logs

    def counted(*args, **kwargs):
        count[0] += 1
        return append(*args, **kwargs)

    monkeypatch.setattr(logs, "append_logs", counted)
    return count


def _watched(folder, epochs=EPOCHS):
    """A loop of ``epochs`` epochs of two updates each, watched into ``folder``."""
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(16, 3, generator=g), torch.randn(16, 1, generator=g)
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    with ds.watch(model, opt, log_dir=folder, print_findings=False) as monitor:
        for _ in range(epochs):
            for i in (0, 8):
                opt.zero_grad()
                loss = F.mse_loss(model(x[i : i + 8]), y[i : i + 8])
                loss.backward()
                opt.step()
                monitor.log(loss)
            monitor.epoch_end(val_loss=loss.detach())
    return monitor


def _same(a, b):
    return len(a) == len(b) and all(u == v or (math.isnan(u) and math.isnan(v)) for u, v in zip(a, b))


def _rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_a_watched_loop_of_short_epochs_writes_its_logs_less_often_than_its_epochs_and_whole_at_close(tmp_path, writes):
    """Was: written after every epoch, a run folder made the bench's digits loop (4-5 ms epochs)
    1.37x the plain loop's time. At close the files hold the whole record, the last step's
    gradient norm (read at close) included: it was NaN in steps.csv though not in the history."""
    monitor = _watched(tmp_path / "run")
    assert 2 <= writes[0] <= EPOCHS // 10  # the start, every 26 units (an epoch's end: 2), the end
    saved = ds.History.load(tmp_path / "run")
    history = monitor.history
    assert saved.steps["step"] == history.steps["step"] == list(range(1, 2 * EPOCHS + 1))
    for key in ("loss", "grad_norm"):
        assert _same(saved.steps[key], history.steps[key])
    assert not math.isnan(saved.steps["grad_norm"][-1])
    assert _same(saved.loss, history.loss) and _same(saved.val_loss, history.val_loss)
    lines = (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
    assert len(lines) == EPOCHS


def _train(folder, callbacks=(), **options):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(64, 2, generator=g)
    settings = {"epochs": EPOCHS, "batch_size": 32, "lr": 0.05, "optimizer": "sgd", "seed": 0, **options}
    return ds.train("linear", (x, x @ torch.tensor([1.0, -1.0])), **settings, progress=False, log_dir=folder,
                    callbacks=list(callbacks))  # fmt: skip


class _Raise(ds.training.Callback):
    """Raises ``error`` at the end of epoch ``epoch`` or after update ``step``."""

    def __init__(self, error, epoch=None, step=None):
        self.error, self.epoch, self.step = error, epoch, step

    def on_epoch_end(self, run):
        if run.epoch == self.epoch:
            raise self.error

    def on_step_end(self, run):
        if run.step == self.step:
            raise self.error


@pytest.mark.parametrize(
    "stop, epochs_done",
    [
        (_Raise(KeyboardInterrupt, epoch=40), 41),  # the interrupt after epoch 40's row
        (_Raise(RuntimeError("in the loop"), step=83), 41),  # in epoch 41: its rows are not complete yet
    ],
)
def test_a_train_run_stopped_by_an_error_or_interrupt_leaves_every_finished_epoch_on_disk(
    tmp_path, writes, stop, epochs_done
):
    with pytest.raises((KeyboardInterrupt, RuntimeError)):
        _train(tmp_path, [stop])
    assert writes[0] < epochs_done // 5  # most epochs were not written one by one
    epochs = _rows(tmp_path / "epochs.csv")
    assert [int(row["epoch"]) for row in epochs] == list(range(epochs_done))
    assert [int(row["step"]) for row in _rows(tmp_path / "steps.csv")] == list(range(1, 2 * epochs_done + 1))
    assert len((tmp_path / "metrics.jsonl").read_text().splitlines()) == epochs_done
    assert ds.History.load(tmp_path).loss == [float(row["loss"]) for row in epochs]


def test_a_train_run_stopped_by_an_interrupt_leaves_its_finished_epochs_examples_on_disk(tmp_path, writes):
    """Was: examples.npz, written after an epoch only while that takes a small share of the run,
    was not written at the interrupt: it held 40 of the 41 finished epochs."""
    with pytest.raises(KeyboardInterrupt):
        _train(tmp_path, [_Raise(KeyboardInterrupt, epoch=40)], track_examples=True)
    record = ds.training.ExampleRecord.load(tmp_path / "examples.npz")
    assert record.epochs.tolist() == list(range(41)) and record.n == 64


def test_a_train_run_writes_its_logs_before_each_checkpoint_and_a_resumed_ones_hold_each_step_once(tmp_path, writes):
    """The logs of a run killed after a checkpoint hold at least what the checkpoint holds (a
    resume rebuilds them from it); a resumed run's logs are the uninterrupted run's."""
    options = {"epochs": 8, "batch_size": 8}  # 8 updates an epoch
    whole = _train(tmp_path / "whole", **options)
    folder = tmp_path / "run"
    with pytest.raises(KeyboardInterrupt):
        _train(folder, [_Raise(KeyboardInterrupt, step=46)], checkpoint_dir=folder, checkpoint_every=3, **options)
    saved = torch.load(folder / "last.pt", weights_only=False)["history"]
    assert saved["steps"]["step"][-1] == 45  # the checkpoint of step 45, mid-epoch 5
    assert [int(row["step"]) for row in _rows(folder / "steps.csv")] == saved["steps"]["step"]
    resumed = _train(folder, checkpoint_dir=folder, checkpoint_every=3, resume=True, **options)
    assert resumed.steps == whole.steps
    for name in ("steps.csv", "epochs.csv"):
        assert [r["loss"] for r in _rows(folder / name)] == [r["loss"] for r in _rows(tmp_path / "whole" / name)]
