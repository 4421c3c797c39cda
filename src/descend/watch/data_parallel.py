"""The gradient noise scale of a watched data-parallel loop, for free: each worker's squared
gradient norm before DDP's all-reduce and the averaged gradient's after it, taken by
:class:`descend.training.gradient_squares.GradientSquares` as a DDP communication hook (the
same hook ``descend.train(strategy="ddp")`` uses), summed over the workers once an epoch and
recorded per update in ``History.steps`` (``grad_sq_local``, ``grad_sq_global``,
``batch_local``, ``batch_global``), from which
:func:`descend.instruments.noise_scale_from_steps` reads B_simple (McCandlish et al. 2018,
Appendix A). Each update's examples are counted as the loop feeds them to the DDP model (the
batch size of each forward pass with gradients since the last update), so that an update of
fewer examples (an epoch's last batch) is read as one; ``batch_size`` stands in for an update
whose forward passes showed no batch size."""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.distributed as dist

from .._wrappers import data_parallel
from ..instruments.noise_scale import noise_scale_from_steps
from ..training.gradient_squares import COLUMNS, GradientSquares, pad_columns

__all__ = ["WorkerNorms", "worker_norms", "fill_noise_scale"]


def worker_norms(model: torch.nn.Module, batch_size: int | None) -> tuple[WorkerNorms | None, str | None]:
    """``(WorkerNorms, None)`` for a ``DistributedDataParallel`` model (compiled or not) over two
    workers or more whose update size is known, else ``(None, why not)`` (``(None, None)``: one process).

    >>> worker_norms(torch.nn.Linear(2, 1), batch_size=32)
    (None, None)
    """
    ddp = data_parallel(model)  # torch.compile(DistributedDataParallel(net))'s too
    if ddp is None:
        return None, None
    world = dist.get_world_size() if dist.is_initialized() else 1
    if world < 2:
        return None, None
    if batch_size is None:
        return None, "no noise scale from the workers: give batch_size (the examples of an update, over all workers)"
    squares = GradientSquares(world)
    try:
        ddp.register_comm_hook(squares, GradientSquares.hook)
    except RuntimeError as err:  # the loop registered its own hook: DDP takes one
        return None, f"no noise scale from the workers: DDP refused a second communication hook ({err})"
    norms = WorkerNorms(squares, world, batch_size)
    ddp.register_forward_pre_hook(norms.count_examples, with_kwargs=True)
    return norms, None


class WorkerNorms:
    """The norms of each update until they are summed over the workers (:meth:`settle`, a
    collective that every worker calls at the same point: an epoch's end, the end).

    Each update's examples on this worker are those its forward passes with gradients took
    since the last update (:meth:`count_examples`); where they showed none, ``batch_size``, the
    examples of an update over all ``world`` workers, split evenly.
    """

    def __init__(self, squares: GradientSquares, world: int, batch_size: int) -> None:
        self.squares, self.world, self.batch_size = squares, world, batch_size
        self.updates = 0  # counted here, not by the record: every worker counts every update
        self.steps: list[int] = []
        self.seen = 0  # examples of this worker's forward passes since the last update
        self.stepping = False  # within optimizer.step(): a closure's passes re-read the update's examples
        self.examples: list[float] = []  # per pending update: this worker's examples

    def count_examples(self, module: torch.nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """A forward pre-hook on the DDP model: count the batch (the first dimension of its first
        tensor input) of a training pass with gradients (a loop's evaluation, under
        ``torch.no_grad()`` or ``model.eval()``, is no update's) outside ``optimizer.step()``
        (where a closure, as LBFGS's, evaluates again).

        >>> norms = WorkerNorms(GradientSquares(world=2), world=2, batch_size=32)
        >>> norms.count_examples(torch.nn.Linear(3, 1), (torch.zeros(4, 3),), {}); norms.seen
        4
        """
        if self.stepping or not module.training or not torch.is_grad_enabled():
            return
        batch = next((t for t in (*args, *kwargs.values()) if isinstance(t, torch.Tensor) and t.dim() > 0), None)
        if batch is not None:
            self.seen += len(batch)

    def step_begins(self) -> None:
        """``optimizer.step()`` begins: the update's examples are those counted so far."""
        self.stepping = True

    def add_update(self) -> None:
        """Keep the norms of the update just made (its share of examples even: nothing to undo)."""
        self.squares.add_update(0, None)
        self.updates += 1
        self.steps.append(self.updates)
        self.examples.append(float(self.seen) if self.seen else self.batch_size / self.world)
        self.seen, self.stepping = 0, False

    def settle(self, steps: dict[str, list[Any]]) -> None:
        """Sum the pending updates' norms over the workers (one all-reduce) and write them into
        the rows of ``steps`` of the same step number (NaN where an update has no row)."""
        pad_columns(steps, create=True)
        if not self.steps:
            return
        k = len(self.steps)
        local = torch.tensor(self.examples, dtype=torch.float64)
        # The norms' columns and the update's examples over all workers, in one collective.
        rows = torch.cat([self.squares.to_reduce(local), local[:, None]], 1)
        dist.all_reduce(rows)
        settled: dict[str, list[Any]] = {"step": [0] * k}
        self.squares.record(settled, rows[:, -1], rows[:, :-1])
        self.examples.clear()
        where = {s: i for i, s in enumerate(steps["step"])}
        for j, step in enumerate(self.steps):
            i = where.get(step)
            if i is not None:
                for name in COLUMNS:
                    steps[name][i] = settled[name][j]
        self.steps.clear()


def fill_noise_scale(steps: dict[str, list[Any]], rows: list[dict[str, Any]]) -> None:
    """The instruments' rows still without a noise scale get the one the workers' norms give
    at their step (as ``descend.train``'s recording under DDP).

    >>> steps = {"step": [1, 2], "grad_sq_local": [3.0, 3.0], "batch_local": [1, 1],
    ...          "grad_sq_global": [1.5, 1.5], "batch_global": [4, 4]}
    >>> rows = [{"step": 2, "noise_scale": float("nan")}]
    >>> fill_noise_scale(steps, rows); rows[0]["noise_scale"]
    2.0
    """
    pending = [row for row in rows if isinstance(row.get("noise_scale"), float) and math.isnan(row["noise_scale"])]
    if not pending or "grad_sq_local" not in steps:
        return
    scales = noise_scale_from_steps({name: steps[name] for name in COLUMNS})
    where = {s: i for i, s in enumerate(steps["step"])}
    for row in pending:
        i = where.get(row["step"])
        if i is not None:
            row["noise_scale"] = scales[i].b_simple
