"""The TensorBoard events of a run folder, as TensorBoard's own reader sees them."""

import pytest
import torch

import descend as ds

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def _steps_by_tag(folder):
    events = event_accumulator.EventAccumulator(str(folder / "tensorboard"))
    events.Reload()
    return {tag: [e.step for e in events.Scalars(tag)] for tag in events.Tags()["scalars"]}


def test_a_resumed_run_logs_every_step_and_epoch_once(tmp_path):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(64, 3, generator=g)
    data = (X, X @ torch.tensor([1.5, -2.0, 0.5]))
    common = dict(batch_size=16, lr=0.01, log_dir=tmp_path, checkpoint_dir=tmp_path / "checkpoints", progress=False)
    ds.train("linear", data, epochs=2, **common)
    history = ds.train("linear", data, epochs=4, resume=True, **common)
    tags = _steps_by_tag(tmp_path)
    # Step 8, the first run's last, was purged when the resumed run (first step 9) opened its writer.
    assert tags["step/loss"] == history.steps["step"] == list(range(1, 17))
    assert tags["epoch/loss"] == history.epochs["epoch"] == [0, 1, 2, 3]
