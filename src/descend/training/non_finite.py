"""A run stopped at a non-finite loss (or, with workers, a non-finite averaged gradient): what
its record keeps and the reason it gives."""

from __future__ import annotations

import math
from pathlib import Path

from . import run_folder
from .run import Run

__all__ = ["stop_non_finite"]


def stop_non_finite(run: Run, value: float, checkpoint_dir: Path | None, on_a_worker: bool = False) -> None:
    """Stop ``run`` before it applies the update whose loss is ``value``: the step and loss go into
    its history (``non_finite_step``, ``non_finite_loss``), and the reason names them, the
    rates, the last good checkpoint in ``checkpoint_dir`` if any, and what to try (the data,
    where no update had been made yet; else a smaller rate).

    >>> import torch
    >>> from descend.training.history import History
    >>> model = torch.nn.Linear(2, 1)
    >>> run = Run(model, torch.optim.SGD(model.parameters(), lr=0.5), History(), None)
    >>> run.step = 3
    >>> stop_non_finite(run, float("inf"), None)
    >>> run.should_stop, run.history.non_finite_step, run.history.stopped_because
    (True, 4, 'the loss became inf at step 4 (epoch 0, batch 0) with lr=0.5; training stopped before applying that step. Try a smaller learning rate.')
    """
    if on_a_worker:  # this worker's loss may be finite; the averaged gradient is not
        value = math.nan if math.isfinite(value) else value
    run.history.non_finite_step, run.history.non_finite_loss = run.step + 1, value
    lrs = ", ".join(f"{g['lr']:g}" for g in run.optimizer.param_groups)
    kept = ""
    if checkpoint_dir is not None and (checkpoint_dir / run_folder.LAST).is_file():
        kept = f" The last good checkpoint is kept in {checkpoint_dir / run_folder.LAST}."
    what = "the gradient averaged over the workers became non-finite" if on_a_worker else f"the loss became {value}"
    remedy = (
        "Check the data for NaN, inf or huge values: no update had been made yet"
        if run.step == 0
        else "Try a smaller learning rate"
    )
    run.stop(
        f"{what} at step {run.step + 1} (epoch {run.epoch}, batch "
        f"{run.batch}) with lr={lrs}; training stopped before applying that step.{kept} "
        f"{remedy}."
    )
