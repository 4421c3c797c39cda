"""The record of a ``train`` run: its :class:`History` set up before the first step (the task,
the model, the range test's result, the data's scaling, a schedule object, how the batch was
chosen), the tracker of its per-example record, and the doctor's findings written into it at the
end."""

from __future__ import annotations

import sys
from typing import Any

import torch

from . import schedules
from .doctor import diagnose
from .instruments.batch_size import rule_record
from .optim import takes_plain_steps
from .training.data import Prepared
from .training.examples_tracking import ExampleTracker, tracker_for
from .training.history import History
from .training.range_test import LRFinderResult
from .training.run import Run

__all__ = ["examine", "example_tracker", "run_record"]


def run_record(
    prepared: Prepared,
    module: torch.nn.Module,
    opt: torch.optim.Optimizer,
    found: LRFinderResult | None,
    schedule: Any,
    batch_size: int | None,
    accumulate: int,
    chosen: dict[str, Any],
) -> History:
    """The :class:`History` of a run of ``module`` with ``opt`` on ``prepared`` before its first
    step: ``found`` the range test's result (``lr="auto"``), ``chosen`` the record of
    ``batch_size="auto"``'s choice."""
    history = History(task=prepared.task, model=module, lr_finder=found, plain_steps=takes_plain_steps(opt))
    history.scaling = prepared.scaling()
    # the doctor advises such a run its schedule scaled: its lr sets no rate
    history.schedule = schedule if isinstance(schedule, schedules.Schedule) else None
    history.batch_choice = {
        "batch_size": batch_size,
        **rule_record(opt),  # how its rate scales; whether it is a rule of full-batch gradients
        "accumulate": accumulate,  # the doctor's batch change is a micro-batch
        **chosen,
    }
    return history


def example_tracker(track_examples: bool | str, prepared: Prepared, loss_name: Any) -> ExampleTracker | None:
    """The tracker of the per-example record ``track_examples`` asks for on ``prepared``'s
    training set (:func:`~descend.training.examples_tracking.tracker_for`), or ``None``."""
    classes = prepared.n_outputs if prepared.task == "classification" else None
    return tracker_for(
        track_examples, prepared.task, prepared.train, loss_name, classes, prepared.classes, **prepared.example_rows()
    )


def examine(run: Run, *, show: bool) -> None:
    """The doctor on the finished run: its findings into the history (the logs), and on a terminal
    to the screen under the line that says why the run stopped."""
    history = run.history
    history.diagnoses = diagnose(history)
    if show and sys.stderr.isatty():  # the same rule as the progress bar's
        print(
            f"stopped: {history.stopped_because}", *(d.bulleted() for d in history.diagnoses), sep="\n", file=sys.stderr
        )
