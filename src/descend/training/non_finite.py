"""A run stopped at a non-finite loss (or, with workers, a non-finite averaged gradient): what
its record keeps and the reason it gives."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from . import run_folder
from .run import Run

__all__ = ["stop_non_finite", "not_grown_words", "BLOWN_UP"]

# A loss that rose to this many times its first value blew up: the doctor's threshold (fitted and
# explained in descend/doctor/_thresholds.py, which takes it from here), read here too for the words
# on a loss that became non-finite without blowing up first.
BLOWN_UP = 3.0


def stop_non_finite(
    run: Run, value: float, checkpoint_dir: Path | None, on_a_worker: bool = False, mini_batch: bool = False
) -> None:
    """Stop ``run`` before it applies the update whose loss is ``value``: the step and loss go into
    its history (``non_finite_step``, ``non_finite_loss``), and the reason names them, the
    rates, the last good checkpoint in ``checkpoint_dir`` if any, and what to try (the data,
    where no update had been made yet; else a smaller rate, and first that step's batch where
    ``mini_batch`` and the loss had not blown up before it: :func:`not_grown_words`).

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
    calm = not_grown_words(run.history.steps["loss"]) if mini_batch and run.step > 0 else None
    if run.step == 0:
        remedy = "Check the data for NaN, inf or huge values: no update had been made yet"
    elif calm is not None:  # a NaN or inf in this batch is as likely as a rate too large
        remedy = f"Check that step's batch and the loss for NaN or inf: {calm}; else try a smaller learning rate"
    else:
        remedy = "Try a smaller learning rate"
    run.stop(
        f"{what} at step {run.step + 1} (epoch {run.epoch}, batch "
        f"{run.batch}) with lr={lrs}; training stopped before applying that step.{kept} "
        f"{remedy}."
    )


def not_grown_words(losses: Sequence[float]) -> str | None:
    """Where a mini-batch run's loss became non-finite after ``losses`` (its finite losses before
    that step, the first at the initial weights): if at least two, none after the first
    ``BLOWN_UP`` times its size or more (the doctor's blow-up), how the loss had not grown, in
    words; else ``None``. A rate too large makes the loss grow on its way to inf: where it had not,
    a NaN or inf in that step's batch (or in the loss's computation) is as likely.

    >>> not_grown_words([0.88, 0.91, 0.84])
    'the loss had not blown up before it (at most 0.91 after 0.88 at the start)'
    >>> not_grown_words([0.88, 2.0, 40.0]) is None, not_grown_words([0.88]) is None  # a blow-up; no trend to read
    (True, True)
    """
    if len(losses) < 2:
        return None
    first, highest = losses[0], max(abs(v) for v in losses[1:])
    if not highest < BLOWN_UP * max(abs(first), 1e-12):
        return None
    return f"the loss had not blown up before it (at most {highest:.3g} after {first:.3g} at the start)"
