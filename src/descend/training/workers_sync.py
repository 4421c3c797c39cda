"""What the training loop settles with the other data-parallel workers: the updates' losses
over all of them (with the noise scale's gradient norms), and whether to stop."""

from __future__ import annotations

from typing import Any

import torch

from .distributed import Workers
from .gradient_squares import GradientSquares
from .metrics import EpochTotals
from .run import Run

__all__: list[str] = []  # the engine's own part (see engine.py)


def settle_worker_losses(
    pending: list[list[float]], workers: Workers, squares: GradientSquares, totals: EpochTotals, steps: dict[str, Any]
) -> None:
    """Replace the last ``len(pending)`` losses of ``steps`` (this worker's ``[loss sum,
    examples]`` per update, emptied here) by the updates' mean losses over all workers, in one
    collective that also carries the noise scale's norms (recorded into ``steps``), and count
    the other workers' losses and examples into the epoch's ``totals``."""
    local = torch.tensor(pending, dtype=torch.float64)
    summed = squares.to_reduce(local[:, 1])  # the noise scale's norms ride along
    total = workers.sum_(torch.cat([local, summed], 1))
    mean_all = (total[:, 0] / total[:, 1]).tolist()
    steps["loss"][-len(mean_all) :] = mean_all
    # The updates' losses and examples over all workers, in place of this worker's own.
    totals.loss_sum += float(total[:, 0].sum() - local[:, 0].sum())
    totals.examples += int(total[:, 1].sum() - local[:, 1].sum())
    squares.record(steps, total[:, 1], total[:, 2:])
    pending.clear()


def agree_to_stop(run: Run, workers: Workers) -> bool:
    """Whether to stop now: every worker stops if any wants to (a time budget, a callback). One
    collective; the loop asks every so many updates and at each epoch's end, not at every
    update."""
    if workers.sum([float(run.should_stop)])[0] and not run.should_stop:
        run.stop("another worker stopped the run")
    return run.should_stop
