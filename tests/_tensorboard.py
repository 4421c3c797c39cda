"""A run folder's TensorBoard events as tests read them: TensorBoard's own reader."""

from __future__ import annotations

import pytest


def scalar_steps(folder, tag: str = "step/loss") -> list[int]:
    """The steps of ``tag``'s events in ``folder``'s ``tensorboard/`` (the test is skipped
    without the tensorboard package)."""
    events = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    accumulator = events.EventAccumulator(str(folder / "tensorboard"))
    accumulator.Reload()
    return [event.step for event in accumulator.Scalars(tag)]
