"""Which steps' scalars a run folder's TensorBoard events hold: every ``tensorboard_every``-th
step, and always the run's first and its last (a blow-up's, where one stopped it)."""

import types

import numpy as np
import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.training import tensorboard_steps
from descend.training.tensorboard_steps import TensorBoardSteps

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def _scalars(folder):
    """Each tag's events, as (step, value) pairs, as TensorBoard reads the run folder's."""
    events = event_accumulator.EventAccumulator(str(folder / "tensorboard"))
    events.Reload()
    return {tag: [(e.step, e.value) for e in events.Scalars(tag)] for tag in events.Tags()["scalars"]}


def _data():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(64, 3, generator=g)
    return X, X @ torch.tensor([1.5, -2.0, 0.5])


def test_a_trained_run_writes_every_kth_step_and_its_first_and_last(tmp_path):
    """Was every step (an event each, ~40 µs: a quarter of a small model's watched loop)."""
    history = ds.train("linear", _data(), epochs=5, batch_size=16, lr=0.01, progress=False, log_dir=tmp_path,
                       tensorboard_every=3)  # fmt: skip
    assert history.steps["step"] == list(range(1, 21))  # steps.csv: every step
    tags = _scalars(tmp_path)
    assert [step for step, _ in tags["step/loss"]] == [1, 3, 6, 9, 12, 15, 18, 20]
    loss = dict(zip(history.steps["step"], history.steps["loss"]))
    assert all(value == pytest.approx(loss[step], rel=1e-6) for step, value in tags["step/loss"])
    assert [step for step, _ in tags["epoch/loss"]] == [0, 1, 2, 3, 4]  # every epoch


def test_a_run_stopped_by_a_blow_up_writes_its_last_step(tmp_path):
    """train and watch record no step past a non-finite loss: their last step is the blow-up's."""
    X, y = _data()
    history = ds.train("linear", (X, 1e3 * y), optimizer="sgd", lr=100.0, epochs=10, batch_size=8, progress=False,
                       instruments=False, log_dir=tmp_path, tensorboard_every=5)  # fmt: skip
    assert "the loss became inf at step 8" in history.stopped_because
    tags = _scalars(tmp_path)
    assert [step for step, _ in tags["step/loss"]] == [1, 5, 7]
    assert tags["step/loss"][-1][1] == pytest.approx(history.steps["loss"][-1], rel=1e-6)  # 6.4e34: the rise shows


def _watched(folder, every, updates, logged, epoch_every=None):
    """A watched loop of ``updates`` SGD steps on a linear model that logs ``logged(step, loss)``
    (nothing where that is ``None``) and ends an epoch every ``epoch_every`` steps; its monitor."""
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    X, y = _data()
    with ds.watch(model, optimizer, instruments=False, print_findings=False, log_dir=folder,
                  tensorboard_every=every) as monitor:  # fmt: skip
        for step in range(1, updates + 1):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(X).squeeze(1), y)
            loss.backward()
            optimizer.step()
            if logged(step, loss) is not None:
                monitor.log(logged(step, loss))
            if epoch_every and step % epoch_every == 0:
                monitor.epoch_end()
    return monitor


def test_a_watched_loop_writes_every_kth_step_and_its_last_before_a_blow_up(tmp_path):
    with pytest.warns(RuntimeWarning, match="the loss became nan at step 17"):
        monitor = _watched(tmp_path, 5, 23, lambda step, loss: float("nan") if step == 17 else loss, epoch_every=8)
    assert monitor.history.steps["step"] == list(range(1, 17))  # steps.csv: every step
    tags = _scalars(tmp_path)
    assert [step for step, _ in tags["step/loss"]] == [1, 5, 10, 15, 16]  # was 1 to 16
    assert [step for step, _ in tags["epoch/loss"]] == [0, 1]


def test_a_loop_that_logs_some_steps_gets_every_kth_row(tmp_path):
    """k counts rows: by step numbers, a loop logging every 2nd step got every 2nd row at k=4."""
    monitor = _watched(tmp_path, 4, 40, lambda step, loss: loss if step % 2 == 0 else None)
    assert monitor.history.steps["step"] == list(range(2, 41, 2))
    assert [step for step, _ in _scalars(tmp_path)["step/loss"]] == [2, 8, 16, 24, 32, 40]  # not 2, 4, 8, 12, ...


