"""The TensorBoard events of a run folder, as TensorBoard's own reader sees them."""

import math

import pytest
import torch

import descend as ds

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
event_file_loader = pytest.importorskip("tensorboard.backend.event_processing.event_file_loader")


def _scalars(folder):
    """Each tag's events, as (step, value) pairs, as TensorBoard reads the run folder's."""
    events = event_accumulator.EventAccumulator(str(folder / "tensorboard"))
    events.Reload()
    return {tag: [(e.step, e.value) for e in events.Scalars(tag)] for tag in events.Tags()["scalars"]}


def _steps(events):
    return [step for step, _ in events]


def _data():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(64, 3, generator=g)
    return X, X @ torch.tensor([1.5, -2.0, 0.5])


def _common(folder):
    # Every step's events (a tiny model's steps are short: "auto" would keep every k-th), as these tests read them.
    return dict(batch_size=16, lr=0.01, log_dir=folder, checkpoint_dir=folder / "checkpoints", progress=False,
                tensorboard_every=1)  # fmt: skip


def test_a_resumed_run_logs_every_step_and_epoch_once(tmp_path):
    ds.train("linear", _data(), epochs=2, **_common(tmp_path))
    history = ds.train("linear", _data(), epochs=4, resume=True, **_common(tmp_path))
    tags = _scalars(tmp_path)
    # Step 8, the first run's last, was missing: purged by the resumed run's writer (purge_step=8).
    assert _steps(tags["step/loss"]) == history.steps["step"] == list(range(1, 17))
    assert _steps(tags["epoch/loss"]) == history.epochs["epoch"] == [0, 1, 2, 3]


def test_a_run_resumed_after_an_interrupt_logs_the_epochs_past_its_checkpoint_once(tmp_path):
    class Interrupt(ds.training.Callback):
        def on_epoch_end(self, run):
            if run.epoch == 1:  # epoch 1 logged, not checkpointed
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ds.train("linear", _data(), epochs=4, callbacks=[Interrupt()], **_common(tmp_path))
    history = ds.train("linear", _data(), epochs=4, resume=True, **_common(tmp_path))
    tags = _scalars(tmp_path)
    # Was [0, 1, 1, 2, 3]: the interrupted run's epoch 1 and the resumed run's.
    assert _steps(tags["epoch/loss"]) == history.epochs["epoch"] == [0, 1, 2, 3]
    assert [value for _, value in tags["epoch/loss"]] == pytest.approx(history.loss)
    assert _steps(tags["step/loss"]) == history.steps["step"] == list(range(1, 17))


def test_an_epoch_the_loop_did_not_validate_gets_no_validation_scalar(tmp_path):
    """Was: a NaN point for each epoch a watched loop did not validate (epoch/val_loss at 2: nan)."""
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, optimizer, instruments=False, print_findings=False, log_dir=tmp_path)
    X = torch.randn(8, 3, generator=torch.Generator().manual_seed(0))
    for epoch in range(4):
        for _ in range(2):
            optimizer.zero_grad()
            loss = model(X).pow(2).mean()
            loss.backward()
            optimizer.step()
            monitor.log(loss)
        monitor.epoch_end(**({"val_loss": 0.5 + epoch} if epoch % 2 else {}))
    monitor.close()
    tags = _scalars(tmp_path)
    assert tags["epoch/val_loss"] == [(1, 1.5), (3, 3.5)]  # was [(1, 1.5), (2, nan), (3, 3.5)]
    assert [step for step, _ in tags["epoch/loss"]] == [0, 1, 2, 3]
    assert all(math.isfinite(value) for events in tags.values() for _, value in events)


def test_each_step_is_one_event_holding_its_scalars(tmp_path):
    """Was one event per scalar, three per step (step/loss, step/lr, step/grad_norm), each
    25-40 µs of tensorboard's writer: most of what a run folder added to a small model's epoch.
    TensorBoard reads the same points either way (the tests above)."""
    history = ds.train("linear", _data(), epochs=2, **_common(tmp_path))
    events = [
        event
        for path in sorted((tmp_path / "tensorboard").glob("events.out.tfevents.*"))
        for event in event_file_loader.LegacyEventFileLoader(str(path)).Load()  # as written
        if event.HasField("summary")
    ]
    steps = [e for e in events if e.summary.value[0].tag.startswith("step/")]
    assert [e.step for e in steps] == history.steps["step"] == list(range(1, 9))  # was each step three times
    assert all([v.tag for v in e.summary.value] == ["step/loss", "step/lr", "step/grad_norm"] for e in steps)
    assert [e.summary.value[0].simple_value for e in steps] == pytest.approx(history.steps["loss"])
    epochs = [e for e in events if e.summary.value[0].tag.startswith("epoch/")]
    assert [e.step for e in epochs] == history.epochs["epoch"] == [0, 1]


def test_a_watched_loops_unread_gradients_get_no_grad_norm_scalar(tmp_path):
    """Was: a NaN step/grad_norm point at each update watch's sampling did not read (most of a
    long loop's). The gradient that went NaN at step 10, read, keeps its point: the run's own."""
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    X, y = _data()
    with pytest.warns(RuntimeWarning, match="the gradient became non-finite at step 10"):
        with ds.watch(model, optimizer, instruments=False, print_findings=False, log_dir=tmp_path,
                      tensorboard_every=1) as monitor:  # fmt: skip
            for step in range(1, 81):
                optimizer.zero_grad()
                loss = torch.nn.functional.mse_loss(model(X).squeeze(1), y)
                loss.backward()
                weights = [p.detach().clone() for p in model.parameters()]
                if step == 10:
                    model.weight.grad.fill_(math.nan)
                optimizer.step()
                if step == 10:  # the NaN update undone: the loop goes on
                    with torch.no_grad():
                        for p, w in zip(model.parameters(), weights):
                            p.copy_(w)
                monitor.log(loss)
    norms = dict(zip(monitor.history.steps["step"], monitor.history.steps["grad_norm"]))
    read = [step for step, norm in norms.items() if not math.isnan(norm)]
    assert len(read) < 60 and math.isnan(norms[10])  # sampled: most of the last 60 updates unread
    events = _scalars(tmp_path)["step/grad_norm"]
    assert _steps(events) == sorted([*read, 10])  # was every step, 1 to 80
    assert [value for step, value in events if step != 10] == pytest.approx([norms[s] for s in read])
    assert math.isnan(dict(events)[10])
    assert _steps(_scalars(tmp_path)["step/loss"]) == list(range(1, 81))
