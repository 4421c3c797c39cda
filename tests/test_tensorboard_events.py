"""The TensorBoard events of a run folder, as TensorBoard's own reader sees them."""

import pytest
import torch

import descend as ds

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


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
    return dict(batch_size=16, lr=0.01, log_dir=folder, checkpoint_dir=folder / "checkpoints", progress=False)


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