@pytest.mark.parametrize("bad", [0, -2, 2.5, True, "often", None])
def test_a_bad_tensorboard_every_is_named_up_front(bad):
    message = r"tensorboard_every must be 'auto' or an integer >= 1 \(TensorBoard gets every N-th step's scalars"
    with pytest.raises(InvalidArgument, match=message + r".*got " + repr(bad).replace(".", r"\.")):
        ds.train("linear", _data(), epochs=1, progress=False, tensorboard_every=bad)  # no log_dir: refused all the same
    model = torch.nn.Linear(3, 1)
    with pytest.raises(InvalidArgument, match=message):
        ds.watch(model, torch.optim.SGD(model.parameters(), lr=0.1), tensorboard_every=bad)


class _History:
    def __init__(self, steps, seconds):
        self.steps, self.epochs = {"step": list(range(1, steps + 1))}, {"seconds": [seconds]}


@pytest.mark.parametrize(
    ("step_seconds", "k"), [(0.1e-3, 50), (0.25e-3, 20), (1e-3, 5), (2.5e-3, 2), (5e-3, 1), (0.2, 1)]
)
def test_auto_writes_every_step_of_a_long_one_and_thins_short_ones(step_seconds, k):
    """Under "auto", the events take at most 1% of the loop at 50 µs each, k on 1, 2, 5, 10...; at
    the run's start (a resumed run's rows), the loop's time is its epochs' seconds."""
    assert TensorBoardSteps("auto").spacing(_History(100, 100 * step_seconds)) == k
    assert TensorBoardSteps(7).spacing(_History(100, 100 * step_seconds)) == 7
    assert TensorBoardSteps(np.int64(7)).spacing(_History(100, 100 * step_seconds)) == 7  # a NumPy integer too


def test_auto_keeps_its_k_near_a_boundary_and_moves_on_a_change(monkeypatch):
    """k follows the loop's seconds per step since the last write; a step near two ks' boundary
    (0.25 ms wants 20.0) would flip between them write after write."""
    now = [0.0]
    monkeypatch.setattr(tensorboard_steps, "time", types.SimpleNamespace(perf_counter=lambda: now[0]))
    steps, chosen = TensorBoardSteps("auto"), []
    assert steps.spacing(_History(0, 0.0)) == 1  # the run's start, no step yet
    for count, seconds in enumerate((0.5e-3, 0.25e-3, 0.2e-3, 0.3e-3, 0.19e-3, 0.25e-3, 0.45e-3), start=1):
        now[0] += 100 * seconds  # 100 more steps, of these seconds each
        chosen.append(steps.spacing(_History(100 * count, 0.0)))
    assert chosen == [10, 20, 20, 20, 50, 50, 20]


def test_auto_writes_a_short_fast_runs_every_step_and_thins_after_1000(monkeypatch):
    """A 640-step run of 0.1 ms steps got 15 step events (k=50) where all 640 cost about 30 ms;
    under "auto" the first 1000 rows are all written, then every k-th (k for a 1% share)."""
    now = [0.0]
    monkeypatch.setattr(tensorboard_steps, "time", types.SimpleNamespace(perf_counter=lambda: now[0]))
    rows = [{"step": s, "loss": 0.5} for s in range(1, 1501)]
    steps, written = TensorBoardSteps("auto"), []
    steps.spacing(_History(0, 0.0))  # the run's start
    for start, end in ((0, 320), (320, 640), (640, 1500)):  # three writes
        now[0] += (end - start) * 0.1e-3
        k = steps.spacing(_History(end, 0.0))
        written += [r["step"] for r in steps.chosen(rows[start:end], start=start, every=k)]
    assert k == 50
    assert written[:640] == list(range(1, 641))  # the 640-step run's every step
    assert written == list(range(1, 1001)) + list(range(1050, 1501, 50))
    fixed = TensorBoardSteps(50)  # a number keeps its k from the first step
    assert [r["step"] for r in fixed.chosen(rows[:200], start=0, every=50)] == [1, 50, 100, 150, 200]
